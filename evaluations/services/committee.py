"""Writes of the committee: its seats (reviewers added and removed) and the cards taken back
from them."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record
from members.models import Organization
from selection import rules as selection_rules
from selection.models import Campaign, Stage

from .. import rules
from ..choices import CardState, WithdrawalReason
from ..committees import saved_at_stake, scoring_committee, seat_cards
from ..errors import EvaluationError, SavedScoresAtStake
from ..models import Reviewer, Scorecard, WithdrawnCard


def require_manager(by, campaign: Campaign, node: Organization | None = None) -> None:
    """The campaign's review (or, with ``node``, that node's committee) is ``by``'s to change."""
    if not rules.can_manage_committee(by, campaign, node):
        raise EvaluationError(_("您只能管理本组织范围内的评审。"), status=403)
    selection_rules.require_writable(campaign)


def _committee(stage: Stage | None, node: Organization | None) -> dict:
    """What the audit says of a node's committee (nothing for the campaign's)."""
    return {"stage": stage.position, "node": node.code} if stage is not None else {}


@transaction.atomic
def add_reviewer(
    campaign: Campaign,
    user,
    *,
    cap: int | None,
    by,
    request=None,
    stage: Stage | None = None,
    node: Organization | None = None,
) -> Reviewer:
    """A seat on the campaign's committee, or with ``stage`` and ``node`` on that node's
    committee at that stage (only where ``scoring_committee`` gives the node its own). Audited
    as ``review.reviewer_added``."""
    require_manager(by, campaign, node)
    if stage is not None and scoring_committee(stage, node) != (stage, node):
        raise EvaluationError(_("最后一级由本活动的评审委员会评审。"))
    if not rules.may_be_reviewer(user, campaign, node):
        raise EvaluationError(_("该用户没有本活动范围内的评审委员角色。"))
    reviewer, _created = Reviewer.objects.update_or_create(
        campaign=campaign, stage=stage, node=node, user=user, defaults={"cap": cap}
    )
    record(
        "review.reviewer_added",
        actor=by,
        target=campaign,
        org_path=(node or campaign.owner).path,
        after={"reviewer": user.get_username(), "cap": cap} | _committee(stage, node),
        request=request,
    )
    return reviewer


def withdraw_open_cards(cards, *, reason: str = WithdrawalReason.TAKEN_BACK) -> int:
    """Take back the cards of ``cards`` not yet submitted, with whatever a reviewer saved on
    them: they leave the reviewers' queues, each reviewer told ``reason``. A submitted card
    stays. The one way a card is withdrawn (a seat leaving the committee, a nomination's course
    ended, a stage's choice withdrawn); the caller audits why. Returns how many went."""
    listed = list(cards.exclude(state=CardState.SUBMITTED).values_list("pk", flat=True))
    # Asked again as the rows are deleted: a card submitted meanwhile stays.
    still_open = Scorecard.objects.filter(pk__in=listed).exclude(state=CardState.SUBMITTED)
    # Each reviewer keeps a trace: their page open on the card then says it was withdrawn
    # (``queries.card_for``), not that the nomination does not exist.
    WithdrawnCard.objects.bulk_create(
        WithdrawnCard(nomination_id=nomination_id, reviewer_id=reviewer_id, reason=reason)
        for nomination_id, reviewer_id in still_open.values_list("nomination_id", "reviewer_id")
    )
    _total, removed = still_open.delete()
    return removed.get("evaluations.Scorecard", 0)


@transaction.atomic
def remove_reviewer(reviewer: Reviewer, *, by, confirmed: bool = False, request=None) -> None:
    """Off the committee, with the seat's cards not yet submitted; refused once one is. Cards
    holding what the reviewer saved go only ``confirmed`` (``SavedScoresAtStake`` asks first)."""
    require_manager(by, reviewer.campaign, reviewer.node)
    cards = seat_cards(reviewer)
    # The cards locked first, so a card submitted or a draft saved meanwhile is seen (or waits
    # until they are gone).
    list(Scorecard.objects.select_for_update().filter(pk__in=cards.values("pk")).values("pk"))
    if cards.filter(state=CardState.SUBMITTED).exists():
        raise EvaluationError(_("该委员已提交评分表，不能移出评审委员会。"))
    at_stake = saved_at_stake(cards)
    if at_stake.cards and not confirmed:
        raise SavedScoresAtStake(at_stake)
    withdraw_open_cards(cards)
    record(
        "review.reviewer_removed",
        actor=by,
        target=reviewer.campaign,
        org_path=(reviewer.node or reviewer.campaign.owner).path,
        before={"reviewer": reviewer.user.get_username()}
        | ({"saved_scores": at_stake.scores} if at_stake.scores else {})
        | _committee(reviewer.stage, reviewer.node),
        request=request,
    )
    reviewer.delete()
