"""The reviewer's queue: their cards one campaign at a time (the campaigns in review first, each
with its own counts), a page of rows, and the next card to fill in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.paginator import Page
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from config.converters import is_number
from config.keyset import CountedPaginator
from members.choices import OrgKind
from selection.choices import Phase
from selection.models import Stage

from ..choices import REVIEWABLE, CardState, WithdrawalReason
from ..models import Scorecard, WithdrawnCard
from ..rules import card_closed_q
from .review import page_number

#: What a queue row shows, in ``QueueRow``'s order.
QUEUE_FIELDS = (
    "nomination_id",
    "state",
    "nomination__member__name",
    "nomination__branch__name",
    "level",
    "superseded",
    "reopened_reason",
    "closed",
)

#: The queue's filter of cards no longer to fill in (``rules.card_closed``: their nomination no
#: longer in review, or their list confirmed), beside the states.
CLOSED = "closed"


@dataclass(frozen=True)
class QueueRow:
    """A card in the reviewer's queue: what the queue shows, and the scoring page's URL."""

    nomination_id: int
    state: str
    name: str
    branch: str
    #: The stage the card scores at (逐级推荐 only; None in a one-stage campaign).
    level: str | None = None
    #: A later stage's card of the same nomination is the one the scoring page opens.
    superseded: bool = False
    #: Why an admin reopened the card (kept after it is submitted again: see ``reopened``).
    reopened_reason: str = ""
    #: Not submitted, and no longer to be (``rules.card_closed``).
    closed: bool = False
    url: str = ""
    state_label: str = ""
    level_label: str = ""

    @property
    def submitted(self) -> bool:
        return self.state == CardState.SUBMITTED

    @property
    def reopened(self) -> str:
        """The admin's reason while the reopened card waits to be submitted again, else ""."""
        return "" if self.submitted or self.closed else self.reopened_reason


def queue_rows(page: Page, url) -> list[QueueRow]:
    """``reviewer_queue``'s page as ``QueueRow``, with the URL ``url(nomination_id)`` and the
    state's and stage's names, translated once a page rather than once a row."""
    states = {value: str(label) for value, label in CardState.choices}
    levels = {value: str(label) for value, label in OrgKind.choices}
    return [
        QueueRow(
            *fields,
            url=url(fields[0]),
            state_label=states[fields[1]],
            level_label=levels.get(fields[4], ""),
        )
        for fields in page.object_list
    ]


@dataclass
class QueueCampaign:
    """A campaign the reviewer holds cards in, with the cards counted per state, ``CLOSED``
    (not submitted and no longer to be: counted there, not under their state) and ``total``."""

    pk: int
    title: str
    year: int
    #: Its review is open (in the review phase, not archived): its cards can be filled in.
    in_review: bool
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def to_do(self) -> int:
        return self.counts[CardState.ASSIGNED] + self.counts[CardState.DRAFT]


def reviewer_campaigns(user) -> list[QueueCampaign]:
    """The campaigns the reviewer holds cards in, those in review first (those with cards left
    to fill in before those done), then the newest (by year, then id), each with its cards
    counted per state (``CLOSED`` apart). One query, grouped by campaign, state and closed: a
    reviewer of many years reads a few rows, not their cards."""
    rows = (
        Scorecard.objects.filter(reviewer=user)
        .annotate(closed=_closed())
        .values_list(
            "nomination__campaign_id",
            "nomination__campaign__title",
            "nomination__campaign__year",
            "nomination__campaign__phase",
            "nomination__campaign__archived_at",
            "state",
            "closed",
        )
        # COUNT(*), not of the card's id: the reviewer's cards are read from the queue's index
        # alone (reviewer, state, nomination), not from the table.
        .annotate(n=Count("*"))
        .order_by()
    )
    found: dict[int, QueueCampaign] = {}
    for pk, title, year, phase, archived_at, state, closed, n in rows:
        campaign = found.setdefault(
            pk,
            QueueCampaign(
                pk,
                title,
                year,
                phase == Phase.REVIEWING and archived_at is None,
                empty_counts(),
            ),
        )
        campaign.counts[CLOSED if closed else state] += n
        campaign.counts["total"] += n
    return sorted(found.values(), key=lambda c: (not c.in_review, not c.to_do, -c.year, -c.pk))


