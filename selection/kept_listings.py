"""Which listings of the gallery may be kept in the shared cache, for the gallery's page and the
public API alike: the first pages of a year or an area, never a search or a far page. Every
kept variant is one more entry that anonymous requests could make, so only a bounded set is
kept; anything else is answered, made for the request."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from members.models import Organization

#: The listing's pages past this are made for each request, not kept in the cache.
KEPT_PAGES = 5


def _read_areas() -> list[tuple[str, str]]:
    return [
        (str(pk), name)
        for pk, name in Organization.objects.filter(depth=1)
        .order_by("path")
        .values_list("pk", "name")
    ]


def gallery_areas() -> list[tuple[str, str]]:
    """The gallery's area filter: the areas one level below the top (a city's districts), not
    every branch with a profile (10 choices instead of 500). All of them, also one without a
    profile yet: asking which have one (an EXISTS over each subtree) costs an uncached page
    more than its cards.

    Kept in the shared cache for as long as a cached public page is served: a district added or
    renamed reaches the filter no later than it reaches a cached page. Kept under the release
    (the ``pages`` cache), as everything the code makes."""
    return caches["pages"].get_or_set("gallery:areas", _read_areas, settings.PUBLIC_CACHE_SECONDS)


def may_keep(*, year: str, tag: str, search: str, page: int) -> bool:
    """Whether a listing with these (normalised) filters may be kept. An area in the filter must
    also be one of ``gallery_areas``: ask ``known_area`` only once the listing is made."""
    this_year = timezone.localdate().year
    return (
        not tag
        and not search
        and page <= KEPT_PAGES
        and (not year or 2000 <= int(year) <= this_year + 1)
    )


def known_area(organization: str, areas: list[tuple[str, str]]) -> bool:
    return not organization or organization in dict(areas)
