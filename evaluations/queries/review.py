"""The reviewer's reads (their card, the criteria, where their total stands; the queue is
``queue``) and the review's other small reads (coverage, the survey's results), in plain ORM."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from selection.models import Campaign, Nomination, Stage, StageEntry

from ..choices import REVIEWABLE, SURVEY_MIN_SHOWN, CardState
from ..errors import CardWithdrawn, ConflictDeclared
from ..models import (
    Conflict,
    Criterion,
    Score,
    Scorecard,
    Survey,
    SurveyResponse,
    WithdrawnCard,
)
from ..rules import card_closed_q
from .rank import TWO, survey_quorum


def page_number(number, last: int) -> int:
    """A request's ``?page=``: not a number or below 1 → 1, past the end → the last page."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), last)


def reopened_cards(user) -> list[Scorecard]:
    """The reviewer's cards an admin reopened (``reopened_reason``) and still to submit again,
    while their nomination is in review and their list not confirmed (``rules.card_closed``):
    what the home page sends them back to."""
    return list(
        Scorecard.objects.filter(
            reviewer=user, state=CardState.DRAFT, nomination__state__in=REVIEWABLE
        )
        .exclude(reopened_reason="")
        .exclude(card_closed_q())
        .select_related("nomination__member", "nomination__campaign")
        .order_by("-updated_at", "-pk")
    )


def _cards(user, *related: str) -> QuerySet[Scorecard]:
    return Scorecard.objects.select_related(
        "nomination__member", "nomination__branch", "stage", *related
    ).filter(reviewer=user)


def _latest(user, cards: QuerySet[Scorecard], nomination_pk: int) -> Scorecard:
    """The reviewer's card of the nomination's latest stage (逐级推荐: a reviewer of two stages
    holds one card per stage; the earlier one stays as it was submitted), or 404. The newest
    card read straight from the nomination's cards: a ``pk__in`` subquery of it cost the
    planner more than the whole join. Without a card, a conflict the reviewer declared with
    the nomination is ``ConflictDeclared`` (403): they were assigned it and know why it went;
    the extra query runs only then. A card taken back from them (with why)
    is ``CardWithdrawn`` (a 404 where no page says more); the extra query, again, only then."""
    card = cards.filter(nomination_id=nomination_pk).order_by("-pk").first()
    if card is not None and card.state == CardState.SUBMITTED and card.submitted_at:
        # 逐级推荐: the card of a later stage taken back leaves the earlier, submitted one as
        # the newest; the reviewer's page was the later card's, and is told it was taken back.
        later = WithdrawnCard.objects.filter(
            nomination_id=nomination_pk, reviewer=user, withdrawn_at__gt=card.submitted_at
        )
        withdrawal = later.select_related("nomination").order_by("-pk").first()
        if withdrawal is not None:
            raise CardWithdrawn(withdrawal)
    if card is None:
        conflict = Conflict.objects.filter(nomination_id=nomination_pk, reviewer=user).first()
        if conflict is not None:
            raise ConflictDeclared(conflict)
        withdrawal = (
            WithdrawnCard.objects.filter(nomination_id=nomination_pk, reviewer=user)
            .select_related("nomination")
            .order_by("-pk")
            .first()
        )
        if withdrawal is not None:
            raise CardWithdrawn(withdrawal)
        raise Http404
    return card


def card_for(user, nomination_pk: int) -> Scorecard:
    """The reviewer's own card for a nomination, or 404: a nomination not assigned to them does
    not exist for them (one they declared a conflict with is refused: ``ConflictDeclared``).
    The card only: saving a draft as typed, declaring a conflict or opening an attachment need
    neither its scores nor the nomination's attachments (``card_to_score``)."""
    return _latest(user, _cards(user, "nomination__campaign"), nomination_pk)


def card_to_score(user, nomination_pk: int) -> Scorecard:
    """``card_for``, with the nomination's attachments in upload order (``card.attachments``)
    and the card's scores (``card.scores_by_criterion``: criterion id → (points, comment)),
    prefetched; without its campaign, of which the page needs only the id (one join less to
    plan on every request; the services read the campaign again as they lock the card)."""
    card = _latest(
        user, _cards(user).prefetch_related("nomination__attachments", "scores"), nomination_pk
    )
    card.attachments = list(card.nomination.attachments.all())
    card.scores_by_criterion = {
        score.criterion_id: (score.points, score.comment) for score in card.scores.all()
    }
    return card


class Change(NamedTuple):
    """One change of a score (the committee's 修改记录): the points before it (None when not
    yet given), when, and what it changed: the points, the comment, or both."""

    points: Decimal | None
    at: datetime.datetime
    points_changed: bool
    comment_changed: bool


