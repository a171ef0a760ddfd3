"""Rate limits of the API, per token and per client address, over fixed one-minute windows,
counted in the cache (Redis in production) that all processes share.

A process adds its calls to the shared count in batches: at least once a second, every
``BATCH`` calls, and on every call once the count nears the limit (so a small limit is exact).
Far from the limit a call then costs no round trip to Redis (two round trips per call were
two thirds of the cached public list's time); a process may let through at most a batch
beyond the limit before it learns of the others' calls.

They fail closed: when the count cannot be kept (the cache is down), calls are refused with
503 instead of going through unlimited — within a second, or at once near the limit. (The
portal's cache otherwise degrades to "no cache", config/cache.py: its ``incr`` then raises
ValueError, which is how a failure shows.)"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import gettext as _

from audit.services import client_ip

from .errors import error_response
from .tokens import digest

WINDOW = 60
#: Calls a process counts before it adds them to the shared count (also: at least every
#: SYNC_SECONDS, and on every call within a batch of the limit).
BATCH = 20
SYNC_SECONDS = 1.0


class _Counter:
    __slots__ = ("pending", "shared", "synced_at")

    def __init__(self):
        self.pending, self.shared, self.synced_at = 0, 0, 0.0


_counters: dict[str, _Counter] = {}
_lock = threading.Lock()
_window = [0]


def bearer(request) -> str:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header[:7].lower() == "bearer " else ""


def _add(key: str, calls: int) -> int:
    """Add ``calls`` to the shared count under ``key`` and answer it; ValueError (or any cache
    error) when the cache cannot keep it."""
    try:
        return cache.incr(key, calls)
    except ValueError:
        pass  # the first calls of the window, or the cache is failing: tell them apart below
    cache.add(key, 0, WINDOW * 2)
    return cache.incr(key, calls)  # fails again only when the cache cannot keep the count


def _count(key: str, limit: int, now: float) -> int:
    """This call counted: the best known total of the window, shared with the other processes
    when due."""
    with _lock:
        counter = _counters.get(key)
        if counter is None:
            counter = _counters[key] = _Counter()
        counter.pending += 1
        total = counter.shared + counter.pending
        due = (
            counter.pending >= BATCH
            or total + BATCH > limit
            or now - counter.synced_at >= SYNC_SECONDS
        )
        if not due:
            return total
        calls, counter.pending = counter.pending, 0
    try:
        shared = _add(key, calls)
    except Exception:
        with _lock:
            counter.pending += calls  # kept for the next attempt
        raise
    with _lock:
        counter.shared, counter.synced_at = shared, now
        return shared + counter.pending


def _new_window(window: int) -> None:
    with _lock:
        if _window[0] != window:
            _window[0] = window
            _counters.clear()  # the old windows' keys expire in the cache on their own


def check(request) -> HttpResponse | None:
    """None when the call may go on; else the 429 (or the 503 of a failing cache)."""
    now = time.time()
    window = int(now // WINDOW)
    if window != _window[0]:
        _new_window(window)
    counters = [("ip", client_ip(request) or "-", settings.API_RATE_PER_ADDRESS)]
    raw = bearer(request)
    if raw:
        counters.append(("token", digest(raw)[:32], settings.API_RATE_PER_TOKEN))
    for kind, who, limit in counters:
        try:
            count = _count(f"api-rate:{kind}:{who}:{window}", limit, now)
        except Exception:  # whatever the cache raised: refuse (fail closed)
            return error_response(503, "rate_limit_unavailable", _("服务暂时不可用，请稍后再试。"))
        if count > limit:
            response = error_response(429, "rate_limited", _("请求过于频繁，请稍后再试。"))
            response["Retry-After"] = str(max(1, int((window + 1) * WINDOW - now)))
            return response
    return None


def forget() -> None:
    """Drop this process's counts (tests start each with an empty cache)."""
    with _lock:
        _counters.clear()