def _closed() -> ExpressionWrapper:
    """Whether the card can no longer be filled in (``rules.card_closed_q``), as a column."""
    return ExpressionWrapper(card_closed_q(), output_field=BooleanField())


def empty_counts() -> dict[str, int]:
    """A campaign's counts before any card: per state, ``CLOSED`` and ``total``."""
    return {**dict.fromkeys(CardState.values, 0), CLOSED: 0, "total": 0}


def chosen_campaign(campaigns: list[QueueCampaign], wanted) -> QueueCampaign | None:
    """The campaign of ``?campaign=`` among the reviewer's; the first (one in review, if any)
    when it is missing, not a number or not one of theirs."""
    by_pk = {c.pk: c for c in campaigns}
    if isinstance(wanted, str) and is_number(wanted) and int(wanted) in by_pk:
        return by_pk[int(wanted)]
    return campaigns[0] if campaigns else None


@dataclass
class GoneCampaign:
    """A campaign whose cards were all taken back from the reviewer (``models.WithdrawnCard``):
    no longer among their campaigns, so the queue says what became of it. ``reasons``: why
    (``WithdrawalReason``'s label) and how many, the most first."""

    pk: int
    title: str
    reasons: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(n for _reason, n in self.reasons)


def withdrawn_campaigns(user, campaigns: list[QueueCampaign], wanted) -> list[GoneCampaign]:
    """The campaigns, not archived, whose cards were all taken back from the reviewer (none
    among ``campaigns``, ``reviewer_campaigns``), each with its cards counted per reason: the
    one of ``?campaign=`` (``wanted``) first, then the newest. One query, grouped by campaign
    and reason; a nomination taken back twice counts once."""
    rows = (
        WithdrawnCard.objects.filter(reviewer=user, nomination__campaign__archived_at__isnull=True)
        .exclude(nomination__campaign_id__in=[c.pk for c in campaigns])
        .values_list("nomination__campaign_id", "nomination__campaign__title", "reason")
        .annotate(n=Count("nomination_id", distinct=True))
        .order_by()
    )
    labels = {value: str(label) for value, label in WithdrawalReason.choices}
    found: dict[int, GoneCampaign] = {}
    for pk, title, reason, n in rows:
        gone = found.setdefault(pk, GoneCampaign(pk, title))
        gone.reasons.append((labels.get(reason, reason), n))
    for gone in found.values():
        gone.reasons.sort(key=lambda pair: -pair[1])
    first = int(wanted) if isinstance(wanted, str) and is_number(wanted) else None
    return sorted(found.values(), key=lambda c: (c.pk != first, -c.pk))


#: A first-stage card has no stage: the level of its campaign's first stage when the campaign
#: has more than one.
_first_level = (
    Stage.objects.filter(
        campaign_id=OuterRef("nomination__campaign_id"), position=1, campaign__stages__position=2
    )
    .order_by()
    .values("level")[:1]
)


