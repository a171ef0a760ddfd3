"""Writes of the review: criteria, the committee, assignments, scorecards, the public survey and
the committee's shortlist. Nomination states move only through :mod:`selection.workflow`."""

from __future__ import annotations

import secrets
from collections import Counter
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record
from selection import workflow
from selection.choices import Phase, State
from selection.models import Campaign, Nomination

from . import rules
from .choices import (
    DEFAULT_RUBRICS,
    REVIEWABLE,
    SATISFIED,
    CardState,
    CriterionCode,
)
from .errors import EvaluationError
from .models import (
    Conflict,
    Criterion,
    Reviewer,
    Score,
    Scorecard,
    ScoreRevision,
    Survey,
    SurveyCode,
    SurveyResponse,
)

HALF = Decimal("0.5")
LOW_SHARE, HIGH_SHARE = Decimal("0.40"), Decimal("0.95")
MAX_CODES_PER_ISSUE = 500


def _require_manager(by, campaign: Campaign) -> None:
    if not rules.can_manage_review(by, campaign):
        raise EvaluationError(_("您只能管理本组织范围内的评审。"), status=403)


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
    _require_manager(by, campaign)
    criteria = {c.pk: c for c in Criterion.objects.select_for_update().filter(campaign=campaign)}
    total = sum(Decimal(rows[pk]["max_points"]) for pk in criteria)
    if total != 100:
        raise EvaluationError(_("各评分项满分之和须为 100（现为 %(total)s）。") % {"total": total})
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
        after={c.code: str(c.max_points) for c in criteria.values()},
        request=request,
    )


# --- Committee and assignments ------------------------------------------------------------------


@transaction.atomic
def add_reviewer(campaign: Campaign, user, *, cap: int | None, by, request=None) -> Reviewer:
    _require_manager(by, campaign)
    if not rules.may_be_reviewer(user, campaign):
        raise EvaluationError(_("该用户没有本活动范围内的评审委员角色。"))
    reviewer, _created = Reviewer.objects.update_or_create(
        campaign=campaign, user=user, defaults={"cap": cap}
    )
    record(
        "review.reviewer_added",
        actor=by,
        target=campaign,
        org_path=campaign.owner.path,
        after={"reviewer": user.get_username(), "cap": cap},
        request=request,
    )
    return reviewer


@transaction.atomic
def remove_reviewer(reviewer: Reviewer, *, by, request=None) -> None:
    _require_manager(by, reviewer.campaign)
    if Scorecard.objects.filter(
        nomination__campaign=reviewer.campaign, reviewer=reviewer.user, state=CardState.SUBMITTED
    ).exists():
        raise EvaluationError(_("该委员已提交评分表，不能移出评审委员会。"))
    Scorecard.objects.filter(
        nomination__campaign=reviewer.campaign, reviewer=reviewer.user
    ).delete()
    record(
        "review.reviewer_removed",
        actor=by,
        target=reviewer.campaign,
        org_path=reviewer.campaign.owner.path,
        before={"reviewer": reviewer.user.get_username()},
        request=request,
    )
    reviewer.delete()


def _conflicted_pairs(campaign: Campaign) -> set[tuple[int, int]]:
    return set(
        Conflict.objects.filter(nomination__campaign=campaign).values_list(
            "nomination_id", "reviewer_id"
        )
    )


def _assign(nomination: Nomination, user, *, by, request=None) -> Scorecard:
    card = Scorecard.objects.create(nomination=nomination, reviewer=user)
    if nomination.state == State.ELIGIBLE:
        workflow.start_review(nomination, by=by, request=request)
    record(
        "review.assigned",
        actor=by,
        target=nomination,
        org_path=nomination.branch.path,
        after={"reviewer": user.get_username()},
        request=request,
    )
    return card


