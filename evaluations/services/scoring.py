"""Writes of the scorecards: saving, submitting and reopening a reviewer's card."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record
from config.wording import as_typed
from selection import concurrency, workflow
from selection import rules as selection_rules
from selection.choices import Phase
from selection.models import Campaign

from .. import rules
from ..choices import (
    CardState,
)
from ..errors import EvaluationError
from ..models import (
    Criterion,
    Score,
    Scorecard,
    ScoreRevision,
)
from .committee import require_manager

HALF = Decimal("0.5")
LOW_SHARE, HIGH_SHARE = Decimal("0.40"), Decimal("0.95")


def parse_points(raw, criterion: Criterion) -> Decimal | None:
    """The points typed for ``criterion`` (None when left blank), or an EvaluationError naming
    the criterion. The scorecard form checks each box with it, the service again."""
    if raw in (None, ""):
        return None
    try:
        points = Decimal(str(raw).strip())
    except InvalidOperation:
        raise EvaluationError(_("“%(name)s”的得分不是数字。") % {"name": criterion.label}) from None
    # The range first: the remainder of a huge number (1e30, typed by a slip) or of
    # Infinity/NaN is not defined and would raise.
    if not points.is_finite() or not (0 <= points <= criterion.max_points) or points % HALF:
        raise EvaluationError(
            _("“%(name)s”的得分须为 0 至 %(max)s 之间的整数或半分。")
            % {"name": criterion.label, "max": as_typed(criterion.max_points)}
        )
    return points


class Problem(NamedTuple):
    """One thing that keeps a card from being submitted, and the box it is about: the
    "points" or "comment" box of criterion ``criterion_id``, or "veto_reason" (no criterion)."""

    criterion_id: int | None
    box: str
    message: str


def submit_problems(
    criteria: Iterable[Criterion],
    scores: Mapping[int, tuple[Decimal | None, str]],
    veto: bool,
    veto_reason: str,
) -> list[Problem]:
    """Everything that keeps a card from being submitted, all at once, each a sentence: a
    criterion of ``criteria`` with no points in ``scores`` (criterion id → points, comment), an
    extreme score (below 40 % or above 95 % of the maximum) with no comment, a veto with no
    reason. The scorecard form asks it of the boxes as typed, ``submit_card`` of the card as
    saved: a draft may hold any of these, a submitted card none."""
    problems = []
    for criterion in criteria:
        points, comment = scores.get(criterion.pk, (None, ""))
        name = {"name": criterion.label}
        if points is None:
            problems.append(Problem(criterion.pk, "points", _("请为“%(name)s”评分。") % name))
        elif (
            points < criterion.max_points * LOW_SHARE or points > criterion.max_points * HIGH_SHARE
        ) and not (comment or "").strip():
            problems.append(
                Problem(
                    criterion.pk,
                    "comment",
                    _("“%(name)s”得分低于 40%% 或高于 95%%，须填写评语。") % name,
                )
            )
    if veto and not (veto_reason or "").strip():
        problems.append(Problem(None, "veto_reason", _("一票否决须写明理由。")))
    return problems


def _lock_card(card: Scorecard) -> Scorecard:
    return (
        Scorecard.objects.select_for_update(of=("self",))
        .select_related("nomination__campaign", "nomination__branch")
        .get(pk=card.pk)
    )


def _lock_writable_card(card: Scorecard, by, *, submitted: str) -> Scorecard:
    """``card`` locked, once ``by`` may write to it now: theirs, its campaign writable and in
    review, the card neither submitted (refused with ``submitted``) nor closed."""
    card = _lock_card(card)
    if not rules.can_score(by, card):
        raise EvaluationError(_("这不是您的评分表。"), status=403)
    selection_rules.require_writable(card.nomination.campaign)
    if card.state == CardState.SUBMITTED:
        raise EvaluationError(submitted)
    if card.nomination.campaign.phase != Phase.REVIEWING:
        raise EvaluationError(_("活动不在评审阶段，不能评分。"))
    if closed := rules.card_closed(card):
        raise EvaluationError(closed)
    return card


@transaction.atomic
def save_card(
    card: Scorecard,
    *,
    by,
    scores: dict[int, tuple[str | None, str | None]],
    veto: bool | None = False,
    veto_reason: str | None = "",
    version: int | None = None,
    request=None,
) -> Scorecard:
    """Save a draft: whatever is filled in, checked for range; nothing is required yet, not even
    points beside a comment (a comment typed first is kept: ``submit_problems`` asks for the
    points at the submit), nor a veto's reason (the reviewer may tick the veto first). A changed
    score keeps its previous value as a revision. What is None keeps what was saved: a
    criterion's points or its comment (``scores``: criterion id → (points, comment)), a
    criterion left out of ``scores``, the veto, its reason (an autosave passes only what the
    reviewer typed right: a comment beside points out of range is saved, the points left as
    they were). A submitted card is refused, and so is a save from a page loaded at another
    ``version`` of the card (``concurrency.StaleEdit``: another window saved it since). Every
    save moves the version, the one sent as the page is left included (a reload of that tab
    takes the version it produces: static/js/app.js, adoptLeaveSave), so a page open elsewhere
    is refused."""
    card = _lock_writable_card(card, by, submitted=_("评分表已提交，不能再修改。"))
    concurrency.check_version(card, version)
    criteria = {c.pk: c for c in card.nomination.campaign.criteria.all()}
    current = {s.criterion_id: s for s in card.scores.all()}
    for criterion_id, (raw, comment) in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise EvaluationError(_("未知的评分项。"))
        existing = current.get(criterion_id)
        points = (
            parse_points(raw, criterion) if raw is not None else getattr(existing, "points", None)
        )
        comment = (
            (comment or "").strip()[:2000]
            if comment is not None
            else getattr(existing, "comment", "")
        )
        if existing is None:
            if points is not None or comment:
                Score.objects.create(
                    scorecard=card, criterion=criterion, points=points, comment=comment
                )
            continue
        if (existing.points, existing.comment) == (points, comment):
            continue
        if points is None and not comment:
            existing.delete()  # both boxes emptied on a draft: nothing left to keep
            continue
        ScoreRevision.objects.create(
            score=existing, points=existing.points, comment=existing.comment, replaced_by=by
        )
        existing.points, existing.comment = points, comment
        existing.save(update_fields=["points", "comment"])
    if veto is not None:
        card.veto = bool(veto)
    if veto_reason is not None:
        card.veto_reason = veto_reason.strip()[:2000]
    card.state = CardState.DRAFT
    card.save(update_fields=["veto", "veto_reason", "state", "updated_at", concurrency.FIELD])
    return card


@transaction.atomic
def submit_card(card: Scorecard, *, by, request=None) -> Scorecard:
    """Submit once: every criterion scored, extreme scores commented, a veto with its reason
    (``submit_problems``, every problem named at once). Locks the card; a reason left typed for a
    veto not ticked is cleared (a submitted card's reason is its veto's)."""
    card = _lock_writable_card(card, by, submitted=_("评分表已提交，不能重复提交。"))
    scores = {s.criterion_id: s for s in card.scores.select_related("criterion")}
    criteria = list(card.nomination.campaign.criteria.all())
    if not criteria:
        raise EvaluationError(_("本活动尚未设置评分项，评分表不能提交。"))
    problems = submit_problems(
        criteria,
        {pk: (score.points, score.comment) for pk, score in scores.items()},
        card.veto,
        card.veto_reason,
    )
    if problems:
        raise EvaluationError(
            _("还不能提交：%s") % " ".join(problem.message for problem in problems)
        )
    if not card.veto:
        card.veto_reason = ""
    card.state = CardState.SUBMITTED
    card.submitted_at = timezone.now()
    concurrency.check_version(card, None)  # pages still open on the draft are out of date
    points = card.record_points({s.criterion.code: s.points for s in scores.values()})
    card.save(
        update_fields=[
            "state",
            "submitted_at",
            "veto_reason",
            "updated_at",
            concurrency.FIELD,
            *points,
        ]
    )
    Campaign.generation(card.nomination.campaign_id).bump()
    record(
        "review.card_submitted",
        actor=by,
        target=card.nomination,
        org_path=card.nomination.branch.path,
        after={
            "card": card.pk,
            # By criterion code, which the audit log names in the reader's language.
            "scores": {v.criterion.code: str(v.points) for v in scores.values()},
            "veto": card.veto,
        },
        request=request,
    )
    return card


@transaction.atomic
def reopen_card(card: Scorecard, *, by, reason: str, request=None) -> Scorecard:
    """An admin reopens a submitted card for correction, with a reason, while its review is
    open (``rules.reopen_refused``): the card is a draft again, its totals cleared; audited as
    ``review.card_reopened``, the campaign's cached pages renewed."""
    # The nomination is locked first, as every move locks it before its cards (a veto then
    # withdraws them): no move ends its review while the rule is read, and no deadlock.
    nomination = workflow.lock_nomination(card.nomination_id)
    card = _lock_card(card)
    card.nomination = nomination
    require_manager(by, card.nomination.campaign)
    reason = (reason or "").strip()
    if not reason:
        raise EvaluationError(_("请填写重新打开的理由。"))
    if refused := rules.reopen_refused(card, rules.reopen_standing(card.nomination)):
        raise EvaluationError(refused)
    card.state = CardState.DRAFT
    card.reopened_reason = reason
    concurrency.check_version(card, None)  # a page left open before the submit is out of date
    points = card.record_points(None)
    card.save(update_fields=["state", "reopened_reason", "updated_at", concurrency.FIELD, *points])
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
