from django.middleware.csrf import get_token
from django.utils.functional import LazyObject, empty

from . import scope


def roles(request):
    """The signed-in user's roles, for navigation (``user_roles`` is a set of role codes;
    ``user_roles_key`` the same as text, which keys the menu kept for those roles)."""
    user = getattr(request, "user", None)
    roles = scope.roles(user) if user is not None else set()
    return {"user_roles": roles, "user_roles_key": ",".join(sorted(roles))}


def signed_in(request):
    """For a signed-in user, ``user`` and ``csrf_token`` as plain values instead of Django's
    lazy objects (``request.user``, the ``csrf`` context processor's token). Every page's
    frame reads the user five times and writes the token into two forms, the page's own forms
    into more, and each read through a lazy object is a chain of proxied lookups (a failed
    ``user[...]`` first): ~100 µs of a page on the benchmark's machine, where the whole trivial
    response takes 0.25 ms. The token is made at once: a signed-in page always has one (the
    sign-out form). Visitors keep the lazy ones: a public page served from the cache must not
    have asked for a token (it would renew the visitor's CSRF cookie)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"user": resolved_user(user), "csrf_token": get_token(request)}


def resolved_user(user):
    """The user behind ``request.user``'s lazy objects (django-otp's wraps the
    authentication's): every attribute read through them is a chain of proxied lookups, and a
    signed-in request reads a few hundred (its roles, its scope, the middleware's checks)."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user
