"""Who may see what: the one place that turns a user's roles into organisation scopes.

A role is held over an organisation and reaches everything below it (its subtree). Every view and
every download asks this module (directly, or through an app's ``rules.py`` built on it) before it
shows an object; objects outside the scope are treated as not existing (404).

- admin (组织部管理员): organisations, members and nominations in the subtree they administer;
- secretary (支部书记): the branches they are secretary of, their members and nominations;
- reviewer, integrity officer, auditor: no member data; what they see is decided per object by the
  apps that own those objects, using :func:`scope_q` with their role.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from .choices import OrgKind, Role
from .models import Member, Organization, RoleAssignment

#: Roles that may list organisations and members of their scope.
MEMBER_ROLES = (Role.ADMIN, Role.SECRETARY)

_CACHE_ATTR = "_scope_assignments"


def assignments(user) -> list[tuple[str, str]]:
    """``(role, organisation path)`` pairs of an active user, read once per user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user).values_list("role", "organization__path")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user) -> None:
    """Drop the cached assignments (after a role change within the same request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles(user) -> set[str]:
    return {role for role, _path in assignments(user)}


def has_role(user, *wanted: str) -> bool:
    return bool(roles(user) & set(wanted))


def paths(user, *wanted: str) -> list[str]:
    """Organisation paths where the user holds one of ``wanted``, nested paths folded away."""
    found = sorted({path for role, path in assignments(user) if role in wanted})
    folded: list[str] = []
    for path in found:
        if not any(path.startswith(outer) for outer in folded):
            folded.append(path)
    return folded


def scope_q(user, roles_: Iterable[str], path_lookup: str) -> Q:
    """A filter matching rows whose organisation path (``path_lookup``) lies in the user's scope
    for any of ``roles_``. Matches nothing when the user holds none of them."""
    return prefixes_q(paths(user, *roles_), path_lookup)


def prefixes_q(prefixes: Iterable[str], path_lookup: str) -> Q:
    """Rows whose organisation path starts with one of ``prefixes`` (none: no row)."""
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(**{f"{path_lookup}__startswith": prefix})
    return condition


def covers_whole_tree(user, *roles_: str) -> bool:
    """The user holds one of ``roles_`` over a root organisation (a whole 市委/区委 tree)."""
    return any(path.count("/") == 2 for path in paths(user, *roles_))


def ancestor_paths(path: str) -> list[str]:
    """``/A/B/C/`` → ``["/A/", "/A/B/", "/A/B/C/"]``: the organisation and everything above it."""
    codes = [code for code in path.split("/") if code]
    return ["/" + "/".join(codes[: i + 1]) + "/" for i in range(len(codes))]


def within(user, path: str, *roles_: str) -> bool:
    """True when an organisation path lies inside the user's scope for one of ``roles_``."""
    return any(path.startswith(prefix) for prefix in paths(user, *roles_))


def organizations(user, *roles_: str) -> QuerySet[Organization]:
    return organizations_within(paths(user, *(roles_ or MEMBER_ROLES)))


def organizations_within(prefixes: Iterable[str]) -> QuerySet[Organization]:
    """Organisations under ``prefixes`` (a user's :func:`paths`)."""
    return Organization.objects.filter(prefixes_q(prefixes, "path"))


def branches(user, *roles_: str) -> QuerySet[Organization]:
    """Branches (党支部) in scope: where a secretary may nominate, or an admin may look."""
    return branches_within(paths(user, *(roles_ or MEMBER_ROLES)))


def branches_within(prefixes: Iterable[str]) -> QuerySet[Organization]:
    """Branches under ``prefixes`` (a user's :func:`paths`)."""
    return organizations_within(prefixes).filter(kind=OrgKind.BRANCH)


def members(user, *roles_: str) -> QuerySet[Member]:
    roles_ = roles_ or MEMBER_ROLES
    return Member.objects.filter(scope_q(user, roles_, "organization__path"))


def can_see_member(user, member: Member) -> bool:
    return within(user, member.organization.path, *MEMBER_ROLES)


def can_see_personal_data(user, member: Member) -> bool:
    """Unmasked phone and ID number: admins of the member's subtree only."""
    return within(user, member.organization.path, Role.ADMIN)
