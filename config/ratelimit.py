"""Rate limits kept in the cache, failing closed: when the cache cannot count (Redis down or
full), the request is refused, never let through uncounted."""

from __future__ import annotations

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def count(scope: str, ident: str, *, window: int, add: int = 1) -> int | None:
    """Add ``add`` (0: only read) to the hits of ``ident`` in ``scope`` in the current window
    of ``window`` seconds and answer the total; None when the cache cannot count."""
    key = f"rate:{scope}:{ident}"
    try:
        cache.add(key, 0, window)
        return cache.incr(key, add)
    except Exception:
        logger.warning("rate limit %s: the cache cannot count", scope, exc_info=True)
        return None


def allow(scope: str, ident: str, *, limit: int, window: int) -> bool:
    """One more hit of ``ident`` (a client address, a user name) in ``scope``: True while it
    is within ``limit`` hits in ``window`` seconds; False past it, and whenever the cache
    fails to count (its INCR raises: ResilientRedisCache turns Redis errors into ValueError,
    and a counter that is not there after the ADD is a failure too)."""
    hits = count(scope, ident, window=window)
    return hits is not None and hits <= limit
