"""Writes of the committee: criteria, reviewers, assignments and declared conflicts."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.services import record
from members.models import Organization
from selection import rules as selection_rules
from selection import stages as selection_stages
from selection import workflow
from selection.choices import State
from selection.models import Campaign, Nomination, Stage

from .. import rules
from ..choices import DEFAULT_RUBRICS, REVIEWABLE, CardState, CriterionCode, WithdrawalReason
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
from ..models import Conflict, Criterion, Reviewer, Scorecard, WithdrawnCard
from ..templatetags.points import maximum_text


def require_manager(by, campaign: Campaign, node: Organization | None = None) -> None:
    """The campaign's review (or, with ``node``, that node's committee) is ``by``'s to change."""
    if not rules.can_manage_committee(by, campaign, node):
        raise EvaluationError(_("您只能管理本组织范围内的评审。"), status=403)
    selection_rules.require_writable(campaign)


# --- Criteria -----------------------------------------------------------------------------------


def ensure_criteria(campaign: Campaign) -> list[Criterion]:
    """The campaign's criteria, creating the default four (25 points each) the first time."""
    existing = list(campaign.criteria.all())
    if existing:
        return existing
    for position, code in enumerate(CriterionCode):
        Criterion.objects.get_or_create(
            campaign=campaign,
            code=code,
            defaults={
                "name": code.label,
                "max_points": Decimal(25),
                "rubric": str(DEFAULT_RUBRICS[code]),
                "position": position,
            },
        )
    return list(campaign.criteria.all())


@transaction.atomic
def save_criteria(campaign: Campaign, rows: dict[int, dict], *, by, request=None) -> None:
    """Edit names, points and rubrics. Points must add up to 100; they cannot change once a
    card has been submitted (scores would no longer be comparable)."""
    require_manager(by, campaign)
    criteria = {c.pk: c for c in Criterion.objects.select_for_update().filter(campaign=campaign)}
    total = sum(Decimal(rows[pk]["max_points"]) for pk in criteria)
    if total != 100:
        raise EvaluationError(
            _("各评分项满分之和须为 100（现为 %(total)s）。") % {"total": maximum_text(total)}
        )
    submitted = Scorecard.objects.filter(
        nomination__campaign=campaign, state=CardState.SUBMITTED
    ).exists()
    for pk, criterion in criteria.items():
        row = rows[pk]
        if submitted and Decimal(row["max_points"]) != criterion.max_points:
            raise EvaluationError(_("已有评分表提交，不能再修改满分。"))
        criterion.name, criterion.rubric = row["name"], row["rubric"]
        criterion.max_points = Decimal(row["max_points"])
        criterion.save(update_fields=["name", "rubric", "max_points"])
    Campaign.generation(campaign.pk).bump()
    record(
        "review.criteria_saved",
        actor=by,
        target=campaign,
        org_path=campaign.owner.path,
        after={c.code: maximum_text(c.max_points) for c in criteria.values()},
        request=request,
    )


# --- Committee and assignments ------------------------------------------------------------------


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


@transaction.atomic
def declare_conflict(card: Scorecard, *, by, reason: str, request=None) -> Conflict:
    """The reviewer declares a conflict of interest: the card goes, the conflict stays."""
    card = (
        Scorecard.objects.select_for_update().select_related("nomination__branch").get(pk=card.pk)
    )
    if not rules.can_score(by, card):
        raise EvaluationError(_("这不是您的评分表。"), status=403)
    selection_rules.require_writable(card.nomination.campaign)
    if card.state == CardState.SUBMITTED:
        raise EvaluationError(_("评分表已提交，如需回避请联系管理员。"))
    reason = (reason or "").strip()
    if not reason:
        raise EvaluationError(_("请填写回避理由。"))
    conflict = Conflict.objects.create(nomination=card.nomination, reviewer=by, reason=reason)
    record(
        "review.conflict_declared",
        actor=by,
        target=card.nomination,
        org_path=card.nomination.branch.path,
        after={"reason": reason},
        request=request,
    )
    card.delete()
    return conflict


# --- Scorecards ---------------------------------------------------------------------------------
