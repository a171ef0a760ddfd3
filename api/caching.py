"""The public endpoints' responses, cached like the public pages: under a generation that the
services bump when the data changes (selection.gallery.PUBLIC_PAGES, Campaign.generation,
selection.workdays.CALENDAR), per language and URL; each kept with its ETag and the time it was
made (Last-Modified), so a client that already has it gets a 304."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language

from config.cache import Generation

from . import rendering


def _entry(payload) -> tuple[bytes, str, int]:
    body = rendering.dumps(payload)
    return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"', int(time.time())


def _matches(header: str, etag: str) -> bool:
    candidates = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in candidates or etag in candidates


def _not_modified(request, etag: str, made: int) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return _matches(if_none_match, etag)
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and made <= since


def cached_json(
    request,
    make,
    *,
    generation: Generation,
    vary: str = "",
    cacheable: bool = True,
    admitted=None,
) -> HttpResponse:
    """``make()`` answers the payload (it may raise Http404); served from the cache while the
    generation is the same.

    Kept per language, path (no query string) and ``vary``, which the endpoint builds from the
    parameters it validated: a caller adding ``?x=<random>`` gets the same entry, so anonymous
    calls cannot fill the cache. An endpoint passes ``cacheable=False`` for what has too many
    variants to keep (a search), and ``admitted``, a callable asked only when the payload is
    made, for a check that costs a look-up (as ``views.public.cached_page``)."""
    if cacheable:
        path = hashlib.sha256(request.path.encode()).hexdigest()
        key = f"api:{generation.key}:{get_language()}:{vary}:{path}"
        fresh, kept = generation.get_or_make_kept(
            key,
            lambda: _entry(make()),
            lambda entry: entry if admitted is None or admitted() else None,
            settings.PUBLIC_CACHE_SECONDS,
        )
        body, etag, made = kept or fresh
    else:
        body, etag, made = _entry(make())
    if _not_modified(request, etag, made):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Last-Modified"] = http_date(made)
    # Stored anywhere, but checked with us (a cheap 304) before each use.
    response["Cache-Control"] = "public, no-cache"
    return response
