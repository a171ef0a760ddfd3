"""A choice made over a ranked list shown a page at a time: the results page's shortlist and a
node's pool at a stage (逐级推荐).

The chooser ticks on any page and confirms from any page, so the choice is the whole list's,
not a page's: it travels in the page's address while the chooser turns pages, the confirm form
carries the choices of other pages, and the departures from rank order are listed (the services
ask for a reason for them). Only the ranked nominations without a blocking flag may be chosen
(``RankRow.shortlistable``), the services' own test."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from .rank import RankRow


@dataclass(frozen=True)
class Pick:
    """A nomination the chooser may choose (ranked, no blocking flag), as the choice lists it."""

    nomination_id: int
    rank: int
    name: str
    branch: str
    page: int

    def __str__(self) -> str:
        return self.name


def picks_of(rows: Iterable[RankRow | None], per_page: int) -> list[Pick]:
    """The choosable nominations of a list, each with the page it is on. ``rows``: the list's
    ranking rows in the order its pages show them (None for a nomination not ranked)."""
    return [
        Pick(row.nomination_id, row.rank, row.name, row.branch, index // per_page + 1)
        for index, row in enumerate(rows)
        if row is not None and row.shortlistable
    ]


def apart(selection: list[Pick], against: list[Pick]) -> tuple[list[Pick], list[Pick]]:
    """How ``selection`` differs from ``against``: who it holds that ``against`` does not, and
    who ``against`` holds that it does not, each in rank order."""
    mine = {pick.nomination_id for pick in selection}
    theirs = {pick.nomination_id for pick in against}
    return (
        [pick for pick in selection if pick.nomination_id not in theirs],
        [pick for pick in against if pick.nomination_id not in mine],
    )


class Choice:
    """The choice the confirm form carries, seen from page ``number``: ``chosen`` as the
    chooser left it (``?picked``), else ``default``, else the ranks within the ``quota``.
    ``default``, when given, is the choice already confirmed: the choice departs from it by
    ``joining`` and ``leaving`` as it departs from rank order by ``added`` and ``left_out``."""

    def __init__(
        self,
        picks: list[Pick],
        number: int,
        quota: int,
        chosen: list[int] | None = None,
        default: list[int] | None = None,
    ):
        self.picks, self.number, self.quota = picks, number, quota
        self.default = default
        kept = set(default or [])
        #: The confirmed choice, as far as its nominations may still be chosen.
        self.confirmed = [pick for pick in picks if pick.nomination_id in kept]
        if chosen is None:
            chosen = default
        if chosen is None:
            self.selection = picks[:quota]
        else:
            wanted = set(chosen)
            #: In rank order, whatever the order ticked.
            self.selection = [pick for pick in picks if pick.nomination_id in wanted]

    @cached_property
    def ticked(self) -> set[int]:
        return {pick.nomination_id for pick in self.selection}

    @property
    def boundary(self) -> Pick | None:
        """The last nomination within the quota in rank order: the quota line falls below it."""
        within = self.picks[: self.quota]
        return within[-1] if within else None

    @property
    def skipped(self) -> bool:
        """Ranked nominations that may not be chosen (a blocking flag) rank above the quota
        line: they take no place, so the line falls further down than the quota's rank. A rank
        counts the rows ranked before it, so it exceeds the line's place among the picks only
        when such a row is among them."""
        boundary = self.boundary
        return boundary is not None and boundary.rank > len(self.picks[: self.quota])

    @property
    def short(self) -> bool:
        """Fewer nominations may be chosen than the quota has places (the line falls after the
        last of them)."""
        return len(self.picks) < self.quota

    @cached_property
    def in_rank_order(self) -> list[Pick]:
        """The choice rank order gives for as many places as are chosen (the services' test of
        a departure, which then needs a reason)."""
        return self.picks[: len(self.selection)]

    @property
    def rank_order(self) -> list[int]:
        """The choosable nominations' ids in rank order, as far down as the page's boxes (this
        page's and the other pages' ticks, ``elsewhere``) could reach: what the confirm form's
        script needs to tell a departure as boxes are ticked (static/js/pick-count.js), by
        ``in_rank_order``'s test, which the services still make on submit."""
        boxes = sum(1 for pick in self.picks if pick.page == self.number) + len(self.elsewhere)
        return [pick.nomination_id for pick in self.picks[:boxes]]

    @property
    def added(self) -> list[Pick]:
        return apart(self.selection, self.in_rank_order)[0]

    @property
    def left_out(self) -> list[Pick]:
        return apart(self.selection, self.in_rank_order)[1]

    @property
    def joining(self) -> list[Pick]:
        """Chosen now, not in the confirmed choice ([] before one is confirmed)."""
        return apart(self.selection, self.confirmed)[0] if self.default else []

    @property
    def leaving(self) -> list[Pick]:
        """In the confirmed choice, not chosen now: they would leave it."""
        return apart(self.selection, self.confirmed)[1]

    @property
    def elsewhere(self) -> list[Pick]:
        """The chosen nominations on other pages: the confirm form carries them visibly."""
        return [pick for pick in self.selection if pick.page != self.number]
