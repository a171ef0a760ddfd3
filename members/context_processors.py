from . import scope


def roles(request):
    """The signed-in user's roles, for navigation (``user_roles`` is a set of role codes)."""
    user = getattr(request, "user", None)
    return {"user_roles": scope.roles(user) if user is not None else set()}