#: The reviewer's queue: cards not submitted first, 待评分 and 草稿 alike, then those submitted,
#: each the newest nominations first. A card keeps its place while it is filled in (an autosave
#: makes it a draft) until it is submitted, so 提交并评下一份 goes on down the list the reviewer
#: sees (``next_to_score``). A state's tab, one state, is read off the card index in its order.
QUEUE_ORDER = (
    Case(
        When(state=CardState.SUBMITTED, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    ).asc(),
    "-nomination_id",
    "-pk",
)


def _superseded(user) -> Exists:
    """Whether the reviewer holds a later card of the card's nomination (逐级推荐: one card per
    stage; the earlier one is history)."""
    return Exists(
        Scorecard.objects.filter(
            reviewer=user, nomination_id=OuterRef("nomination_id"), pk__gt=OuterRef("pk")
        )
    )


def _to_score(user, nomination_pk: int):
    """The reviewer's cards still to fill in, other than ``nomination_pk``'s: not submitted,
    their nomination and campaign in review, no later stage's card of theirs beside them."""
    return (
        Scorecard.objects.filter(
            reviewer=user,
            nomination__state__in=REVIEWABLE,
            nomination__campaign__phase=Phase.REVIEWING,
            nomination__campaign__archived_at__isnull=True,
        )
        .exclude(state=CardState.SUBMITTED)
        .exclude(nomination_id=nomination_pk)
        .exclude(_superseded(user))
        .exclude(card_closed_q())
    )


class Next(NamedTuple):
    """The card 提交并评下一份 opens: its nomination, and whether it is of another campaign."""

    nomination_id: int
    elsewhere: bool


def next_to_score(user, nomination_pk: int, campaign_id: int) -> Next | None:
    """The reviewer's next card to fill in after ``nomination_pk``'s, in the queue's order
    (``QUEUE_ORDER``): the first one below it in its campaign ``campaign_id`` that is not
    submitted, a draft as much as one not started; else, from the top of that list, the first
    above it; else one of another campaign in review. The one rule of what 提交并评下一份
    opens; None when every other card is submitted or its nomination (or campaign) no longer
    in review."""
    here = Q(nomination__campaign_id=campaign_id)
    place = Case(
        When(here & Q(nomination_id__lt=nomination_pk), then=Value(0)),
        When(here, then=Value(1)),  # above it: the list goes round to its top
        default=Value(2),  # another campaign's
        output_field=IntegerField(),
    )
    found = (
        _to_score(user, nomination_pk)
        .annotate(place=place)
        .order_by("place", *QUEUE_ORDER)
        .values_list("nomination_id", "place")
        .first()
    )
    return Next(found[0], found[1] == 2) if found else None


class Left(NamedTuple):
    """How many cards a reviewer has still to fill in besides the one on screen: in its
    campaign (``here``) and in their other campaigns in review (``elsewhere``)."""

    here: int
    elsewhere: int


def left_to_score(user, nomination_pk: int, campaign_id: int) -> Left:
    """The cards 提交并评下一份 goes on to, one after another, besides ``nomination_pk``'s
    (the scoring page's 本活动还剩 N 份), counted apart for its campaign ``campaign_id`` and
    for the others: one query."""
    same = Q(nomination__campaign_id=campaign_id)
    return Left(
        **_to_score(user, nomination_pk).aggregate(
            here=Count("pk", filter=same), elsewhere=Count("pk", filter=~same)
        )
    )


def reviewer_queue(
    user, campaign: QueueCampaign | None, *, state: str = "", number=None, per_page: int
) -> Page:
    """Page ``number`` of the reviewer's cards in ``campaign`` (``chosen_campaign``) as
    ``QueueRow`` fields (tuples), in ``QUEUE_ORDER``, those in ``state`` only if it is one (or
    ``CLOSED``; a state's own leaves its closed cards out, as its count does). The campaign's
    counts tell the paginator its count: one query (none without a campaign)."""
    cards = Scorecard.objects.filter(
        reviewer=user, nomination__campaign_id=campaign.pk if campaign else None
    )
    if state == CLOSED:
        cards = cards.filter(card_closed_q())
    elif state in CardState.values:
        cards = cards.filter(state=state)
        if state != CardState.SUBMITTED:
            cards = cards.exclude(card_closed_q())
    else:
        state = "total"
    rows = (
        cards.annotate(
            level=Coalesce("stage__level", Subquery(_first_level)),
            superseded=_superseded(user),
            closed=_closed(),
        )
        .order_by(*(QUEUE_ORDER[1:] if state in CardState.values else QUEUE_ORDER))
        .values_list(*QUEUE_FIELDS)
    )
    paginator = CountedPaginator(rows, per_page, count=campaign.counts[state] if campaign else 0)
    return paginator.page(page_number(number, paginator.num_pages))
