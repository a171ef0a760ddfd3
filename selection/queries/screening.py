"""The admin's screening queue: the nominations awaiting screening (逐级推荐: or a stage's
screening again), a page at a time, with what the eligibility rules read of each."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Q, QuerySet, Value

from members import scope
from members.choices import Role
from members.models import DisciplineRecord

from .. import eligibility, rules
from ..choices import SCREENING_OVER, State
from ..models import Campaign, Nomination, StageEntry


class ScreeningRow(NamedTuple):
    """A row of the screening queue: what the row shows and what the eligibility rules read."""

    pk: int
    member_id: int
    name: str
    member_status: str
    joined_on: datetime.date
    branch: str
    verdict: str | None
    reason: str | None
    #: Whether the member was commended in the owner's campaign of last year; None where the
    #: campaign does not exclude them (the rule is not evaluated).
    previous_exemplar: bool | None
    #: The member's records: the latest assessment, the discipline records.
    assessment_year: int | None
    assessment_grade: str | None
    discipline: list[eligibility.Discipline]


@dataclass
class QueueRow:
    pk: int
    name: str
    branch: str
    rules: list[eligibility.RuleResult]
    url: str

    @property
    def all_passed(self) -> bool:
        """Every rule passed: the row may be ticked and declared eligible with others."""
        return all(rule.passed for rule in self.rules)

    @property
    def awaiting(self) -> bool:
        """A rule waits for someone (the integrity opinion): the row cannot be ticked yet,
        whatever the other rules say (``eligibility.overridden``)."""
        return any(rule.pending for rule in self.rules)


def screening_queue(
    campaign: Campaign, rows: list[ScreeningRow], url: Callable[[int], str]
) -> list[QueueRow]:
    """The eligibility rules evaluated for a page of ``screening_page`` (which read all they
    need)."""
    campaign_rules = eligibility.Rules(
        campaign, {row.member_id for row in rows if row.previous_exemplar}
    )
    outcomes = campaign_rules.outcomes
    return [
        QueueRow(
            row.pk,
            row.name,
            row.branch,
            outcomes(
                row.member_id,
                row.member_status,
                row.joined_on,
                row.assessment_year,
                row.assessment_grade,
                row.discipline,
                row.verdict,
                row.reason,
            ),
            url(row.pk),
        )
        for row in rows
    ]


def _awaiting_screening(prefixes: list[str]) -> QuerySet[Nomination]:
    """Submitted nominations under an admin's ``prefixes`` (``scope.paths``): what the queue
    lists and what its bulk approval may touch, defined once."""
    return Nomination.objects.filter(state=State.SUBMITTED).filter(
        scope.prefixes_q(prefixes, "branch__path")
    )


def _queue(user, campaign: Campaign) -> QuerySet[Nomination]:
    """The queue's nominations, oldest submission first (``nom_queue_idx``): what its pages
    count, without the joins of their rows (``_rows``). After the screening phase, those whose
    screening was left unfinished (``rules.SCREENING_LEFT_OVER``, in the admin's scope), and
    under review (逐级推荐) those waiting in the pool of a node in the admin's scope at a stage
    that screens eligibility again."""
    prefixes = scope.paths(user, Role.ADMIN)
    if campaign.phase in SCREENING_OVER:
        left_over = rules.screening_left_over_for(user)
        waiting = StageEntry.objects.filter(
            rules.AWAITING_STAGE_SCREENING, stage__campaign_id=campaign.pk
        ).filter(scope.prefixes_q(prefixes, "node__path"))
        queue = Nomination.objects.filter(Q(pk__in=waiting.values("nomination_id")) | left_over)
    else:
        queue = _awaiting_screening(prefixes)
    return queue.filter(campaign_id=campaign.pk).order_by("submitted_at", "pk")


def _rows(campaign: Campaign, nominations: QuerySet[Nomination]) -> QuerySet[Nomination]:
    """The columns of a ``ScreeningRow`` for a page of ``_queue`` (plain values: a page makes
    no model instances): its member, branch and integrity opinion joined, its member's latest
    assessment (``eligibility.member_records``) and, where the campaign excludes last year's
    exemplars, whether its member was one."""
    if campaign.exclude_previous_exemplars:
        previous = eligibility.was_previous_exemplar(campaign)
    else:
        previous = Value(None, BooleanField())
    return nominations.annotate(
        previous_exemplar=previous,
        **eligibility.member_records("member_id"),
    ).values_list(*_ROW_COLUMNS)


#: The columns of a queue's row, in the order of ``ScreeningRow``'s first fields.
_ROW_COLUMNS = (
    "pk",
    "member_id",
    "member__name",
    "member__status",
    "member__joined_on",
    "branch__name",
    "integrity_opinion__verdict",
    "integrity_opinion__reason",
    "previous_exemplar",
    "latest_assessment",
)


def _discipline(member_ids: list[int]) -> dict[int, list[eligibility.Discipline]]:
    """The discipline records of these members, by member (one query)."""
    records: dict[int, list[eligibility.Discipline]] = defaultdict(list)
    found = DisciplineRecord.objects.filter(member_id__in=member_ids).values_list(
        "member_id", "decided_on", "until", "kind"
    )
    for member_id, decided_on, until, kind in found:
        records[member_id].append(eligibility.Discipline(decided_on, until, kind))
    return records


def screening_page(user, campaign: Campaign, number, per_page: int) -> Page:
    """Page ``number`` of the nominations awaiting the admin's screening, oldest first, as
    ``ScreeningRow``: three queries (the count, the page, its members' discipline records)."""
    page = Paginator(_queue(user, campaign), per_page).get_page(number)
    values = list(_rows(campaign, page.object_list))
    discipline = _discipline([columns[1] for columns in values]) if values else {}
    page.object_list = [
        ScreeningRow(
            *columns[:-1],
            *eligibility.latest_assessment(columns[-1]),
            discipline.get(columns[1], []),
        )
        for columns in values
    ]
    return page


def screenable(user, ids: list[int]) -> QuerySet[Nomination]:
    """Of these nominations, those still awaiting the user's screening."""
    return (
        _awaiting_screening(scope.paths(user, Role.ADMIN))
        .filter(pk__in=ids)
        .select_related("member", "branch", "campaign")
        .order_by("branch__path", "member__name")
    )


def screening_left(user, campaign: Campaign) -> int:
    """How many of the campaign's nominations the screening left over that the user closes
    (``rules.screening_left_over_for``): the number the screening queue lists."""
    return Nomination.objects.filter(rules.screening_left_over_for(user), campaign=campaign).count()
