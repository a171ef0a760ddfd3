"""Writes of the assignments: cards given to reviewers by hand or in a balanced batch, and
taken back."""

from __future__ import annotations

from collections import Counter

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.services import record
from selection import stages as selection_stages
from selection import workflow
from selection.choices import State
from selection.models import Campaign, Nomination, Stage

from .. import rules
from ..choices import REVIEWABLE, CardState
from ..committees import (
    campaign_stage,
    card_stage,
    saved_at_stake,
    scoring_committee,
    seat_cards,
    seats,
)
from ..conflicts import declared_pairs
from ..errors import EvaluationError, SavedScoresAtStake
from ..models import Scorecard
from .committee import require_manager, withdraw_open_cards
from .criteria import ensure_criteria


def _assign(nomination: Nomination, user, *, by, request=None, stage=None) -> Scorecard:
    card = Scorecard.objects.create(nomination=nomination, reviewer=user, stage=stage)
    if nomination.state == State.ELIGIBLE:
        workflow.start_review(nomination, by=by, request=request)
    record(
        "review.assigned",
        actor=by,
        target=nomination,
        org_path=nomination.branch.path,
        after={"reviewer": user.get_username()}
        | ({"stage": stage.position} if stage is not None else {}),
        request=request,
    )
    return card


def over_cap(campaign: Campaign, user) -> int | None:
    """The reviewer's cap when they already hold that many cards of the campaign's committee
    (``seat_cards``), else None."""
    reviewer = seats(campaign).filter(user=user).select_related("campaign").first()
    if reviewer is None or reviewer.cap is None:
        return None
    held = seat_cards(reviewer).count()
    return reviewer.cap if held >= reviewer.cap else None


def campaign_card_stage(nomination: Nomination) -> Stage | None:
    """The stage of the card the campaign's committee gives ``nomination`` by hand: none in a
    one-stage campaign; in one run level by level, the final stage, the only one it scores
    (``scoring_committee``). A nomination still in a pool below is refused (409), naming the
    pool whose committee scores it."""
    place = selection_stages.current_pool(nomination)
    if place is None:
        return None
    stage, node = place
    if scoring_committee(stage, node) != (None, None):
        raise EvaluationError(
            _(
                "本活动逐级推荐：%(name)s目前在%(node)s的本级推荐中（%(level)s），"
                "由其本级评审委员会评分，请在逐级推荐页分配。"
            )
            % {
                "name": nomination.member.name,
                "node": node.name,
                "level": stage.get_level_display(),
            },
            status=409,
        )
    return card_stage(stage)


def assign(
    nomination: Nomination, user, *, by, override_reason: str = "", request=None
) -> Scorecard:
    """An admin adds one reviewer to a nomination by hand; conflicts are refused, and so is
    a reviewer at their cap unless the admin gives a reason for going past it (audited as
    ``review.cap_overridden``). In a campaign run level by level the campaign's committee
    scores the final stage only (``campaign_card_stage``)."""
    campaign = nomination.campaign
    require_manager(by, campaign)
    if nomination.state not in REVIEWABLE:
        raise EvaluationError(_("只有资格审查通过的推荐才能分配评审。"))
    at = campaign_card_stage(nomination)
    if not seats(campaign).filter(user=user).exists():
        raise EvaluationError(_("该用户不是本活动的评审委员。"))
    if rules.must_recuse(user, nomination, declared_pairs(campaign)):
        raise EvaluationError(_("该委员与被推荐人存在利益冲突，须回避。"))
    override_reason = (override_reason or "").strip()
    try:
        with transaction.atomic():
            # One assignment past the cap at a time: the committee's row is the lock.
            seats(campaign).select_for_update().filter(user=user).first()
            cap = over_cap(campaign, user)
            if cap is not None and not override_reason:
                raise EvaluationError(
                    _("该委员已达评审上限（%(cap)d 份）；确需超出，请写明理由。") % {"cap": cap}
                )
            card = _assign(nomination, user, by=by, request=request, stage=at)
            if cap is not None:
                record(
                    "review.cap_overridden",
                    actor=by,
                    target=nomination,
                    org_path=nomination.branch.path,
                    after={
                        "reviewer": user.get_username(),
                        "cap": cap,
                        "reason": override_reason,
                    },
                    request=request,
                )
            return card
    except IntegrityError:
        raise EvaluationError(_("该委员已分配评审这份推荐。")) from None


