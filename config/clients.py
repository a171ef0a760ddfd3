"""The client's address: the one function rate limits, the audit log and django-axes ask.

Behind TRUSTED_PROXY_COUNT reverse proxies (nginx: 1) REMOTE_ADDR is the nearest proxy, and
each proxy appends the address it received the request from to X-Forwarded-For. The client is
therefore the TRUSTED_PROXY_COUNT-th address from the right: anything left of it was sent by
the client and may be made up. With 0 (the default: the portal is reached directly)
X-Forwarded-For is ignored altogether."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(forwarded) < proxies:
        # Fewer hops than proxies: not the path configured; the nearest address we know.
        return remote
    return _address(forwarded[-proxies]) or remote