def score_changes(score: Score) -> list[Change]:
    """The changes of ``score``, oldest first, from its revisions (prefetched: no query). A
    revision holds the value before a change; the next revision, or the score itself, the
    value after it: a change of the comment alone is said so, not shown as the same points."""
    revisions = list(score.revisions.all())
    return [
        Change(
            before.points,
            before.replaced_at,
            before.points != after.points,
            before.comment != after.comment,
        )
        for before, after in zip(revisions, [*revisions[1:], score], strict=False)
    ]


def criteria_of(campaign: Campaign | int) -> list[Criterion]:
    """The criteria of the campaign (or campaign id) in their order."""
    return list(Criterion.objects.filter(campaign=campaign).order_by("position"))


def coverage(campaign: Campaign, stage: Stage | None = None) -> QuerySet[Nomination]:
    """Reviewable nominations with fewer cards than ``min_reviewers``; with ``stage`` (the final
    stage of a campaign run level by level), those of its pool, counting its cards."""
    found = Nomination.objects.filter(campaign=campaign, state__in=REVIEWABLE)
    cards = Count("scorecards")
    if stage is not None:
        found = found.filter(stage_entries__stage=stage)
        cards = Count("scorecards", filter=Q(scorecards__stage=stage))
    return (
        found.annotate(cards=cards)
        .filter(cards__lt=campaign.min_reviewers)
        .select_related("member", "branch")
        .order_by("cards", "branch__path")
    )


@dataclass
class SurveyResults:
    issued: int
    used: int
    responses: int
    shown: bool
    counts: dict[str, dict[str, int]]
    satisfaction: Decimal | None
    quorum_met: bool
    #: Answers needed for the quorum at the codes issued so far.
    needed: int


def survey_results(nomination: Nomination) -> SurveyResults | None:
    """Counts and rates only — never single responses — and only from 5 responses on."""
    # Read afresh: the counters move with every answer.
    survey = Survey.objects.filter(nomination=nomination).first()
    if survey is None:
        return None
    total = survey.response_count
    shown = total >= SURVEY_MIN_SHOWN
    questions = ["political", "performance", "public", "integrity", "overall"]
    counts: dict[str, dict[str, int]] = {q: {} for q in questions}
    satisfaction = None
    if shown:
        responses = SurveyResponse.objects.filter(survey=survey)
        for question in questions:
            counts[question] = dict(
                responses.values_list(question).annotate(n=Count("pk")).order_by()
            )
        satisfaction = (Decimal(survey.satisfied_count) / Decimal(total)).quantize(
            Decimal("0.0001")
        )
    quorum = survey_quorum(nomination.campaign, survey.issued_count)
    # Each answer spends one code, so the codes used are the answers.
    return SurveyResults(
        survey.issued_count, total, total, shown, counts, satisfaction, total >= quorum, quorum
    )


@dataclass
class Standing:
    """What a reviewer sees of a nomination once their own card is submitted (DESIGN.md §4):
    the panel's mean and spread of totals, and where their own total stands."""

    cards: int
    mean: Decimal
    spread: Decimal
    own: Decimal
    higher: int  # cards with a higher total than one's own
    lower: int
    #: 逐级推荐: the nomination's results at the stages below this card's (shown only now).
    earlier: list = field(default_factory=list)


def standing(card: Scorecard) -> Standing | None:
    """The nomination's aggregates for the card's reviewer; None before their card is
    submitted (a reviewer sees no aggregate before that)."""
    if card.state != CardState.SUBMITTED or card.total_half is None:
        return None
    halves = list(
        Scorecard.objects.filter(
            nomination_id=card.nomination_id,
            stage_id=card.stage_id,  # the panel of the card's own stage
            state=CardState.SUBMITTED,
            total_half__isnull=False,
        )
        .order_by()  # the figures do not depend on it: no join for the cards' default order
        .values_list("total_half", flat=True)
    )
    totals = [Decimal(h) / 2 for h in halves]
    own = Decimal(card.total_half) / 2
    mean = sum(totals, Decimal(0)) / len(totals)
    spread = Decimal(statistics.pstdev(totals)) if len(totals) > 1 else Decimal(0)
    return Standing(
        cards=len(totals),
        mean=mean.quantize(TWO, rounding=ROUND_HALF_UP),
        spread=spread.quantize(TWO, rounding=ROUND_HALF_UP),
        own=own,
        higher=sum(total > own for total in totals),
        lower=sum(total < own for total in totals),
        earlier=list(
            StageEntry.objects.filter(
                nomination_id=card.nomination_id, stage__position__lt=card.stage.position
            )
            .select_related("node")
            .order_by("stage__position")
        )
        if card.stage_id is not None
        else [],
    )
