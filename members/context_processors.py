from config.csrf import masked_token

from . import scope


def roles(request):
    """The signed-in user's roles, for navigation (``user_roles`` is a set of role codes;
    ``user_roles_key`` the same as text, which keys the menu kept for those roles)."""
    user = getattr(request, "user", None)
    roles = scope.roles(user) if user is not None else set()
    return {"user_roles": roles, "user_roles_key": ",".join(sorted(roles))}


def signed_in(request):
    """For a signed-in user, ``csrf_token`` as a string instead of the ``csrf`` context
    processor's lazy object: every page's frame writes it into two forms, the page's own forms
    into more, and each use of a lazy object is a chain of proxied lookups. It is made at once:
    a signed-in page always has one (the sign-out form). (``user`` is the user itself already:
    ``SessionLimitsMiddleware`` puts it in ``request.user``.) Visitors keep the lazy token: a
    public page served from the cache must not have asked for one (it would renew the
    visitor's CSRF cookie). Masked as Django masks it, faster (``config.csrf``)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"csrf_token": masked_token(request)}
