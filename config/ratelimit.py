"""Rate limits kept in the shared cache (Redis in production), so every process on every host
counts into the same totals, failing closed: when the cache cannot count (Redis down or full),
the request is refused, never let through uncounted.

Windows are fixed (``window`` seconds from the epoch) and their number is part of the key: a
counter the cache keeps longer than meant (Django's Redis ``incr`` is EXISTS then INCR, and a
key that expires between the two is made again without an expiry) is never read again."""

from __future__ import annotations

import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)


def window_of(window: int, now: float | None = None) -> tuple[int, int]:
    """The number of the current window of ``window`` seconds and the seconds left in it."""
    now = time.time() if now is None else now
    number = int(now // window)
    return number, max(1, int((number + 1) * window - now))


def count(scope: str, ident: str, *, window: int, add: int = 1) -> int | None:
    """Add ``add`` (0: only read) to the hits of ``ident`` in ``scope`` in the current window
    of ``window`` seconds and answer the total; None when the cache cannot count. One atomic
    INCR in the shared cache (plus one ADD for the window's first hit)."""
    key = f"rate:{scope}:{ident}:{window_of(window)[0]}"
    try:
        try:
            return cache.incr(key, add)
        except ValueError:
            pass  # the window's first hit, or a cache that cannot count: the ADD tells them apart
        cache.add(key, 0, window * 2)
        return cache.incr(key, add)  # fails again only when the cache cannot count
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
