"""The admin's review pages: committee and assignment, results and the shortlist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from members.queries import clean_search
from selection import queries as selection_queries
from selection.errors import SelectionError
from selection.models import Campaign, Nomination
from selection.views.common import form_errors, refuse

from .. import committees, queries, rules, services
from ..choices import REVIEWABLE, CardState
from ..forms import AssignForm, CriterionForm, ReopenForm, ReviewerForm, ShortlistForm
from ..models import Reviewer, Scorecard
from .choice import (
    asked_choice,
    choice_key,
    posted_page,
    refused_choice,
    shown_refusal,
    turn_page,
)


def _managed(request, pk: int) -> Campaign:
    """The campaign, for a user who manages its review; else 404 when they may not even see
    it, 403 when they may. Whoever manages a campaign may see it, so the campaign is read by
    its id, and the query of the campaigns a user sees (an OR over their organisations, the
    dearer of the two) runs only for a refusal."""
    campaign = selection_queries.campaign_by_id(pk)
    if not rules.can_manage_review(request.user, campaign):
        selection_queries.campaign_for(request.user, pk)  # 404 unless visible
        raise PermissionDenied
    return campaign


def _card(campaign: Campaign, card_pk: int) -> Scorecard:
    return get_object_or_404(
        Scorecard.objects.select_related(
            "nomination__campaign__owner", "nomination__branch", "reviewer"
        ),
        pk=card_pk,
        nomination__campaign=campaign,
    )


def _committee_url(campaign) -> str:
    return reverse("evaluations:committee", args=[campaign.pk])


@login_required
def committee(request, pk: int):
    """The campaign's committee and its assignments. In a campaign run level by level it is the
    final stage's committee: the nominations listed are those of the final stage's pool, with
    their cards of that stage; the pools below are their own committees' (the stage pages)."""
    campaign = _managed(request, pk)
    criteria = services.ensure_criteria(campaign)
    final = committees.campaign_stage(campaign)
    reviewers = with_remove_urls(
        committees.seats_with_counts(campaign, final=final),
        "evaluations:remove_reviewer",
        campaign.pk,
    )
    listed = Nomination.objects.filter(campaign=campaign, state__in=REVIEWABLE)
    cards = Scorecard.objects.select_related("reviewer")
    if final is not None:
        listed = listed.filter(stage_entries__stage=final)
        cards = cards.filter(stage=final)
    nominations = Paginator(
        listed.select_related("member", "branch")
        .prefetch_related(Prefetch("scorecards", queryset=cards))
        .order_by("branch__path", "member__name"),
        50,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluations/committee.html",
        {
            "campaign": campaign,
            "criteria_forms": [
                (
                    c,
                    CriterionForm(
                        prefix=f"c{c.pk}",
                        initial={"name": c.name, "max_points": c.max_points, "rubric": c.rubric},
                    ),
                )
                for c in criteria
            ],
            "reviewers": reviewers,
            "reviewer_form": reviewer_form(request, campaign),
            "assign_form": AssignForm(campaign=campaign),
            "page": nominations,
            "gaps": queries.coverage(campaign, final),
            "final_stage": final,
        },
    )


@login_required
@require_POST
def save_criteria(request, pk: int):
    campaign = _managed(request, pk)
    criteria = services.ensure_criteria(campaign)
    forms = {c.pk: CriterionForm(request.POST, prefix=f"c{c.pk}") for c in criteria}
    if not all(form.is_valid() for form in forms.values()):
        messages.error(request, " ".join(form_errors(f) for f in forms.values() if f.errors))
        return redirect(_committee_url(campaign))
    try:
        services.save_criteria(
            campaign,
            {pk: f.cleaned_data for pk, f in forms.items()},
            by=request.user,
            request=request,
        )
    except SelectionError as error:
        return refuse(request, error, _committee_url(campaign))
    messages.success(request, _("评分项已保存。"))
    return redirect(_committee_url(campaign))


def reviewer_form(request, campaign: Campaign, *, stage=None, node=None) -> ReviewerForm:
    """A committee page's form to add a reviewer, its choices narrowed by the page's ``q``."""
    search = clean_search(request.GET.get("q", ""))
    return ReviewerForm(campaign=campaign, stage=stage, node=node, search=search)