@transaction.atomic
def unassign(card: Scorecard, *, by, confirmed: bool = False, request=None) -> None:
    """Take one card back from its reviewer (``withdraw_open_cards``). A submitted card is
    refused; one holding what the reviewer saved (``saved_at_stake``) goes only ``confirmed``
    (``SavedScoresAtStake`` asks first), and the audit says how many scores went with it."""
    require_manager(by, card.nomination.campaign)
    card = Scorecard.objects.select_for_update().get(pk=card.pk)
    if card.state == CardState.SUBMITTED:
        raise EvaluationError(_("评分表已提交，不能取消分配。"))
    at_stake = saved_at_stake(Scorecard.objects.filter(pk=card.pk))
    if at_stake.cards and not confirmed:
        raise SavedScoresAtStake(at_stake)
    record(
        "review.unassigned",
        actor=by,
        target=card.nomination,
        org_path=card.nomination.branch.path,
        before={"reviewer": card.reviewer.get_username()}
        | ({"saved_scores": at_stake.scores} if at_stake.scores else {}),
        request=request,
    )
    withdraw_open_cards(Scorecard.objects.filter(pk=card.pk))


@transaction.atomic
def auto_assign(campaign: Campaign, *, by, request=None) -> int:
    """Give every reviewable nomination ``min_reviewers`` cards, balancing the load.

    Greedy: nominations with the fewest cards first; for each, the eligible reviewers with the
    lightest load (ties by id, so the result is repeatable). Never the reviewer's own
    nomination, one from their branch, or a declared conflict; never past a reviewer's cap.
    Returns the number of cards created; what could not be covered shows in ``coverage``.
    In a campaign run level by level the campaign's committee scores the final stage only:
    this is the final stage's assignment (``assign_stage``), the pools below being their own
    committees' (``scoring_committee``).
    """
    require_manager(by, campaign)
    final = campaign_stage(campaign)
    if final is not None:
        from .stages import assign_stage  # it builds on ``fill`` below

        return assign_stage(final, campaign.owner, by=by, request=request)
    Campaign.objects.select_for_update().get(pk=campaign.pk)  # one auto-assignment at a time
    reviewers = list(seats(campaign).select_related("user__member").order_by("pk"))
    if not reviewers:
        raise EvaluationError(_("请先组建评审委员会。"))
    nominations = list(
        Nomination.objects.filter(campaign=campaign, state__in=REVIEWABLE)
        .select_related("branch", "campaign")
        .order_by("pk")
    )
    existing = set(
        Scorecard.objects.filter(nomination__campaign=campaign, stage=None).values_list(
            "nomination_id", "reviewer_id"
        )
    )
    return fill(campaign, nominations, reviewers, existing, by=by, request=request)


def fill(
    campaign: Campaign, nominations, reviewers, existing: set, *, by, request=None, stage=None
) -> int:
    """Give each nomination ``min_reviewers`` cards (at ``stage``, or the first stage), greedily:
    nominations with the fewest cards first; for each, the eligible reviewers with the lightest
    load (ties by id, so the result is repeatable). Never the reviewer's own nomination, one
    from their branch, or a declared conflict; never past a reviewer's cap. ``existing`` holds
    the (nomination, reviewer) pairs already carded at that stage. Returns the cards created.
    The campaign's criteria exist before its first card does: a node's committee may give out
    cards before anyone opens the campaign's committee page (which makes them too), and a
    card without criteria would be submitted empty."""
    ensure_criteria(campaign)
    load = Counter(reviewer_id for _n, reviewer_id in existing)
    cards_per_nomination = Counter(nomination_id for nomination_id, _r in existing)
    declared = declared_pairs(campaign)
    created = 0
    for nomination in sorted(nominations, key=lambda n: (cards_per_nomination[n.pk], n.pk)):
        need = campaign.min_reviewers - cards_per_nomination[nomination.pk]
        candidates = [
            r
            for r in reviewers
            if (nomination.pk, r.user_id) not in existing
            and not rules.must_recuse(r.user, nomination, declared)
            and (r.cap is None or load[r.user_id] < r.cap)
        ]
        candidates.sort(key=lambda r: (load[r.user_id], r.user_id))
        for reviewer in candidates[: max(need, 0)]:
            _assign(nomination, reviewer.user, by=by, request=request, stage=stage)
            existing.add((nomination.pk, reviewer.user_id))
            load[reviewer.user_id] += 1
            cards_per_nomination[nomination.pk] += 1
            created += 1
    return created
