"""The results page: the ranking a page at a time, kept in the cache while nothing that
changes the results has changed (``Campaign.generation``), under the release that made it (the
``pages`` cache)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cached_property

from django.core.cache import caches
from django.core.paginator import Page, Paginator

from audit.queries import latest_after
from selection.choices import State
from selection.models import Campaign
from selection.nodes import is_staged, stages_of

from ..models import Criterion
from .choice import Choice, picks_of
from .rank import Calibration, RankRow, calibration, ranking, tie_break_codes, with_medians
from .review import criteria_of, page_number
from .unranked import InReview, unranked

#: Rows per page of the results, and how long a computed page is kept (a change of the
#: campaign's results generation makes it unreachable before that).
RESULTS_PAGE = 50
RESULTS_SECONDS = 3600


class Results:
    """One page of the results page. ``key`` names this state of the results (the template
    keeps the rendered page under it), so on most views nothing but the number of rows is
    read: the rows, the criteria, the calibration and the shortlist's choice only when the page
    is rendered. ``chosen``: the admin's choice so far (None: the confirmed shortlist, or
    before one the ranks within the campaign's number of places)."""

    def __init__(self, campaign: Campaign, key: str, count: int, number, chosen=None):
        self._campaign, self.key, self._chosen = campaign, key, chosen
        paginator = Paginator(range(count), RESULTS_PAGE)
        number = paginator.validate_number(page_number(number, paginator.num_pages))
        self.page = Page(PageRows(self._rows), number, paginator)

    def _rows(self) -> list[RankRow]:
        rows = caches["pages"].get(f"{self.key}:{self.page.number}")
        if rows is None:  # evicted before the count: rank again
            rows = _store_results(self._campaign, self.key)["pages"].get(self.page.number, [])
        return rows

    @cached_property
    def _summary(self) -> dict:
        kept = caches["pages"].get(self.key)
        if kept is None:  # evicted before the count: rank again
            kept = _store_results(self._campaign, self.key)
        return kept

    @cached_property
    def choice(self) -> Choice:
        return Choice(
            self._summary["picks"],
            self.page.number,
            self._campaign.exemplar_count,
            self._chosen,
            default=self._summary["shortlisted"],
        )

    @property
    def shortlisted(self) -> list[int]:
        """The confirmed shortlist (拟推荐名单): the ids of its nominations, [] before one."""
        return self._summary["shortlisted"]

    @property
    def reason(self) -> str:
        """The reason recorded with the confirmed shortlist ("" before one, or none written)."""
        return self._summary["reason"]

    @property
    def shows_confirmed(self) -> bool:
        """The page shows the confirmed shortlist as it stands: no choice of the admin's own in
        the address, or one that neither adds to it nor drops from it (``Choice.joining``,
        ``Choice.leaving``); the confirm form then has nothing to confirm."""
        if not self._summary["shortlisted"]:
            return False
        return not (self.choice.joining or self.choice.leaving)

    @property
    def unranked(self) -> list[InReview]:
        """The nominations in review the ranking leaves out (``unranked``)."""
        return self._summary["unranked"]

    @property
    def staged(self) -> bool:
        """Run level by level (more than one stage)."""
        return self._summary["staged"]

    @property
    def criteria(self) -> list[Criterion]:
        return self._summary["criteria"]

    @property
    def calibration(self) -> list[Calibration]:
        return self._summary["calibration"]

    @property
    def tie_order(self) -> list[str]:
        """The criteria that order equal totals, by their labels, in the order the ranking
        applies them (``tie_break_codes``, as ``ranking`` does)."""
        return tie_order(self._campaign, self.criteria)

    @property
    def page_has_ties(self) -> bool:
        """A row of this page shares its total with another (its 同分 badge is explained
        under the table)."""
        return any(row.tied for row in self.page)


