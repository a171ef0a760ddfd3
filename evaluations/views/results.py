"""The admin's results pages: the ranking and the shortlist, a nomination's cards and their
reopening."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from selection.errors import SelectionError
from selection.models import Nomination
from selection.views.breadcrumbs import Crumb, campaign_trail, page_trail
from selection.views.common import managed_campaign, refuse

from .. import queries, rules, services
from ..choices import FLAG_LABELS, CardState
from ..forms import ReopenForm, ShortlistForm
from ..models import Scorecard
from .choice import (
    asked_choice,
    choice_key,
    chosen_ids,
    posted_page,
    refused_choice,
    shown_refusal,
    turn_page,
)
from .manage import campaign_card


@login_required
@require_http_methods(["GET", "POST"])
def results(request, pk: int):
    """A page of the results; the shortlist's choice made so far is carried in the address
    (``.choice``). Without one the confirmed shortlist is ticked, or before it the ranks within
    the campaign's number of places."""
    campaign = managed_campaign(request, pk)
    if request.method == "POST":
        url = reverse("evaluations:results", args=[campaign.pk])
        if "revise" in request.POST:  # 修改名单, under a confirmed shortlist
            found = queries.results(
                campaign, request.GET.get("page"), chosen_ids(request.POST.getlist("chosen"))
            )
            if found.shows_confirmed:
                # Nothing to confirm: the page says so, rather than showing itself again.
                messages.info(request, _("勾选未改变，名单仍为已确定的名单。"))
                return redirect(f"{url}?{urlencode({'page': found.page.number})}")
        return turn_page(request, url)
    return _render_results(
        request, campaign, number=request.GET.get("page"), chosen=asked_choice(request)
    )


def _render_results(request, campaign, *, number, chosen, refusal="", reason="", status=200):
    """The results page; a refused confirmation shows it again with its choice, its reason
    typed and why it was refused (``choice.refused_choice``)."""
    found = queries.results(campaign, number, chosen)
    # 逐级推荐: until every node below has decided, the final stage's pool is not complete: the
    # page says who is still deciding (``lower_stages_waiting``'s rule and words, each node
    # linked to its pool for whoever may open it), with nothing to confirm and nobody yet left
    # unranked.
    waiting = (
        queries.waiting_below(campaign, None, None, request.user)
        if campaign.phase == "reviewing" and found.staged
        else None
    )
    can_confirm = campaign.phase == "reviewing" and not waiting
    # Nobody left to choose (every candidate dropped out on the way): the final list is
    # confirmed empty, with a reason, and the campaign ends without a 公示; or, while something
    # holds that end, why not yet. Only asked when nobody may be ticked (the kept ranking says
    # so without a query).
    empty_held = (
        services.empty_list_blockers(campaign) if can_confirm and not found.choice.picks else None
    )
    confirm_empty = empty_held == []
    # Before the list is confirmed, the cards still open that confirming it closes, and who
    # holds them (so the admin can chase them on the committee page, if theirs to open).
    still_open = queries.open_cards(campaign) if can_confirm and not found.shortlisted else []
    open_total = sum(row.count for row in still_open)
    return render(
        request,
        "evaluations/results.html",
        {
            "campaign": campaign,
            **page_trail(campaign, _("评审结果")),
            "results": found,
            "flag_labels": FLAG_LABELS,  # the flags' words (_flag.html and the notice)
            "page": found.page,
            "choice_key": choice_key(chosen),
            "shortlist_form": ShortlistForm(ids=[]),  # its label; the choices matter on POST
            "can_confirm": can_confirm,
            "confirm_empty": confirm_empty,
            "empty_held": empty_held,
            # The confirm form says why a confirmation was refused (shown once, there).
            "stages_waiting": waiting,
            # (a refusal for the stages still deciding is the notice above, not said twice)
            "refusal": shown_refusal(
                request,
                "" if waiting else refusal,
                confirm_empty or (can_confirm and found.page.paginator.count > 0),
            ),
            "reason": reason,
            # Who the 公示 will record 未入选 whatever is chosen (no rank), and, before the
            # list is confirmed, the cards still open that confirming it closes.
            "unranked_warning": queries.warning(found.unranked, open_total) if can_confirm else "",
            "open_cards": still_open,
            # the confirm question says what confirming does to them
            "open_total": open_total,
            "may_open_committee": bool(still_open)
            and rules.can_manage_committee(request.user, campaign),
        },
        status=status,
    )


@login_required
@require_POST
def confirm_shortlist(request, pk: int):
    campaign = managed_campaign(request, pk)
    rows = queries.ranking(campaign)
    # An empty choice is the service's to refuse or take (``require_nothing_left``).
    form = ShortlistForm(
        request.POST, ids=[r.nomination_id for r in rows if r.rank is not None], allow_empty=True
    )
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
    if stored:
        messages.success(
            request,
            ngettext(
                "拟推荐名单已确定：%(count)d 名。", "拟推荐名单已确定：%(count)d 名。", len(stored)
            )
            % {"count": len(stored)},
        )
    else:
        messages.success(request, _("拟推荐名单确定为空，评选活动已结束（未经公示）。"))
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
    campaign = managed_campaign(request, pk)
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
    # Read once: every card of the nomination shares it (no query per card).
    standing = rules.reopen_standing(nomination)
    for card in scorecards:
        card.nomination = nomination
        card.reopen_refused = rules.reopen_refused(card, standing)
        for score in card.scores.all():
            score.changes = queries.score_changes(score)
    submitted = [card for card in scorecards if card.state == CardState.SUBMITTED]
    return render(
        request,
        "evaluations/cards.html",
        {
            "campaign": campaign,
            "breadcrumb": campaign_trail(
                campaign,
                Crumb(_("评审结果"), reverse("evaluations:results", args=[campaign.pk])),
                Crumb(nomination.member.name),
            ),
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
    campaign = managed_campaign(request, pk)
    card = campaign_card(campaign, card_pk)
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