def over_cap(campaign: Campaign, user) -> int | None:
    """The reviewer's cap when they already hold that many cards of the campaign, else None."""
    reviewer = Reviewer.objects.filter(campaign=campaign, user=user).first()
    if reviewer is None or reviewer.cap is None:
        return None
    held = Scorecard.objects.filter(nomination__campaign=campaign, reviewer=user).count()
    return reviewer.cap if held >= reviewer.cap else None


def assign(
    nomination: Nomination, user, *, by, override_reason: str = "", request=None
) -> Scorecard:
    """An admin adds one reviewer to a nomination by hand; conflicts are refused, and so is
    a reviewer at their cap unless the admin gives a reason for going past it (audited as
    ``review.cap_overridden``)."""
    campaign = nomination.campaign
    _require_manager(by, campaign)
    if nomination.state not in REVIEWABLE:
        raise EvaluationError(_("只有资格审查通过的推荐才能分配评审。"))
    if not Reviewer.objects.filter(campaign=campaign, user=user).exists():
        raise EvaluationError(_("该用户不是本活动的评审委员。"))
    if rules.has_conflict(user, nomination) or (nomination.pk, user.pk) in _conflicted_pairs(
        campaign
    ):
        raise EvaluationError(_("该委员与被推荐人存在利益冲突，须回避。"))
    override_reason = (override_reason or "").strip()
    try:
        with transaction.atomic():
            # One assignment past the cap at a time: the committee's row is the lock.
            Reviewer.objects.select_for_update().filter(campaign=campaign, user=user).first()
            cap = over_cap(campaign, user)
            if cap is not None and not override_reason:
                raise EvaluationError(
                    _("该委员已达评审上限（%(cap)d 份）；确需超出，请写明理由。") % {"cap": cap}
                )
            card = _assign(nomination, user, by=by, request=request)
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
def unassign(card: Scorecard, *, by, request=None) -> None:
    _require_manager(by, card.nomination.campaign)
    card = Scorecard.objects.select_for_update().get(pk=card.pk)
    if card.state == CardState.SUBMITTED:
        raise EvaluationError(_("评分表已提交，不能取消分配。"))
    record(
        "review.unassigned",
        actor=by,
        target=card.nomination,
        org_path=card.nomination.branch.path,
        before={"reviewer": card.reviewer.get_username()},
        request=request,
    )
    card.delete()


@transaction.atomic
def auto_assign(campaign: Campaign, *, by, request=None) -> int:
    """Give every reviewable nomination ``min_reviewers`` cards, balancing the load.

    Greedy: nominations with the fewest cards first; for each, the eligible reviewers with the
    lightest load (ties by id, so the result is repeatable). Never the reviewer's own
    nomination, one from their branch, or a declared conflict; never past a reviewer's cap.
    Returns the number of cards created; what could not be covered shows in ``coverage``.
    """
    _require_manager(by, campaign)
    Campaign.objects.select_for_update().get(pk=campaign.pk)  # one auto-assignment at a time
    reviewers = list(
        Reviewer.objects.filter(campaign=campaign).select_related("user__member").order_by("pk")
    )
    if not reviewers:
        raise EvaluationError(_("请先组建评审委员会。"))
    nominations = list(
        Nomination.objects.filter(campaign=campaign, state__in=REVIEWABLE)
        .select_related("branch", "campaign")
        .order_by("pk")
    )
    existing = set(
        Scorecard.objects.filter(nomination__campaign=campaign).values_list(
            "nomination_id", "reviewer_id"
        )
    )
    load = Counter(reviewer_id for _n, reviewer_id in existing)
    cards_per_nomination = Counter(nomination_id for nomination_id, _r in existing)
    declared = _conflicted_pairs(campaign)
    created = 0
    for nomination in sorted(nominations, key=lambda n: (cards_per_nomination[n.pk], n.pk)):
        need = campaign.min_reviewers - cards_per_nomination[nomination.pk]
        candidates = [
            r
            for r in reviewers
            if (nomination.pk, r.user_id) not in existing
            and (nomination.pk, r.user_id) not in declared
            and not rules.has_conflict(r.user, nomination)
            and (r.cap is None or load[r.user_id] < r.cap)
        ]
        candidates.sort(key=lambda r: (load[r.user_id], r.user_id))
        for reviewer in candidates[: max(need, 0)]:
            _assign(nomination, reviewer.user, by=by, request=request)
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