def with_remove_urls(reviewers: list[Reviewer], url_name: str, *args) -> list[Reviewer]:
    """Each seat's removal URL (``url_name`` with ``args`` and the seat's id), for the table."""
    for reviewer in reviewers:
        reviewer.remove_url = reverse(url_name, args=[*args, reviewer.pk])
    return reviewers


def add_seat(request, campaign: Campaign, back: str, *, stage=None, node=None):
    """Add the posted reviewer to the campaign's committee, or to a node's at a stage."""
    form = ReviewerForm(request.POST, campaign=campaign, stage=stage, node=node)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(back)
    try:
        services.add_reviewer(
            campaign,
            form.cleaned_data["user"],
            cap=form.cleaned_data["cap"],
            by=request.user,
            request=request,
            stage=stage,
            node=node,
        )
    except SelectionError as error:
        return refuse(request, error, back)
    messages.success(request, _("已加入评审委员会。"))
    return redirect(back)


def remove_seat(request, seats, reviewer_pk: int, back: str):
    """Remove one of ``seats`` (a committee's) by id; another committee's seat is not found."""
    reviewer = get_object_or_404(
        seats.select_related("campaign__owner", "user", "stage", "node"), pk=reviewer_pk
    )
    try:
        services.remove_reviewer(reviewer, by=request.user, request=request)
    except SelectionError as error:
        return refuse(request, error, back)
    messages.success(request, _("已移出评审委员会。"))
    return redirect(back)


@login_required
@require_POST
def add_reviewer(request, pk: int):
    campaign = _managed(request, pk)
    return add_seat(request, campaign, _committee_url(campaign))


@login_required
@require_POST
def remove_reviewer(request, pk: int, reviewer_pk: int):
    campaign = _managed(request, pk)
    return remove_seat(request, committees.seats(campaign), reviewer_pk, _committee_url(campaign))


@login_required
@require_POST
def auto_assign(request, pk: int):
    campaign = _managed(request, pk)
    try:
        created = services.auto_assign(campaign, by=request.user, request=request)
    except SelectionError as error:
        return refuse(request, error, _committee_url(campaign))
    messages.success(
        request,
        ngettext(
            "自动分配完成，新增 %(n)d 份评分表。", "自动分配完成，新增 %(n)d 份评分表。", created
        )
        % {"n": created},
    )
    return redirect(_committee_url(campaign))


@login_required
@require_POST
def assign(request, pk: int, nomination_pk: int):
    campaign = _managed(request, pk)
    nomination = get_object_or_404(
        Nomination.objects.select_related("campaign__owner", "branch", "member"),
        pk=nomination_pk,
        campaign=campaign,
    )
    form = AssignForm(request.POST, campaign=campaign)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(_committee_url(campaign))
    try:  # a nomination in a pool below the final stage is its node committee's to assign
        services.campaign_card_stage(nomination)
    except SelectionError as error:
        return refuse(request, error, _committee_url(campaign))
    user, reason = form.cleaned_data["user"], form.cleaned_data["override_reason"].strip()
    cap = services.over_cap(campaign, user)
    if cap is not None and not reason:
        # Past the reviewer's cap: say so, and go on only with a reason.
        return render(
            request,
            "evaluations/assign_over_cap.html",
            {"campaign": campaign, "nomination": nomination, "reviewer": user, "cap": cap},
        )
    try:
        services.assign(nomination, user, by=request.user, override_reason=reason, request=request)
    except SelectionError as error:
        return refuse(request, error, _committee_url(campaign))
    messages.success(request, _("已分配。"))
    return redirect(_committee_url(campaign))


@login_required
@require_POST
def unassign(request, pk: int, card_pk: int):
    campaign = _managed(request, pk)
    card = _card(campaign, card_pk)
    try:
        services.unassign(card, by=request.user, request=request)
    except SelectionError as error:
        return refuse(request, error, _committee_url(campaign))
    messages.success(request, _("已取消分配。"))
    return redirect(_committee_url(campaign))


# --- Results ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def results(request, pk: int):
    """A page of the results; the shortlist's choice made so far is carried in the address
    (``.choice``). Without one the confirmed shortlist is ticked, or before it the ranks within
    the campaign's number of places."""
    campaign = _managed(request, pk)
    if request.method == "POST":
        return turn_page(request, reverse("evaluations:results", args=[campaign.pk]))
    return _render_results(
        request, campaign, number=request.GET.get("page"), chosen=asked_choice(request)
    )


