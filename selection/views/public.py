"""Public pages: the gallery (风采展示) and the whole-page cache of every public page (the
notice's pages are in ``public_notice``). No login, no personal data (phone, ID number, full
birth date never reach these templates)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from config.cache import Generation
from config.converters import is_number
from config.storage import STORE_ERRORS, file_response, read_whole, store_unavailable
from members.queries import clean_search

from .. import gallery, kept_listings, queries
from ..forms import GalleryFilterForm
from .common import GalleryWindow, url_for

GALLERY_PAGE = 12
#: Past this the page number is cut (a huge one would overflow the database's OFFSET).
MAX_GALLERY_PAGE = 10_000


def cached_page(
    request,
    render_page,
    *,
    generation: Generation = gallery.PUBLIC_PAGES,
    vary: str = "",
    cacheable: bool = True,
    admitted=None,
) -> HttpResponse:
    """Serve a public page from the cache while the data it shows is at the same generation (the
    gallery's changes with every publish and unpublish); kept per language, path and ``vary``.

    The key is the path (no query string) and ``vary``, which the view builds from the
    parameters it knows, normalised: a visitor adding ``?x=<random>`` gets the same entry, so
    anonymous requests cannot fill the cache (Redis, shared with the task queue). A view
    passes ``cacheable=False`` for what has too many variants to keep (a search), and
    ``admitted``, a callable, for a check that costs a look-up: it is asked only when the page is
    not in the cache, since an entry exists only for a page that was admitted.

    Only visitors share it. A signed-in user's page carries their name, their links and a CSRF
    token in the navigation bar: it is made for them and never kept, or the next visitor would
    be shown them (and a signed-in user the page of a visitor)."""
    if (
        request.user.is_authenticated
        or not cacheable
        or request.COOKIES.get(CookieStorage.cookie_name)
    ):
        # (a visitor with a message waiting sees it on a page made for them)
        return render_page()
    path = hashlib.sha256(request.path.encode()).hexdigest()

    def shared_body(response):
        shared = _shareable(response) and (admitted is None or admitted())
        return response.content if shared else None

    key = f"public:{generation.key}:{get_language()}:{vary}:{path}"
    made, body = generation.get_or_make_kept(
        key, render_page, shared_body, settings.PUBLIC_CACHE_SECONDS
    )
    return made if body is None else HttpResponse(body)


def _shareable(response: HttpResponse) -> bool:
    """Whether a visitor's page may be shown to every visitor: a success, setting no cookie,
    with no form carrying a CSRF token (each is one visitor's)."""
    return (
        response.status_code == 200
        and not response.cookies
        and b"csrfmiddlewaretoken" not in response.content
    )


def _shortened(text: str, limit: int = 80) -> str:
    """What ``truncatechars`` makes of a card's summary, without its look at each character for
    combining marks (summaries are plain Chinese text)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _gallery_filters(request) -> dict[str, str]:
    """The gallery's parameters, normalised (anything else in the query string is ignored)."""
    year = request.GET.get("year", "")
    organization = request.GET.get("org", "")
    try:
        page = min(max(int(request.GET.get("page", 1)), 1), MAX_GALLERY_PAGE)
    except (TypeError, ValueError):
        page = 1
    return {
        "year": year if is_number(year) and len(year) == 4 else "",
        "org": organization if is_number(organization) and len(organization) <= 12 else "",
        "tag": clean_search(request.GET.get("tag", ""), 20),
        "q": clean_search(request.GET.get("q", "")),
        "page": str(page),
    }


def _versioned(url: str, image_name: str, published_at) -> str:
    return f"{url}?v={gallery.image_version(image_name, published_at)}"


@require_safe
def gallery_list(request):
    filters = _gallery_filters(request)
    year, organization, tag, search = (filters[k] for k in ("year", "org", "tag", "q"))
    kept = kept_listings.may_keep(year=year, tag=tag, search=search, page=int(filters["page"]))
    shown_areas = []  # the areas render_page read, for ``admitted``

    def render_page():
        # Plain rows, not models: a card shows six values, and building 13 profiles and their
        # organisations was a third of the list's query time.
        cards = queries.gallery_cards(
            int(year) if year else None, int(organization) if organization else None, tag, search
        )
        page = GalleryWindow(cards, filters["page"], size=GALLERY_PAGE, last=MAX_GALLERY_PAGE)
        page.object_list = [
            dict(zip(queries.GALLERY_CARD, row, strict=True)) for row in page.object_list
        ]
        detail, thumbnail, large = (
            url_for("public:gallery_detail"),
            url_for("public:gallery_image", "thumb"),
            url_for("public:gallery_image", "thumb2x"),
        )
        # Numbers reach the template as text: Django renders an int through number_format
        # (localisation a public card does not need), and a page has many of them.
        for card in page:
            card["url"] = detail(card["slug"])
            card["thumbnail_url"] = _versioned(
                thumbnail(card["slug"]), card["thumbnail"], card["published_at"]
            )
            card["large_url"] = (
                _versioned(large(card["slug"]), card["thumbnail_large"], card["published_at"])
                if card["thumbnail_large"]
                else ""
            )
            card["summary"] = _shortened(card["summary"])
            card["year"] = str(card["year"])
        areas = kept_listings.gallery_areas()
        shown_areas.append(areas)
        return render(
            request,
            "public/gallery_list.html",
            {
                "page": page,
                "areas": areas,
                "form": GalleryFilterForm(
                    areas,
                    initial={"q": search, "year": year, "tag": tag, "org": organization},
                ),
                # the pagination's links carry the known parameters only
                "filters": _query(year=year, org=organization, tag=tag, q=search),
                # The filter's HTML (its widgets are half the page's rendering) is kept for the
                # filters of the pages that are kept, by its values and its list of areas: a
                # publish changes the cards, not the filter.
                "filter_key": f"{year}|{organization}"
                if kept and kept_listings.known_area(organization, areas)
                else "",
                "cache_seconds": settings.PUBLIC_CACHE_SECONDS,
            },
        )

    vary = "|".join(filters[k] for k in ("year", "org", "page"))
    return cached_page(
        request,
        render_page,
        vary=vary,
        cacheable=kept,
        admitted=lambda: kept_listings.known_area(organization, shown_areas[0]),
    )


def _query(**values: str) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in values.items():
        if value:
            query[name] = value
    return query


@require_safe
def gallery_detail(request, slug: str):
    """A profile's page, from the cache while the gallery is unchanged (an unpublished profile's
    page goes with the generation). A view is counted once the page is found: a cached page
    costs no query at all."""

    def render_page():
        profile = queries.published_profile(slug)
        if profile is None:
            if queries.revoked_profile_exists(slug):
                # Gone for good; the reason is never shown publicly.
                return render(request, "public/gallery_revoked.html", status=410)
            raise Http404
        return render(request, "public/gallery_detail.html", {"profile": profile})

    response = cached_page(request, render_page)
    if request.method == "GET":  # a link checker's HEAD is no reader
        gallery.count_view(slug)
    return response


@require_safe
def gallery_image(request, slug: str, kind: str):
    profile = get_object_or_404(queries.published_profiles(), slug=slug)
    # Only the names the profile's images go by; any other name is no image, not the photo.
    image = profile.image(kind)
    if not image or (kind == "photo" and not profile.shows_photo):
        raise Http404
    if request.GET.get("v") != gallery.image_version(image.name, profile.published_at):
        # An older version's URL (or none): sent to the current one, never cached itself.
        response = redirect(profile.image_url(kind))
        response["Cache-Control"] = "no-cache"
        return response
    response = (
        _thumbnail_response(image) if kind != "photo" else file_response(image.storage, image.name)
    )
    if response.status_code != 200:
        return response
    response["Content-Type"] = "image/jpeg" if image.name.endswith(".jpg") else "image/png"
    # Briefly, as the pages that link it: a shared cache drops it soon after unpublishing.
    response["Cache-Control"] = f"public, max-age={settings.PUBLIC_CACHE_SECONDS}"
    return response


def _thumbnail_response(image) -> HttpResponse:
    """A thumbnail from the shared cache, read from the storage once per gallery generation:
    the gallery's cards show a dozen to every visitor, and each read from the object store is a
    round trip to it. Thumbnails are small (cut to THUMBNAIL_SIZE and LARGE_THUMBNAIL_SIZE at
    publishing) and kept briefly, as the pages that show them; a new photo is a new file name,
    and every publish, unpublish and change of a published profile bumps the generation."""
    try:
        body = gallery.PUBLIC_PAGES.get_or_make(
            f"public-image:{image.name}",
            lambda: read_whole(image.storage, image.name),
            settings.PUBLIC_CACHE_SECONDS,
        )
    except FileNotFoundError:
        raise Http404 from None
    except STORE_ERRORS as error:
        return store_unavailable(image.name, error)
    return HttpResponse(body)


def home_exemplars():
    return list(
        queries.published_profiles().select_related("organization").order_by("-published_at")[:6]
    )