def _parse_points(raw, criterion: Criterion) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        points = Decimal(str(raw).strip())
    except InvalidOperation:
        raise EvaluationError(_("“%(name)s”的得分不是数字。") % {"name": criterion.name}) from None
    if points % HALF != 0 or not (0 <= points <= criterion.max_points):
        raise EvaluationError(
            _("“%(name)s”的得分须为 0 至 %(max)s 之间的整数或半分。")
            % {"name": criterion.name, "max": criterion.max_points}
        )
    return points


def _lock_card(card: Scorecard) -> Scorecard:
    return (
        Scorecard.objects.select_for_update(of=("self",))
        .select_related("nomination__campaign", "nomination__branch")
        .get(pk=card.pk)
    )


@transaction.atomic
def save_card(
    card: Scorecard,
    *,
    by,
    scores: dict[int, tuple[str, str]],
    veto: bool = False,
    veto_reason: str = "",
    request=None,
) -> Scorecard:
    """Save a draft: whatever is filled in, checked for range; nothing is required yet. A changed
    score keeps its previous value as a revision. A submitted card is refused."""
    card = _lock_card(card)
    if not rules.can_score(by, card):
        raise EvaluationError(_("这不是您的评分表。"), status=403)
    if card.state == CardState.SUBMITTED:
        raise EvaluationError(_("评分表已提交，不能再修改。"))
    if card.nomination.campaign.phase != Phase.REVIEWING:
        raise EvaluationError(_("活动不在评审阶段，不能评分。"))
    criteria = {c.pk: c for c in card.nomination.campaign.criteria.all()}
    current = {s.criterion_id: s for s in card.scores.all()}
    for criterion_id, (raw, comment) in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise EvaluationError(_("未知的评分项。"))
        points = _parse_points(raw, criterion)
        comment = (comment or "").strip()[:2000]
        existing = current.get(criterion_id)
        if points is None:
            if existing is not None:
                ScoreRevision.objects.create(
                    score=existing, points=existing.points, comment=existing.comment, replaced_by=by
                )
                existing.delete()
            continue
        if existing is None:
            Score.objects.create(
                scorecard=card, criterion=criterion, points=points, comment=comment
            )
        elif (existing.points, existing.comment) != (points, comment):
            ScoreRevision.objects.create(
                score=existing, points=existing.points, comment=existing.comment, replaced_by=by
            )
            existing.points, existing.comment = points, comment
            existing.save(update_fields=["points", "comment"])
    card.veto = bool(veto)
    card.veto_reason = (veto_reason or "").strip()[:2000] if veto else ""
    if card.veto and not card.veto_reason:
        raise EvaluationError(_("一票否决须写明理由。"))
    card.state = CardState.DRAFT
    card.save(update_fields=["veto", "veto_reason", "state", "updated_at"])
    return card


