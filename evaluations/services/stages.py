"""A node's choice at one stage of a campaign run level by level (逐级推荐), and the cards of a
stage's review. The final stage's choice is the campaign's shortlist (``confirm_shortlist``),
which records its decisions here too (``record_final_stage``). Withdrawing a confirmed choice is
``stage_withdrawal.withdraw_stage``."""

from __future__ import annotations

from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.services import record
from config.wording import listing
from members.models import Organization
from selection import eligibility as selection_eligibility
from selection import nodes as selection_nodes
from selection import rules as selection_rules
from selection import stages as selection_stages
from selection import workflow
from selection.choices import UNDER_REVIEW, Phase, StageDecision, State
from selection.models import Campaign, IntegrityOpinion, Nomination, Stage, StageEntry

from ..committees import card_stage, scoring_committee, seats
from ..errors import EvaluationError
from ..models import Scorecard
from . import choosing
from .assignments import fill
from .choosing import decided_above, departure, require_nothing_left, require_reason, unscored

#: What a node's decision writes on a pool entry (confirmed, decided above, or withdrawn).
DECISION_FIELDS = ["rank", "total", "decision", "reason", "decided_by", "decided_at"]

#: What a stage's eligibility screening writes on a pool entry.
SCREENING_FIELDS = ["eligible", "screening_reason", "screened_by", "screened_at"]


def require_node_admin(by, node: Organization) -> None:
    """Who may decide for a node at a stage: an admin who sees it (its own or one above)."""
    if not selection_stages.can_see_node(by, node):
        raise EvaluationError(_("您只能处理本组织范围内的推荐。"), status=403)


def require_stage_opinions(stage: Stage, chosen: list[int]) -> None:
    """A stage that asks for the integrity opinion again: each chosen nomination needs one given
    at this stage."""
    given = IntegrityOpinion.objects.filter(nomination_id__in=chosen, stage=stage)
    missing = list(
        Nomination.objects.filter(pk__in=chosen)
        .exclude(pk__in=given.values("nomination_id"))
        .order_by("member__name")
        .values_list("member__name", flat=True)
    )
    if missing:
        raise EvaluationError(
            _("本级须重新出具廉洁意见，以下人选尚未出具：%s。") % listing(missing)
        )


def require_screened(stage: Stage, node: Organization | None = None) -> None:
    """A stage that screens eligibility again: its node (``None``: the final stage's whole pool)
    confirms its choice only once every entrant still in the running has been screened. The
    entries waiting are locked, so that no screening ends one while the choice is made."""
    if not stage.recheck_eligibility:
        return
    waiting = StageEntry.objects.select_for_update(of=("self",)).filter(
        selection_rules.AWAITING_STAGE_SCREENING, stage=stage
    )
    if node is not None:
        waiting = waiting.filter(node=node)
    names = list(
        waiting.order_by("nomination__member__name").values_list(
            "nomination__member__name", flat=True
        )
    )
    if names:
        raise EvaluationError(_("本级须重新进行资格审查，以下人选尚未审查：%s。") % listing(names))


@transaction.atomic
def screen_at_stage(
    stage: Stage,
    node: Organization,
    nomination_id: int,
    *,
    by,
    eligible: bool,
    reason: str = "",
    request=None,
) -> StageEntry:
    """A stage that screens eligibility again (``Stage.recheck_eligibility``): an admin of the
    node (or above it) declares an entrant of its pool eligible, the campaign's rules evaluated
    again against the member's records (a failed rule overridden with a written reason, as at
    the first screening), or ineligible with a reason, which ends the nomination everywhere
    (``workflow.declare_ineligible_at_stage``). An eligible verdict may be revised while the
    node's choice is open. The verdict is kept on the pool's entry; audited as
    ``review.stage_screened`` or as the move."""
    require_node_admin(by, node)
    entry = (
        StageEntry.objects.select_for_update(of=("self",))
        .select_related("stage__campaign")
        .filter(stage=stage, node=node, nomination_id=nomination_id)
        .first()
    )
    if entry is None:
        raise EvaluationError(_("本级推荐池中没有这份推荐。"), status=404)
    stage, nomination = entry.stage, workflow.lock_nomination(entry.nomination_id)
    selection_rules.require_writable(stage.campaign)
    if not stage.recheck_eligibility:
        raise EvaluationError(_("本级不重新进行资格审查，资格审查结论沿用下级。"))
    if stage.campaign.phase != Phase.REVIEWING:
        raise EvaluationError(_("只能在评审阶段进行本级资格审查。"))
    if entry.decision != StageDecision.PENDING or nomination.state not in UNDER_REVIEW:
        raise EvaluationError(_("这份推荐已不在本级待确定的人选中，不能再审查。"))
    reason = (reason or "").strip()
    where = {"stage": stage.position, "node": node.code}
    if eligible:
        failed = selection_eligibility.overridden(nomination, reason)
        record(
            "review.stage_screened",
            actor=by,
            target=nomination,
            org_path=node.path,
            after={**where, "eligible": True, "overridden": [r.code for r in failed]}
            | {"reason": reason},
            request=request,
        )
    else:
        if not reason:
            raise EvaluationError(_("请填写不通过理由。"))
        workflow.declare_ineligible_at_stage(
            nomination, by=by, reason=reason, details=where, request=request
        )
    entry.eligible, entry.screening_reason = eligible, reason
    entry.screened_by, entry.screened_at = by, timezone.now()
    entry.save(update_fields=SCREENING_FIELDS)
    Campaign.generation(stage.campaign_id).bump()
    return entry


