from . import scope


def roles(request):
    """The signed-in user's roles, for navigation (``user_roles`` is a set of role codes;
    ``user_roles_key`` the same as text, which keys the menu kept for those roles)."""
    user = getattr(request, "user", None)
    roles = scope.roles(user) if user is not None else set()
    return {"user_roles": roles, "user_roles_key": ",".join(sorted(roles))}