@transaction.atomic
def submit_card(card: Scorecard, *, by, request=None) -> Scorecard:
    """Submit once: every criterion scored, extreme scores commented. Locks the card."""
    card = _lock_card(card)
    if not rules.can_score(by, card):
        raise EvaluationError(_("这不是您的评分表。"), status=403)
    if card.state == CardState.SUBMITTED:
        raise EvaluationError(_("评分表已提交，不能重复提交。"))
    if card.nomination.campaign.phase != Phase.REVIEWING:
        raise EvaluationError(_("活动不在评审阶段，不能评分。"))
    scores = {s.criterion_id: s for s in card.scores.select_related("criterion")}
    problems = []
    for criterion in card.nomination.campaign.criteria.all():
        score = scores.get(criterion.pk)
        if score is None:
            problems.append(_("“%(name)s”尚未评分") % {"name": criterion.name})
            continue
        extreme = (
            score.points < criterion.max_points * LOW_SHARE
            or score.points > criterion.max_points * HIGH_SHARE
        )
        if extreme and not score.comment:
            problems.append(
                _("“%(name)s”得分低于 40%% 或高于 95%%，须填写评语") % {"name": criterion.name}
            )
    if problems:
        raise EvaluationError(_("还不能提交：%s。") % "；".join(problems))
    card.state = CardState.SUBMITTED
    card.submitted_at = timezone.now()
    points = card.record_points({s.criterion.code: s.points for s in scores.values()})
    card.save(update_fields=["state", "submitted_at", "updated_at", *points])
    Campaign.generation(card.nomination.campaign_id).bump()
    record(
        "review.card_submitted",
        actor=by,
        target=card.nomination,
        org_path=card.nomination.branch.path,
        after={
            "card": card.pk,
            "scores": {str(k): str(v.points) for k, v in scores.items()},
            "veto": card.veto,
        },
        request=request,
    )
    return card


@transaction.atomic
def reopen_card(card: Scorecard, *, by, reason: str, request=None) -> Scorecard:
    """An admin reopens a submitted card for correction, with a reason (audited)."""
    card = _lock_card(card)
    _require_manager(by, card.nomination.campaign)
    reason = (reason or "").strip()
    if not reason:
        raise EvaluationError(_("请填写重新打开的理由。"))
    if card.state != CardState.SUBMITTED:
        raise EvaluationError(_("评分表尚未提交，无需重新打开。"))
    card.state = CardState.DRAFT
    card.reopened_reason = reason
    card.save(update_fields=["state", "reopened_reason", "updated_at", *card.record_points(None)])
    Campaign.generation(card.nomination.campaign_id).bump()
    record(
        "review.card_reopened",
        actor=by,
        target=card.nomination,
        org_path=card.nomination.branch.path,
        after={"card": card.pk, "reviewer": card.reviewer.get_username(), "reason": reason},
        request=request,
    )
    return card


# --- Public survey (民主测评) --------------------------------------------------------------------


@transaction.atomic
def issue_codes(nomination: Nomination, count: int, *, by, request=None) -> list[SurveyCode]:
    """Issue ``count`` one-time codes (128 random bits each) for a nomination's survey."""
    if not rules.can_run_survey(by, nomination):
        raise EvaluationError(_("您不能为这份推荐发放测评码。"), status=403)
    if not rules.survey_open(nomination):
        raise EvaluationError(_("只能为已提交、未结束的推荐开展民主测评。"))
    if not 1 <= count <= MAX_CODES_PER_ISSUE:
        raise EvaluationError(
            _("每次可发放 1 至 %(max)d 个测评码。") % {"max": MAX_CODES_PER_ISSUE}
        )
    survey, _created = Survey.objects.get_or_create(
        nomination=nomination, defaults={"created_by": by}
    )
    codes = SurveyCode.objects.bulk_create(
        [SurveyCode(survey=survey, code=secrets.token_urlsafe(16)) for _i in range(count)]
    )
    Survey.objects.filter(pk=survey.pk).update(issued_count=F("issued_count") + count)
    Campaign.generation(nomination.campaign_id).bump()
    record(
        "survey.codes_issued",
        actor=by,
        target=nomination,
        org_path=nomination.branch.path,
        after={"count": count},
        request=request,
    )
    return codes