class PageRows(Sequence):
    """A page's rows, fetched on first use (a page kept rendered in the cache reads none)."""

    def __init__(self, load):
        self._load, self._rows = load, None

    def _get(self) -> list[RankRow]:
        if self._rows is None:
            self._rows = self._load()
        return self._rows

    def __len__(self) -> int:
        return len(self._get())

    def __getitem__(self, index):
        return self._get()[index]


def results(campaign: Campaign, number, chosen: list[int] | None = None) -> Results:
    """A page of the ranking, from the cache while nothing that changes the results has changed
    (``Campaign.generation``). On a miss the whole campaign is ranked once and every page
    stored, so paging through 5,000 nominations ranks them once, not once per page."""
    generation = Campaign.generation(campaign.pk)

    def rank():
        key = f"results:{campaign.pk}:{generation.current()}"
        return key, _store_results(campaign, key)["count"]

    # The token and the number of rows in one round trip to Redis.
    key, count = generation.get_or_make(f"results:{campaign.pk}:count", rank, RESULTS_SECONDS)
    return Results(campaign, key, count, number, chosen)


def ranked_row(campaign: Campaign, nomination_id: int) -> RankRow | None:
    """One nomination's row of the ranking (its criteria, total and rank), for its own page:
    the campaign ranked once and every row kept, as the results pages are, while nothing that
    changes the results has changed; None for a nomination the ranking does not hold."""
    generation = Campaign.generation(campaign.pk)
    rows = generation.get_or_make(
        f"ranked-rows:{campaign.pk}",
        lambda: {row.nomination_id: row for row in ranking(campaign)},
        RESULTS_SECONDS,
    )
    return rows.get(nomination_id)


def tie_order(campaign: Campaign, criteria: list[Criterion]) -> list[str]:
    """The labels of the criteria that order equal totals, in the order the ranking applies
    them (``tie_break_codes``, as ``ranking`` does)."""
    labels = {criterion.code: criterion.label for criterion in criteria}
    return [labels[code] for code in tie_break_codes(campaign) if code in labels]


def mark_ties(rows: list[RankRow]) -> list[RankRow]:
    """Mark the ranked rows whose total another ranked row shares (同分); a vetoed row, not
    ranked, ties with none."""
    totals = Counter(row.total for row in rows if row.rank is not None)
    for row in rows:
        row.tied = row.rank is not None and totals[row.total] > 1
    return rows


def shortlist_reason(campaign: Campaign) -> str:
    """The reason written when the shortlist was confirmed or last revised: kept in that
    decision's audit row only, never in a nomination's history (``services.choosing``)."""
    after = latest_after(["review.shortlist_confirmed", "review.shortlist_revised"], campaign)
    return (after or {}).get("reason", "")


def _store_results(campaign: Campaign, key: str) -> dict:
    rows = mark_ties(with_medians(ranking(campaign), campaign))
    pages = {
        number: rows[start : start + RESULTS_PAGE]
        for number, start in enumerate(range(0, len(rows), RESULTS_PAGE), start=1)
    } or {1: []}
    decided = any(row.state in (State.SHORTLISTED, State.NOT_SELECTED) for row in rows)
    shortlisted = [row.nomination_id for row in rows if row.state == State.SHORTLISTED]
    summary = {
        "count": len(rows),
        "criteria": criteria_of(campaign),
        "calibration": calibration(campaign),
        "picks": picks_of(rows, RESULTS_PAGE),
        "unranked": unranked(campaign),
        # 逐级推荐: the final stage's shortlist waits for the stages below (the view asks which).
        "staged": is_staged(stages_of(campaign)),
        # A confirmed shortlist is what the page ticks until the admin changes it.
        "shortlisted": shortlisted if decided else None,
        "reason": shortlist_reason(campaign) if shortlisted else "",
    }
    caches["pages"].set_many(
        {key: summary, **{f"{key}:{n}": page for n, page in pages.items()}}, RESULTS_SECONDS
    )
    return {**summary, "pages": pages}
