"""Keyset paging ("previous / next" by an indexed, unique ordering) for lists that grow with the
data: a page is ``WHERE key > last_seen ORDER BY key LIMIT n``, read from the index whatever the
table's size, where an OFFSET page walks past every earlier row and a ``Paginator`` counts them
all on every view. The total is counted only up to a cap (``capped_count``). And for a page
whose total is read with something else: a ``Paginator`` told it (``CountedPaginator``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

#: Rows counted at most for a list's "N rows" line; more shows as "more than N".
COUNT_CAP = 1000


@dataclass(frozen=True)
class KeysetPage:
    object_list: list
    after: str | None  # the key to ask ``after`` for the next page, None on the last page
    before: str | None  # the key to ask ``before`` for the previous page, None on the first page

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_other_pages(self) -> bool:
        return self.after is not None or self.before is not None


def keyset_page(
    rows: QuerySet, key: str, size: int, *, after: str = "", before: str = ""
) -> KeysetPage:
    """The ``size`` rows of ``rows`` after key ``after`` (or before ``before``; neither: the first
    rows) in the order of the unique field ``key``. One query: a row more than the page tells
    whether a page follows in that direction."""
    if before and not after:
        found = list(rows.filter(**{f"{key}__lt": before}).order_by(f"-{key}")[: size + 1])
        more, found = len(found) > size, found[:size][::-1]
        return KeysetPage(found, _key(found[-1], key) if found else None, _first(found, key, more))
    found = list(
        (rows.filter(**{f"{key}__gt": after}) if after else rows).order_by(key)[: size + 1]
    )
    more, found = len(found) > size, found[:size]
    last = _key(found[-1], key) if more else None
    return KeysetPage(found, last, _key(found[0], key) if after and found else None)


def _key(row, key: str) -> str:
    return str(getattr(row, key))


def _first(found: list, key: str, more: bool) -> str | None:
    return _key(found[0], key) if more and found else None


def capped_count(rows: QuerySet, cap: int | None = None) -> int:
    """How many rows, counted up to ``cap`` (``cap`` means "at least ``cap``"): the count of a
    sliced queryset, ``SELECT COUNT(*) FROM (… LIMIT cap)``, stops reading at the cap."""
    return rows.order_by()[: cap or COUNT_CAP].count()


class CountedPaginator(Paginator):
    """A ``Paginator`` told the number of rows (already counted with something else: the
    reviewer's progress, a notice's names), so it does not count them again."""

    def __init__(self, object_list, per_page, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count