def respond(code: str, answers: dict[str, str]) -> None:
    """Record one anonymous response; the code is consumed in the same transaction, under a row
    lock, so it cannot be used twice even by concurrent requests."""
    with transaction.atomic():
        found = (
            SurveyCode.objects.select_for_update(of=("self",))
            .select_related("survey__nomination__campaign")
            .filter(code=code)
            .first()
        )
        if found is None:
            raise EvaluationError(_("测评码无效。"), status=404)
        if found.used_at is not None:
            raise EvaluationError(_("该测评码已使用，每个测评码只能提交一次。"))
        if not rules.survey_open(found.survey.nomination):
            raise EvaluationError(_("本次民主测评已结束。"))
        found.used_at = timezone.now()
        found.save(update_fields=["used_at"])
        SurveyResponse.objects.create(survey=found.survey, **answers)
        Survey.objects.filter(pk=found.survey_id).update(
            response_count=F("response_count") + 1,
            satisfied_count=F("satisfied_count") + (1 if answers["overall"] in SATISFIED else 0),
        )
        Campaign.generation(found.survey.nomination.campaign_id).bump()


# --- The committee's shortlist ------------------------------------------------------------------


@transaction.atomic
def confirm_shortlist(
    campaign: Campaign, chosen_ids: list[int], *, by, reason: str = "", request=None
) -> list[int]:
    """The committee confirms the shortlist: chosen ranked nominations become 拟推荐, the other
    ranked ones 未入选. Departing from rank order (choosing other than the top N shortlistable)
    needs a written reason — selection is not by votes alone (选树不是以票取人). A confirmed
    shortlist may be revised while the campaign is in review (before the notice), with a
    reason. Returns the ids stored as 拟推荐; the audit event records them."""
    from .queries import ranking

    _require_manager(by, campaign)
    campaign = Campaign.objects.select_for_update().select_related("owner").get(pk=campaign.pk)
    if campaign.phase != Phase.REVIEWING:
        raise EvaluationError(_("只能在评审阶段确定拟推荐名单。"))
    rows = ranking(campaign)
    by_id = {row.nomination_id: row for row in rows}
    chosen = list(dict.fromkeys(chosen_ids))
    if not chosen:
        raise EvaluationError(_("请至少选择一名拟推荐人选。"))
    if len(chosen) > campaign.exemplar_count:
        raise EvaluationError(_("拟推荐人数不能超过 %(n)d 名。") % {"n": campaign.exemplar_count})
    unknown = [pk for pk in chosen if pk not in by_id or by_id[pk].rank is None]
    if unknown:
        raise EvaluationError(_("所选人选中有未参与排名的推荐。"))
    blocked = [by_id[pk] for pk in chosen if not by_id[pk].shortlistable]
    if blocked:
        raise EvaluationError(
            _("以下人选存在不能拟推荐的提示，请先处理：%s。")
            % "、".join(row.name for row in blocked)
        )
    in_order = [row.nomination_id for row in rows if row.shortlistable][: len(chosen)]
    reason = (reason or "").strip()
    departs = set(chosen) != set(in_order)
    if departs and not reason:
        raise EvaluationError(_("所选名单与排名顺序不一致，请写明理由。"))
    ranked = Nomination.objects.filter(pk__in=[r.nomination_id for r in rows if r.rank is not None])
    nominations = {n.pk: n for n in ranked}
    decided = {State.SHORTLISTED, State.NOT_SELECTED}
    previous = sorted(pk for pk, n in nominations.items() if n.state == State.SHORTLISTED)
    revising = any(n.state in decided for n in nominations.values())
    if revising and set(chosen) == set(previous):
        raise EvaluationError(_("名单没有变化。"))
    if revising and not reason:
        raise EvaluationError(_("修改已确定的拟推荐名单，请写明理由。"))
    for row in rows:
        nomination = nominations.get(row.nomination_id)
        if nomination is None:
            continue
        if nomination.state not in (State.IN_REVIEW, State.SCORED, *decided):
            continue
        if row.nomination_id in chosen:
            if nomination.state != State.SHORTLISTED:
                workflow.shortlist(nomination, by=by, reason=reason, request=request)
        elif nomination.state != State.NOT_SELECTED:
            workflow.not_select(nomination, by=by, reason=reason, request=request)
    # What the audit keeps is what was stored, read back, not what was asked for.
    stored = sorted(ranked.filter(state=State.SHORTLISTED).order_by().values_list("pk", flat=True))
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
