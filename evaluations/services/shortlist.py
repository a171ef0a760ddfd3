"""The committee's shortlist: confirming the ranked choice, with departures explained; and, when
the 公示 opens, the end of the review of what it left undecided."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.services import record
from config.wording import listing
from selection import fixed_reasons, workflow
from selection import stages as selection_stages
from selection.choices import UNDER_REVIEW, Phase, State
from selection.models import Campaign, Nomination

from ..choices import CardState
from ..errors import EvaluationError
from ..models import Scorecard
from .choosing import departure, nothing_left, require_nothing_left, require_reason
from .committee import require_manager
from .stages import record_final_stage, require_screened, require_stage_opinions


@transaction.atomic
def confirm_shortlist(
    campaign: Campaign, chosen_ids: list[int], *, by, reason: str = "", request=None
) -> list[int]:
    """The committee confirms the shortlist: chosen ranked nominations become 拟推荐, the other
    ranked ones 未入选. Departing from rank order (choosing other than the top N shortlistable)
    needs a written reason — selection is not by votes alone (选树不是以票取人). A confirmed
    shortlist may be revised while the campaign is in review (before the notice), with a
    reason. Returns the ids stored as 拟推荐; the audit event records them. A nomination
    without a rank (no submitted card, or a reviewer's veto) is not decided here: it stays in
    review until the 公示 opens, which records it 未入选 (``end_unranked``)."""
    from ..queries import ranking

    require_manager(by, campaign)
    campaign = Campaign.objects.select_for_update().select_related("owner").get(pk=campaign.pk)
    if campaign.phase != Phase.REVIEWING:
        raise EvaluationError(_("只能在评审阶段确定拟推荐名单。"))
    waiting = selection_stages.lower_stages_waiting(campaign)
    if waiting:
        raise EvaluationError(waiting)
    stages = selection_stages.stages_of(campaign)
    if selection_stages.is_staged(stages):
        require_screened(stages[-1])
    rows = ranking(campaign)
    by_id = {row.nomination_id: row for row in rows}
    chosen = list(dict.fromkeys(chosen_ids))
    if not chosen:
        return _confirm_empty(campaign, rows, by=by, reason=reason, request=request)
    if len(chosen) > campaign.exemplar_count:
        raise EvaluationError(
            ngettext(
                "拟推荐人数不能超过 %(n)d 名。",
                "拟推荐人数不能超过 %(n)d 名。",
                campaign.exemplar_count,
            )
            % {"n": campaign.exemplar_count}
        )
    unknown = [pk for pk in chosen if pk not in by_id or by_id[pk].rank is None]
    if unknown:
        raise EvaluationError(_("所选人选中有未参与排名的推荐。"))
    blocked = [by_id[pk] for pk in chosen if not by_id[pk].shortlistable]
    if blocked:
        raise EvaluationError(
            _("以下人选存在不能拟推荐的提示，请先处理：%s。") % listing(row.name for row in blocked)
        )
    in_order = [row.nomination_id for row in rows if row.shortlistable][: len(chosen)]
    reason = (reason or "").strip()
    if selection_stages.is_staged(stages) and stages[-1].recheck_integrity:
        require_stage_opinions(stages[-1], chosen)
    departs = set(chosen) != set(in_order)
    require_reason(reason, departs=departure(departs))
    ranked = Nomination.objects.filter(pk__in=[r.nomination_id for r in rows if r.rank is not None])
    nominations = {n.pk: n for n in ranked}
    decided = {State.SHORTLISTED, State.NOT_SELECTED}
    previous = sorted(pk for pk, n in nominations.items() if n.state == State.SHORTLISTED)
    revising = any(n.state in decided for n in nominations.values())
    if revising and set(chosen) == set(previous):
        raise EvaluationError(_("名单没有变化。"))
    if revising and not reason:
        raise EvaluationError(_("修改已确定的拟推荐名单，请写明理由。"))
    # Each nomination moves without the reason: it is the whole choice's, kept in the audit row
    # below (and the final stage's entries), never in a nomination's history (``choosing``).
    for row in rows:
        nomination = nominations.get(row.nomination_id)
        if nomination is None:
            continue
        if nomination.state not in (*UNDER_REVIEW, *decided):
            continue
        if row.nomination_id in chosen:
            if nomination.state != State.SHORTLISTED:
                workflow.shortlist(nomination, by=by, request=request)
        elif nomination.state != State.NOT_SELECTED:
            workflow.not_select(nomination, by=by, request=request)
    # What the audit keeps is what was stored, read back, not what was asked for.
    stored = sorted(ranked.filter(state=State.SHORTLISTED).order_by().values_list("pk", flat=True))
    record_final_stage(campaign, rows, stored, by=by, reason=reason)
    record(
        "review.shortlist_revised" if revising else "review.shortlist_confirmed",
        actor=by,
        target=campaign,
        org_path=campaign.owner.path,
        before={"shortlisted": previous} if revising else None,
        after={
            "shortlisted": stored,
            "rank_order": in_order,
            "departs": departs,
            "reason": reason,
        },
        request=request,
    )
    return stored


def _confirm_empty(campaign: Campaign, rows, *, by, reason: str, request=None) -> list:
    """Nobody left to choose at the final stage (every candidate dropped out on the way): the
    empty list is confirmed with a written reason (``require_nothing_left``, the rule of every
    stage's empty choice) and, as there is nobody to publicise, the campaign concludes without
    a 公示 (``selection.services.end_without_notice``, audited with the reason)."""
    from selection import services as selection_services

    reason = (reason or "").strip()
    require_nothing_left(_final_pool_states(campaign), reason)
    record_final_stage(campaign, rows, [], by=by, reason=reason)
    record(
        "review.shortlist_confirmed",
        actor=by,
        target=campaign,
        org_path=campaign.owner.path,
        after={"shortlisted": [], "rank_order": [], "departs": False, "reason": reason},
        request=request,
    )
    selection_services.end_without_notice(campaign, by=by, reason=reason, request=request)
    return []


def _final_pool_states(campaign: Campaign):
    """The states of the nominations of the campaign's final pool (one query)."""
    from ..queries import final_pool_q

    return Nomination.objects.filter(final_pool_q(campaign), campaign=campaign).values_list(
        "state", flat=True
    )


def empty_list_blockers(campaign: Campaign) -> list[str] | None:
    """Whether the final list may now be confirmed empty (``_confirm_empty``, with a reason):
    None when someone is left to choose in the final pool (``nothing_left``, the rule of
    ``require_nothing_left``); else what holds the campaign's end, which the empty list brings
    (``selection.notice.conclusion_blockers``), [] when nothing does."""
    from selection import notice

    if not nothing_left(_final_pool_states(campaign)):
        return None
    return notice.conclusion_blockers(campaign)


def end_unranked(campaign: Campaign, *, by, request=None) -> list[int]:
    """The review ends for every nomination of the campaign still in review (the shortlist
    decides the ranked ones only): each becomes 未入选 with the fixed text of why it was left
    out (``selection.fixed_reasons.UNRANKED``), as a move of the workflow (Transition, audit,
    e-mail), and its cards not submitted are withdrawn (``evaluations.signals``), so no
    reviewer is left a card no one may submit. Called by ``selection.notice.open_notice`` in
    its transaction, the campaign locked, before the campaign leaves its review phase (未入选
    is a move of that phase). Audited as ``review.unranked_ended`` when there were any.
    Returns their ids."""
    from ..queries import in_review

    rows = in_review(campaign)
    if not rows:
        return []
    nominations = Nomination.objects.in_bulk([row.nomination_id for row in rows])
    ended = sorted(nominations)
    # Counted before: each 未入选 withdraws its nomination's open cards (evaluations.signals).
    cards = (
        Scorecard.objects.filter(nomination_id__in=ended).exclude(state=CardState.SUBMITTED).count()
    )
    for row in rows:
        why = "no_card" if not row.scored else "vetoed" if row.vetoed else "late"
        reason = fixed_reasons.UNRANKED[why]
        workflow.not_select(nominations[row.nomination_id], by=by, reason=reason, request=request)
    record(
        "review.unranked_ended",
        actor=by,
        target=campaign,
        org_path=campaign.owner.path,
        after={"not_selected": ended, "cards_withdrawn": cards},
        request=request,
    )
    return ended