def _awaiting_review(stage: Stage, node: Organization) -> list[Nomination]:
    """The node's nominations screened eligible and not yet in review whose first pool is its
    pool at this stage (``selection.nodes.first_pools``): their first card of the node's
    committee brings them in (``workflow.start_review``). None once the node has decided
    there: its choice stands, and a nomination let in after it would wait in a pool no one may
    decide any more (``selection.stages.undecided_nodes``)."""
    decided = StageEntry.objects.filter(stage=stage, node=node).exclude(
        decision=StageDecision.PENDING
    )
    if decided.exists():
        return []
    eligible = list(
        Nomination.objects.filter(
            campaign_id=stage.campaign_id, state=State.ELIGIBLE, branch__path__startswith=node.path
        ).select_related("branch", "campaign")
    )
    pools = selection_nodes.first_pools(stage.campaign, [n.branch.path for n in eligible])
    return [n for n in eligible if pools[n.branch.path] == (stage, node)]


@transaction.atomic
def assign_stage(stage: Stage, node: Organization, *, by, request=None) -> int:
    """Give every nomination still in the node's pool ``min_reviewers`` cards of this stage from
    the committee that scores it (``scoring_committee``: the node's own below the final stage;
    the reviewers score afresh). Returns the cards created."""
    require_node_admin(by, node)
    stage = Stage.objects.select_for_update().select_related("campaign__owner").get(pk=stage.pk)
    campaign = stage.campaign
    if campaign.phase != Phase.REVIEWING:
        raise EvaluationError(_("活动不在评审阶段，不能分配评审。"))
    committee = scoring_committee(stage, node)
    reviewers = list(seats(campaign, *committee).select_related("user__member").order_by("pk"))
    if not reviewers:
        if committee[0] is not None:
            raise EvaluationError(
                _("%(node)s尚未组建本级评审委员会，请先组建。") % {"node": node.name}
            )
        raise EvaluationError(_("请先组建评审委员会。"))
    entries = StageEntry.objects.filter(
        stage=stage, node=node, decision=StageDecision.PENDING, nomination__state__in=UNDER_REVIEW
    ).select_related("nomination__branch", "nomination__campaign")
    nominations = [entry.nomination for entry in entries] + _awaiting_review(stage, node)
    at = card_stage(stage)
    existing = set(
        Scorecard.objects.filter(nomination__in=nominations, stage=at).values_list(
            "nomination_id", "reviewer_id"
        )
    )
    created = fill(campaign, nominations, reviewers, existing, by=by, request=request, stage=at)
    record(
        "review.stage_assigned",
        actor=by,
        target=campaign,
        org_path=node.path,
        after={"stage": stage.position, "node": node.code, "cards": created},
        request=request,
    )
    return created


