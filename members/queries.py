"""Reads of the members domain, always through the user's scope."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404

from . import scope
from .choices import Role
from .models import Member, Organization, User


def clean_search(value: str, max_length: int = 50) -> str:
    """Search text from a query string: no control characters (PostgreSQL refuses NUL), bounded."""
    return "".join(ch for ch in (value or "")[: max_length * 2] if ch >= " ")[:max_length].strip()


def member_list(user, *, search: str = "") -> QuerySet[Member]:
    members = scope.members(user).select_related("organization")
    search = clean_search(search)
    if search:
        members = members.filter(Q(name__contains=search) | Q(member_no__startswith=search))
    return members.order_by("member_no")  # unique and indexed: pages by key (config.keyset)


def member_for(user, pk: int) -> Member:
    """The member if the user may see them, else 404 (objects out of scope do not exist)."""
    return get_object_or_404(
        scope.members(user)
        .select_related("organization")
        .prefetch_related("assessments", "discipline_records"),
        pk=pk,
    )


def secretaries_to_mail(branch: Organization) -> list[User]:
    """The active secretaries of a branch (or of an organisation above it) who have an e-mail
    address, by address."""
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.SECRETARY,
            role_assignments__organization__path__in=scope.ancestor_paths(branch.path),
        )
        .exclude(email="")
        .only("email", "language")
        .order_by("email")
        .distinct()
    )


def admins_to_mail(organization: Organization) -> list[User]:
    """The active admins of an organisation who have an e-mail address, or, where it has none,
    of the nearest organisation above it that has some (who acts for it); by address."""
    seats = list(
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.ADMIN,
            role_assignments__organization__path__in=scope.ancestor_paths(organization.path),
        )
        .exclude(email="")
        .only("email", "language")
        .annotate(depth=F("role_assignments__organization__depth"))
        .order_by("-depth", "email")
        .distinct()
    )
    nearest = seats[0].depth if seats else None
    return [user for user in seats if user.depth == nearest]
