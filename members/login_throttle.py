"""A limit on failed sign-ins per client address, across user names (password spraying):
past LOGIN_ADDRESS_FAILURE_LIMIT failures within the lockout's cool-off, that address may not
sign in at all until the window ends. django-axes locks a user name only together with the
address it is attacked from, so nobody can lock another person out from elsewhere; this is
its complement. Fails closed: when the cache cannot count, sign-in is refused."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied

from config import ratelimit
from config.clients import client_ip

SCOPE = "login-failures"


def _window() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def blocked(request) -> bool:
    failures = ratelimit.count(SCOPE, client_ip(request) or "-", window=_window(), add=0)
    return failures is None or failures >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


def note_failure(sender, credentials, request=None, **kwargs) -> None:
    """``user_login_failed``: one more failure from the request's address."""
    if request is not None:
        ratelimit.count(SCOPE, client_ip(request) or "-", window=_window())


class AddressThrottleBackend:
    """First of the authentication backends: refuses every sign-in (the admin site's too) from
    an address past the limit, before any password is checked. It has no ``get_user`` on
    purpose: sessions are never tied to it (Django, and the test client's ``force_login``,
    take the first backend that has one)."""

    def authenticate(self, request, **credentials):
        if request is not None and blocked(request):
            raise PermissionDenied
        return None