def _render_results(request, campaign, *, number, chosen, refusal="", reason="", status=200):
    """The results page; a refused confirmation shows it again with its choice, its reason
    typed and why it was refused (``choice.refused_choice``)."""
    found = queries.results(campaign, number, chosen)
    can_confirm = campaign.phase == "reviewing"
    return render(
        request,
        "evaluations/results.html",
        {
            "campaign": campaign,
            "results": found,
            "page": found.page,
            "choice_key": choice_key(chosen),
            "shortlist_form": ShortlistForm(ids=[]),  # its label; the choices matter on POST
            "can_confirm": can_confirm,
            # The confirm form says why a confirmation was refused (shown once, there).
            "refusal": shown_refusal(
                request, refusal, can_confirm and found.page.paginator.count > 0
            ),
            "reason": reason,
            # Who the 公示 will record 未入选 whatever is chosen (no rank).
            "unranked_warning": queries.warning(found.unranked) if can_confirm else "",
        },
        status=status,
    )


@login_required
@require_POST
def confirm_shortlist(request, pk: int):
    campaign = _managed(request, pk)
    rows = queries.ranking(campaign)
    form = ShortlistForm(request.POST, ids=[r.nomination_id for r in rows if r.rank is not None])
    if not form.is_valid():
        return _refused(request, campaign, _("请选择拟推荐人选。"))
    try:
        stored = services.confirm_shortlist(
            campaign,
            form.cleaned_data["chosen"],
            by=request.user,
            reason=form.cleaned_data["reason"],
            request=request,
        )
    except SelectionError as error:
        return _refused(request, campaign, error)
    messages.success(
        request,
        ngettext(
            "拟推荐名单已确定：%(count)d 名。", "拟推荐名单已确定：%(count)d 名。", len(stored)
        )
        % {"count": len(stored)},
    )
    return redirect(reverse("evaluations:results", args=[campaign.pk]))


def _refused(request, campaign, error):
    """A refused choice is shown again ticked, with the reason typed, so nothing chosen on any
    page nor written is lost."""
    again = refused_choice(request, error)
    return _render_results(request, campaign, number=posted_page(request), status=400, **again)


@login_required
def cards(request, pk: int, nomination_pk: int):
    """Drill-down: every card of one nomination, per reviewer. A submitted card offers
    重新打开 only where the service would reopen it (``rules.reopen_refused``); why the others
    cannot be is said once above them."""
    campaign = _managed(request, pk)
    nomination = get_object_or_404(
        Nomination.objects.select_related("member", "branch"), pk=nomination_pk, campaign=campaign
    )
    nomination.campaign = campaign
    scorecards = list(
        Scorecard.objects.filter(nomination=nomination)
        .select_related("reviewer")
        .prefetch_related("scores__criterion", "scores__revisions")
        .order_by("reviewer__username")
    )
    scoring_stage = rules.scoring_stage_id(nomination)
    for card in scorecards:
        card.nomination = nomination
        card.reopen_refused = rules.reopen_refused(card, scoring_stage)
    submitted = [card for card in scorecards if card.state == CardState.SUBMITTED]
    return render(
        request,
        "evaluations/cards.html",
        {
            "campaign": campaign,
            "nomination": nomination,
            "cards": scorecards,
            "criteria": queries.criteria_of(campaign),
            # Each reason once, however many cards it holds back.
            "reopen_refusals": list(
                dict.fromkeys(card.reopen_refused for card in submitted if card.reopen_refused)
            ),
        },
    )


@login_required
@require_POST
def reopen(request, pk: int, card_pk: int):
    campaign = _managed(request, pk)
    card = _card(campaign, card_pk)
    back = reverse("evaluations:cards", args=[campaign.pk, card.nomination_id])
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写重新打开的理由。"))
        return redirect(back)
    try:
        services.reopen_card(
            card, by=request.user, reason=form.cleaned_data["reason"], request=request
        )
    except SelectionError as error:
        return refuse(request, error, back)
    messages.success(request, _("评分表已重新打开，评委可修改后再次提交。"))
    return redirect(back)