@transaction.atomic
def confirm_stage(
    stage: Stage, node: Organization, chosen_ids: list[int], *, by, reason: str = "", request=None
) -> list[int]:
    """The node's committee confirms its choice at a stage below the final one: the chosen
    nominations (at most the node's quota, from its ranking, departures from rank order with a
    written reason) advance to their node's pool at the next stage; the others end there (未入选).
    Each entry keeps its rank and total at this stage. Once confirmed, a node's choice stands.
    A pool with nothing left to choose is confirmed empty, with a reason, so it is not late.
    After the deadline only an admin above the node may decide for it, with a reason; ending
    unscored (no card at this stage) one still in the running needs one too, naming them
    (``choosing.require_reason``). Returns the ids advanced; audited (``stage_confirmed``)."""
    from ..queries import ranking

    require_node_admin(by, node)
    stage = Stage.objects.select_for_update().select_related("campaign__owner").get(pk=stage.pk)
    campaign = stage.campaign
    following = selection_stages.next_stage(stage)
    if following is None:
        raise EvaluationError(_("最后一级的名单即拟推荐名单，请在评审结果页确定。"))
    if campaign.phase != Phase.REVIEWING:
        raise EvaluationError(_("只能在评审阶段确定本级推荐名单。"))
    waiting = selection_stages.lower_stages_waiting(campaign, stage, node)
    if waiting:
        raise EvaluationError(waiting)
    reason = (reason or "").strip()
    late = stage.closed_at is not None
    if late and not selection_stages.acts_above(by, node):
        raise EvaluationError(_("本级推荐已截止，请由上级组织确定。"))
    # Each entry with whether it is unscored: still in the running with no card submitted at
    # this stage, by the rule the pool page counts them (``queries.pools.unscored_q``), so the
    # page's count, the refusal naming them and the audit row are one list. The ranking leaves
    # them out, and the choice would record them 未推荐 unscored (``choosing.unscored``), with
    # a reason. They are not left to choose, so a pool of none but them is confirmed empty
    # (with that reason).
    entries = {
        entry.nomination_id: entry
        for entry in _pool_entries(stage, node)
        .select_for_update()
        .select_related("nomination__member")
    }
    if any(entry.decision != StageDecision.PENDING for entry in entries.values()):
        raise EvaluationError(_("本级推荐名单已经确定。"))
    require_screened(stage, node)
    rows = ranking(campaign, stage, node)
    by_id = {row.nomination_id: row for row in rows}
    left_unscored = sorted(
        (entry for entry in entries.values() if entry.unscored),
        key=lambda entry: (entry.nomination.member.name, entry.nomination_id),
    )
    chosen = list(dict.fromkeys(chosen_ids))
    if not chosen:
        require_nothing_left(_left_to_choose(entries.values()), reason)
    limit = selection_nodes.node_quota(stage, node)
    if len(chosen) > limit:
        raise EvaluationError(
            ngettext(
                "本级推荐名额为 %(n)d 名，所选人数超出。",
                "本级推荐名额为 %(n)d 名，所选人数超出。",
                limit,
            )
            % {"n": limit}
        )
    if any(pk not in by_id or pk not in entries or by_id[pk].rank is None for pk in chosen):
        raise EvaluationError(_("所选人选中有未参与排名的推荐。"))
    blocked = [by_id[pk] for pk in chosen if not by_id[pk].shortlistable]
    if blocked:
        raise EvaluationError(
            _("以下人选存在不能推荐的提示，请先处理：%s。") % listing(row.name for row in blocked)
        )
    if stage.recheck_integrity:
        require_stage_opinions(stage, chosen)
    in_order = [row.nomination_id for row in rows if row.shortlistable][: len(chosen)]
    departs = set(chosen) != set(in_order)
    require_reason(
        reason,
        late=decided_above(late),
        departs=departure(departs),
        unscored=unscored([entry.nomination.member.name for entry in left_unscored]),
    )
    now = timezone.now()
    for pk, entry in entries.items():
        row = by_id.get(pk)
        entry.rank, entry.total = (row.rank, row.total) if row else (None, None)
        entry.decision = StageDecision.ADVANCED if pk in chosen else StageDecision.NOT_CHOSEN
        entry.reason, entry.decided_by, entry.decided_at = reason, by, now
        entry.save(update_fields=DECISION_FIELDS)
        if pk in chosen:
            selection_stages.enter(following, entry.nomination)
        elif entry.nomination.state in UNDER_REVIEW:
            why = choosing.history_reason(not entry.unscored)  # never the choice's reason
            workflow.not_select(entry.nomination, by=by, reason=why, request=request)
    Campaign.generation(campaign.pk).bump()
    record(
        "review.stage_confirmed",
        actor=by,
        target=campaign,
        org_path=node.path,
        after={
            "stage": stage.position,
            "node": node.code,
            "advanced": sorted(chosen),
            "rank_order": in_order,
            "departs": departs,
            # Left out with no card of this stage: recorded 未推荐 unscored, for the reason.
            "unscored": sorted(entry.nomination_id for entry in left_unscored),
            "reason": reason,
        },
        request=request,
    )
    return sorted(chosen)


def _pool_entries(stage: Stage, node: Organization):
    """The node's entries at the stage, each with whether it is ``unscored`` (still in the
    running, no card of this stage submitted: ``queries.pools.unscored_q``)."""
    from ..queries.pools import unscored_q

    return StageEntry.objects.filter(stage=stage, node=node).annotate(
        unscored=ExpressionWrapper(unscored_q(stage), output_field=BooleanField())
    )


def _left_to_choose(entries) -> list[str]:
    """The states a node's empty choice is judged on (``choosing.require_nothing_left``): every
    entry's but those the choice would leave out unscored (with a reason), who are not left to
    choose, so a pool of none but them is confirmed empty."""
    return [entry.nomination.state for entry in entries if not entry.unscored]


def may_choose_nobody(stage: Stage, node: Organization) -> bool:
    """Whether the node's choice at a stage below the final one may now be an empty list (with
    a reason), by ``confirm_stage``'s own rule. One query."""
    return choosing.nothing_left(
        _left_to_choose(_pool_entries(stage, node).select_related("nomination"))
    )


def record_final_stage(
    campaign: Campaign, rows, shortlisted: list[int], *, by, reason: str
) -> None:
    """Keep the final stage's decisions and ranks on its entries (campaigns of several stages;
    a one-stage campaign keeps none)."""
    stages = selection_stages.stages_of(campaign)
    if not selection_stages.is_staged(stages):
        return
    by_id = {row.nomination_id: row for row in rows}
    now = timezone.now()
    for entry in StageEntry.objects.select_for_update().filter(stage=stages[-1]):
        row = by_id.get(entry.nomination_id)
        entry.rank, entry.total = (row.rank, row.total) if row else (None, None)
        entry.decision = (
            StageDecision.SELECTED
            if entry.nomination_id in shortlisted
            else StageDecision.NOT_CHOSEN
        )
        entry.reason, entry.decided_by, entry.decided_at = reason, by, now
        entry.save(update_fields=DECISION_FIELDS)
