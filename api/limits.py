"""Rate limits of the API, per token and per client address, over fixed one-minute windows,
counted in the shared cache (config.ratelimit: one atomic INCR per call and limit), so a
client's calls count the same whichever process or host they land on.

They fail closed: when the count cannot be kept (the cache is down), calls are refused with
503 instead of going through unlimited."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

from audit.services import client_ip
from config import ratelimit

from .errors import error_response
from .tokens import digest

WINDOW = 60


def bearer(request) -> str:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header[:7].lower() == "bearer " else ""


def check(request) -> HttpResponse | None:
    """None when the call may go on; else the 429 (or the 503 of a failing cache)."""
    counters = [("api-ip", client_ip(request) or "-", settings.API_RATE_PER_ADDRESS)]
    raw = bearer(request)
    if raw:
        counters.append(("api-token", digest(raw)[:32], settings.API_RATE_PER_TOKEN))
    for scope, who, limit in counters:
        count = ratelimit.count(scope, who, window=WINDOW)
        if count is None:
            return error_response(503, "rate_limit_unavailable", _("服务暂时不可用，请稍后再试。"))
        if count > limit:
            response = error_response(429, "rate_limited", _("请求过于频繁，请稍后再试。"))
            response["Retry-After"] = str(ratelimit.window_of(WINDOW)[1])
            return response
    return None
