"""Writes of the members domain: the organisation tree and role assignments."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from audit.services import record

from .models import PATH_SEPARATOR, Member, Organization, RoleAssignment, User
from .scope import forget


class TreeError(ValueError):
    """An organisation cannot be placed where it was asked to go."""


def _path_for(code: str, parent: Organization | None) -> str:
    prefix = parent.path if parent is not None else PATH_SEPARATOR
    return f"{prefix}{code}{PATH_SEPARATOR}"


@transaction.atomic
def save_organization(org: Organization, *, by: User | None = None) -> Organization:
    """Create or update an organisation, keeping the materialised paths of it and its subtree.

    Side effects: when the code or the parent changed, every descendant's path is rewritten in one
    UPDATE; an audit event is recorded when ``by`` is given.
    """
    old_path = None
    if org.pk is not None:
        old_path = Organization.objects.filter(pk=org.pk).values_list("path", flat=True).first()
    parent = org.parent if org.parent_id is not None else None
    if old_path and parent is not None and parent.path.startswith(old_path):
        raise TreeError("an organisation cannot be placed below itself")
    new_path = _path_for(org.code, parent)
    org.path = new_path
    org.depth = new_path.count(PATH_SEPARATOR) - 2
    org.save()
    if old_path and old_path != new_path:
        Organization.objects.filter(path__startswith=old_path).exclude(pk=org.pk).update(
            path=Concat(Value(new_path), Substr(F("path"), len(old_path) + 1)),
            depth=F("depth") + (org.depth - (old_path.count(PATH_SEPARATOR) - 2)),
        )
    if by is not None:
        record(
            "organization.saved",
            actor=by,
            target=org,
            org_path=org.path,
            before={"path": old_path},
            after={"path": new_path, "name": org.name},
        )
    return org


@transaction.atomic
def assign_role(user: User, role: str, organization: Organization, *, by: User | None = None):
    """Grant ``role`` over ``organization``'s subtree. Idempotent. Audited."""
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, organization=organization
    )
    if created:
        record(
            "role.assigned",
            actor=by,
            target=user,
            org_path=organization.path,
            after={"role": role, "organization": organization.code},
        )
    forget(user)
    return assignment


@transaction.atomic
def revoke_role(user: User, role: str, organization: Organization, *, by: User | None = None):
    """Withdraw a role. Audited when something was withdrawn."""
    deleted, _ = RoleAssignment.objects.filter(
        user=user, role=role, organization=organization
    ).delete()
    if deleted:
        record(
            "role.revoked",
            actor=by,
            target=user,
            org_path=organization.path,
            before={"role": role, "organization": organization.code},
        )
    forget(user)


class LinkError(Exception):
    """A user cannot be linked to this member; the message says why."""


def link_user_to_member(member: Member, username: str, *, by: User, request=None) -> User:
    """Link the user ``username`` to ``member`` (so that conflicts of interest follow the tree):
    an admin over the member's organisation only; a member has at most one user. Audited."""
    from django.utils.translation import gettext as _

    from . import scope
    from .choices import Role

    if not scope.within(by, member.organization.path, Role.ADMIN):
        raise PermissionDenied
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=(username or "").strip()).first()
        if user is None:
            raise LinkError(_("没有这个账号。"))
        taken = User.objects.filter(member=member).exclude(pk=user.pk).first()
        if taken is not None:
            raise LinkError(
                _("该党员已关联账号 %(username)s。") % {"username": taken.get_username()}
            )
        before = user.member_id
        user.member = member
        user.save(update_fields=["member"])
        record(
            "member.user_linked",
            actor=by,
            target=member,
            org_path=member.organization.path,
            before={"user": user.get_username(), "member": before},
            after={"user": user.get_username(), "member": member.pk},
            request=request,
        )
    return user
