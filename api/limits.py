"""Rate limits of the API, per token and per client address, counted in the cache (Redis in
production) over fixed one-minute windows.

They fail closed: when the counters cannot be kept (the cache is down), API calls are refused
with 503 instead of going through unlimited. (The portal's cache otherwise degrades to "no
cache", config/cache.py: its ``incr`` then raises ValueError, which is how a failure shows.)"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import gettext as _

from audit.services import client_ip

from .errors import error_response
from .tokens import digest

WINDOW = 60


def bearer(request) -> str:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header[:7].lower() == "bearer " else ""


def _hit(key: str) -> int:
    """Count one call under ``key``; ValueError (or any cache error) when it cannot."""
    try:
        return cache.incr(key)
    except ValueError:
        pass  # the first call of the window, or the cache is failing: tell them apart below
    cache.add(key, 0, WINDOW * 2)
    return cache.incr(key)  # fails again only when the cache cannot keep the counter


def check(request) -> HttpResponse | None:
    """None when the call may go on; else the 429 (or the 503 of a failing cache)."""
    now = time.time()
    window = int(now // WINDOW)
    counters = [("ip", client_ip(request) or "-", settings.API_RATE_PER_ADDRESS)]
    raw = bearer(request)
    if raw:
        counters.append(("token", digest(raw)[:32], settings.API_RATE_PER_TOKEN))
    for kind, who, limit in counters:
        try:
            count = _hit(f"api-rate:{kind}:{who}:{window}")
        except Exception:  # whatever the cache raised: refuse (fail closed)
            return error_response(503, "rate_limit_unavailable", _("服务暂时不可用，请稍后再试。"))
        if count > limit:
            response = error_response(429, "rate_limited", _("请求过于频繁，请稍后再试。"))
            response["Retry-After"] = str(max(1, int((window + 1) * WINDOW - now)))
            return response
    return None
