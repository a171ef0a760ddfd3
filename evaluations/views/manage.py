"""The admin's review pages: the committee, its criteria and the assignment of cards."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from config.wording import as_typed, form_errors
from members.queries import clean_search
from selection.errors import SelectionError
from selection.models import Campaign, Nomination
from selection.views.breadcrumbs import Crumb, campaign_trail, page_trail
from selection.views.common import managed_campaign, refuse, refuse_on_page

from .. import committees, conflicts, queries, services
from ..choices import REVIEWABLE
from ..errors import SavedScoresAtStake
from ..forms import AssignForm, CriterionForm, ReviewerForm
from ..models import Reviewer, Scorecard


def campaign_card(campaign: Campaign, card_pk: int) -> Scorecard:
    return get_object_or_404(
        Scorecard.objects.select_related(
            "nomination__campaign__owner", "nomination__branch", "reviewer"
        ),
        pk=card_pk,
        nomination__campaign=campaign,
    )


def _committee_url(campaign) -> str:
    return reverse("evaluations:committee", args=[campaign.pk])


def _ask_first(request, campaign, template: str, title: str, **context):
    """A step of the committee page that asks before it acts (past a reviewer's cap, a card
    holding saved scores): ``template`` under the committee page's breadcrumb."""
    trail = campaign_trail(
        campaign, Crumb(_("评审委员会与分配"), _committee_url(campaign)), Crumb(title)
    )
    context |= {"campaign": campaign, "breadcrumb": trail, "title": title}
    return render(request, template, context)


@login_required
def committee(request, pk: int):
    campaign = managed_campaign(request, pk)
    return _committee_page(request, campaign, services.ensure_criteria(campaign))


def _committee_page(request, campaign, criteria, criteria_forms=None, *, status=200):
    """The campaign's committee and its assignments. In a campaign run level by level it is the
    final stage's committee: the nominations listed are those of the final stage's pool, with
    their cards of that stage; the pools below are their own committees' (the stage pages).
    ``criteria_forms``, the criteria as typed, when a save was refused (shown with ``status``)."""
    final = committees.campaign_stage(campaign)
    declared = conflicts.declared_in(campaign)
    reviewers = with_remove_urls(
        committees.seats_with_counts(campaign, final=final, declared=declared),
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
    pairs = {(c.nomination_id, c.reviewer_id) for c in declared}
    for nomination in nominations:
        nomination.assign_choices = conflicts.assign_choices(nomination, reviewers, pairs)
    if criteria_forms is None:
        criteria_forms = {
            c.pk: CriterionForm(
                prefix=f"c{c.pk}",
                initial={
                    "name": c.name,
                    "max_points": as_typed(c.max_points),
                    "rubric": c.rubric,
                },
            )
            for c in criteria
        }
    return render(
        request,
        "evaluations/committee.html",
        {
            "campaign": campaign,
            **page_trail(campaign, _("评审委员会与分配")),
            "criteria_forms": [(c, criteria_forms[c.pk]) for c in criteria],
            "reviewers": reviewers,
            "reviewer_form": reviewer_form(request, campaign),
            "page": nominations,
            "gaps": queries.coverage(campaign, final),
            "final_stage": final,
        },
        status=status,
    )


@login_required
@require_POST
def save_criteria(request, pk: int):
    """Save the criteria; a refusal (a wrong box, points not adding up to 100) shows the page
    again with what was typed and why, nothing saved."""
    campaign = managed_campaign(request, pk)
    criteria = services.ensure_criteria(campaign)
    forms = {c.pk: CriterionForm(request.POST, prefix=f"c{c.pk}") for c in criteria}

    def page(status):
        return _committee_page(request, campaign, criteria, forms, status=status)

    if not all([form.is_valid() for form in forms.values()]):
        messages.error(request, " ".join(form_errors(f) for f in forms.values() if f.errors))
        return page(400)
    try:
        services.save_criteria(
            campaign,
            {pk: f.cleaned_data for pk, f in forms.items()},
            by=request.user,
            request=request,
        )
    except SelectionError as error:
        return refuse_on_page(request, error, page)
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


def remove_seat(request, seats, reviewer_pk: int, back: str, trail):
    """Remove one of ``seats`` (a committee's) by id; another committee's seat is not found.
    When its cards hold what the reviewer saved, ask first, on a page under ``trail(crumb)``."""
    reviewer = get_object_or_404(
        seats.select_related("campaign__owner", "user", "stage", "node"), pk=reviewer_pk
    )
    confirmed = bool(request.POST.get("confirmed"))
    try:
        services.remove_reviewer(reviewer, by=request.user, confirmed=confirmed, request=request)
    except SavedScoresAtStake as error:
        title = _("移出评审委员会")
        context = {"campaign": reviewer.campaign, "breadcrumb": trail(Crumb(title)), "title": title}
        return render(
            request,
            "evaluations/withdraw_confirm.html",
            context | _at_stake(error, request.path, back, _("仍然移出"), seat=reviewer),
        )
    except SelectionError as error:
        return refuse(request, error, back)
    messages.success(request, _("已移出评审委员会。"))
    return redirect(back)


def _at_stake(error, action: str, back: str, button: str, **what) -> dict:
    """What ``withdraw_confirm.html`` asks before cards holding saved content go: ``what`` is
    the ``card`` or the ``seat``; the form posts again to ``action`` with ``confirmed``."""
    asked = {"at": error.at_stake, "action": action, "back": back}
    return asked | {"button": button} | what


@login_required
@require_POST
def add_reviewer(request, pk: int):
    campaign = managed_campaign(request, pk)
    return add_seat(request, campaign, _committee_url(campaign))


@login_required
@require_POST
def remove_reviewer(request, pk: int, reviewer_pk: int):
    campaign = managed_campaign(request, pk)
    back = _committee_url(campaign)
    return remove_seat(
        request,
        committees.seats(campaign),
        reviewer_pk,
        back,
        lambda crumb: campaign_trail(campaign, Crumb(_("评审委员会与分配"), back), crumb),
    )


@login_required
@require_POST
def auto_assign(request, pk: int):
    campaign = managed_campaign(request, pk)
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
    campaign = managed_campaign(request, pk)
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
        return _ask_first(
            request,
            campaign,
            "evaluations/assign_over_cap.html",
            _("超出评审上限"),
            nomination=nomination,
            reviewer=user,
            cap=cap,
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
    campaign = managed_campaign(request, pk)
    card = campaign_card(campaign, card_pk)
    try:
        services.unassign(
            card, by=request.user, confirmed=bool(request.POST.get("confirmed")), request=request
        )
    except SavedScoresAtStake as error:  # the reviewer saved scores on it: ask first
        back = _committee_url(campaign)
        return _ask_first(
            request,
            campaign,
            "evaluations/withdraw_confirm.html",
            _("取消分配"),
            **_at_stake(error, request.path, back, _("仍然取消分配"), card=card),
        )
    except SelectionError as error:
        return refuse(request, error, _committee_url(campaign))
    messages.success(request, _("已取消分配。"))
    return redirect(_committee_url(campaign))
