"""Who may see and revoke which API token. Built on :mod:`members.scope`.

A token is its user's; an admin also sees and revokes the tokens of users who hold a role in
the subtree they administer (a token is a way into that subtree)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from members import scope
from members.choices import Role
from members.models import RoleAssignment

from .models import ApiToken


def own_tokens(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def subtree_tokens(user) -> QuerySet[ApiToken]:
    """Other users' tokens that an admin may see and revoke (none for anyone else)."""
    administered = scope.paths(user, Role.ADMIN)
    if not administered:
        return ApiToken.objects.none()
    inside = RoleAssignment.objects.filter(
        scope.prefixes_q(administered, "organization__path"), user=OuterRef("user")
    )
    return ApiToken.objects.filter(Exists(inside)).exclude(user=user)


def can_manage_token(user, token: ApiToken) -> bool:
    if token.user_id == user.pk:
        return True
    return any(
        scope.within(user, path, Role.ADMIN) for _role, path in scope.assignments(token.user)
    )


def may_write(user) -> bool:
    """Write endpoints (the roster) are for admins; a token must also have been made for it."""
    return scope.has_role(user, Role.ADMIN)
