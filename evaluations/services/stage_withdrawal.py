"""A node's confirmed choice at a stage withdrawn (逐级推荐): what it sent up leaves the pool
above, what it left out is back under review (``withdraw_stage``)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record
from members.models import Organization
from selection import emails, fixed_reasons, workflow
from selection import rules as selection_rules
from selection import stages as selection_stages
from selection.choices import StageDecision, State
from selection.models import Campaign, Stage, StageEntry

from ..choices import WithdrawalReason
from ..errors import EvaluationError
from ..models import Scorecard
from ..rules import stage_choice_fixed
from .committee import withdraw_open_cards
from .stages import DECISION_FIELDS, require_node_admin


@transaction.atomic
def withdraw_stage(stage: Stage, node: Organization, *, by, reason: str, request=None) -> list[int]:
    """The node withdraws its confirmed choice, with a written reason (audited as
    ``review.stage_withdrawn``, not in any history), while ``rules.stage_choice_fixed``
    allows it: what it sent up leaves the pool above (with the cards given there, none begun),
    what it left out is back under review, its choice is open again. Who may do it is who may
    confirm it; the node above's admins are e-mailed. Returns the ids that left the pool."""
    require_node_admin(by, node)
    stage = Stage.objects.select_for_update().select_related("campaign__owner").get(pk=stage.pk)
    campaign = stage.campaign
    selection_rules.require_writable(campaign)
    entries = list(
        StageEntry.objects.select_for_update()
        .filter(stage=stage, node=node)
        .select_related("nomination__member")
    )
    sent_up = [e.nomination_id for e in entries if e.decision == StageDecision.ADVANCED]
    # Where they went: the next stage, or a later one past a level their branch skips
    # (``selection.stages.enter``). Its choice and its cards wait while this is decided (no
    # card submitted or choice confirmed there in between).
    later = Stage.objects.filter(campaign=campaign, position__gt=stage.position)
    list(later.select_for_update())
    cards_above = Scorecard.objects.filter(stage__in=later, nomination_id__in=sent_up)
    list(cards_above.select_for_update())
    fixed = stage_choice_fixed(stage, node)
    if fixed:
        raise EvaluationError(fixed, status=409)
    if stage.closed_at is not None and not selection_stages.acts_above(by, node):
        raise EvaluationError(_("本级推荐已截止，请由上级组织处理。"))
    if not (reason or "").strip():
        raise EvaluationError(_("撤回本级推荐名单须写明理由。"))
    reason = reason.strip()
    above = StageEntry.objects.filter(stage__in=later, nomination_id__in=sent_up)
    parents = sorted(set(above.values_list("node_id", flat=True)))
    # Only assigned, none begun (``stage_choice_fixed``); their reviewers are told why.
    cards = withdraw_open_cards(cards_above, reason=WithdrawalReason.STAGE_WITHDRAWN)
    above.delete()
    before = {e.nomination_id: e.decision for e in entries}
    for entry in entries:
        left_out = entry.decision == StageDecision.NOT_CHOSEN
        if left_out and entry.nomination.state == State.NOT_SELECTED:
            why = fixed_reasons.WITHDRAWN
            workflow.resume_review(entry.nomination, by=by, reason=why, request=request)
        entry.rank = entry.total = entry.decided_by = entry.decided_at = None
        entry.decision, entry.reason = StageDecision.PENDING, ""
        entry.save(update_fields=DECISION_FIELDS)
    Campaign.generation(campaign.pk).bump()
    record(
        "review.stage_withdrawn",
        actor=by,
        target=campaign,
        org_path=node.path,
        before={"stage": stage.position, "node": node.code, "decisions": before},
        after={"advanced_removed": sorted(sent_up), "cards_removed": cards, "reason": reason},
        request=request,
    )
    names = sorted(e.nomination.member.name for e in entries if e.nomination_id in sent_up)
    transaction.on_commit(
        lambda: emails.stage_choice_withdrawn(stage.pk, node.pk, parents, names, reason)
    )
    return sorted(sent_up)
