"""The API's reads, in the plain ORM. What a user may see is decided by the apps' predicates
(members.scope, selection.rules, evaluations.rules, reports.rules), never here."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from ninja import Path

from selection import rules as selection_rules
from selection.models import CalendarDay, Campaign, Nomination, PublicNotice
from selection.queries import gallery_cards

#: The largest id a database column holds: a larger one in a URL is a 422, not an overflow.
ID = Path(..., ge=1, le=2**63 - 1)
#: Past this the page number is cut (a huge one would overflow the database's OFFSET).
MAX_PAGE = 10_000


@dataclass
class Window:
    """One page of rows, read with one row more than a page to tell whether there is a next
    (no COUNT: a query the caller does not need)."""

    rows: list
    page: int
    page_size: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    def meta(self) -> dict:
        return {
            "page": self.page,
            "page_size": self.page_size,
            "has_previous": self.has_previous,
            "has_next": self.has_next,
        }


def window(rows, page: int, page_size: int) -> Window:
    page = min(max(page, 1), MAX_PAGE)
    start = (page - 1) * page_size
    found = list(rows[start : start + page_size + 1])
    return Window(found[:page_size], page, page_size, len(found) > page_size)


# --- Public -----------------------------------------------------------------------------------

#: A card's values, in the order ``profile_cards`` reads them.
CARD = ("slug", "title", "summary", "year", "thumbnail", "area")


def profile_cards(
    year: int | None = None, area: int | None = None, tag: str = "", search: str = ""
) -> QuerySet:
    """Published profiles, newest first, as ``CARD`` tuples: the gallery's list and filters
    (year; an area's subtree; a tag; words in the title or summary)."""
    return gallery_cards(year, area, tag, search).values_list(*CARD)


def notices() -> QuerySet[PublicNotice]:
    return PublicNotice.objects.select_related("campaign").order_by("-starts_on", "-pk")


def notice(campaign_pk: int) -> PublicNotice:
    return get_object_or_404(
        PublicNotice.objects.select_related("campaign"), campaign_id=campaign_pk
    )


def calendar(year: int) -> QuerySet[CalendarDay]:
    return CalendarDay.objects.filter(date__year=year).order_by("date")


# --- With a token -----------------------------------------------------------------------------


def campaigns(user) -> QuerySet[Campaign]:
    return selection_rules.visible_campaigns(user).select_related("owner").order_by("-year", "-pk")


def campaign(user, pk: int) -> Campaign:
    return get_object_or_404(campaigns(user), pk=pk)


def nominations(
    user, *, campaign: int | None = None, state: str = "", branch: int | None = None
) -> QuerySet[Nomination]:
    found = selection_rules.visible_nominations(user).select_related("member", "branch")
    if campaign is not None:
        found = found.filter(campaign_id=campaign)
    if state:
        found = found.filter(state=state)
    if branch is not None:
        found = found.filter(branch_id=branch)
    return found.order_by("-updated_at", "-pk")


def nomination(user, pk: int) -> Nomination:
    return get_object_or_404(
        selection_rules.visible_nominations(user).select_related(
            "member", "branch", "campaign__owner"
        ),
        pk=pk,
    )
