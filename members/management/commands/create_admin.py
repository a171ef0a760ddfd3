"""The first admin of a new installation, or one more later: an account holding the admin role
over an organisation. On an empty installation the organisation is created with it, as the root
of the tree (the rest of the tree comes from ``import_roster --kind organizations``)."""

import getpass
import os
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from members.choices import OrgKind, Role
from members.models import Organization, User
from members.services import assign_role, save_organization

PASSWORD_VARIABLE = "ADMIN_PASSWORD"


class Command(BaseCommand):
    help = (
        "Give an account (created if new) the admin role over an organisation; with --org-name "
        "and --org-kind on an empty installation, create that organisation as the root. The new "
        f"account's password is asked for, or read from {PASSWORD_VARIABLE}."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--org", required=True, help="the organisation's code, e.g. JC")
        parser.add_argument("--org-name", help="create the root organisation with this name")
        parser.add_argument("--org-kind", choices=OrgKind.values, help="the root's kind")
        parser.add_argument("--full-name", default="", help="the new account's name")

    def handle(self, *args, username, org, org_name, org_kind, full_name, **options):
        organization = self._organization(org, org_name, org_kind)
        user = User.objects.filter(username=username).first()
        password = None if user is not None else self._password(User(username=username))
        with transaction.atomic():
            if organization.pk is None:
                save_organization(organization)
            if user is None:
                user = User(username=username, full_name=full_name)
                user.set_password(password)
                user.save()
            assign_role(user, Role.ADMIN, organization)
        self.stdout.write(
            f"{username} is an admin of {organization.name} ({organization.code}): "
            "sign in and import the organisations and members under 名册."
        )

    def _organization(self, code: str, name: str | None, kind: str | None) -> Organization:
        """The organisation of that code, or a new root (not saved yet) where there is none."""
        found = Organization.objects.filter(code=code).first()
        if found is not None:
            return found
        if not (name and kind):
            raise CommandError(
                f"no organisation {code!r}: name an existing code, or give --org-name and "
                "--org-kind to create it as the root of an empty installation"
            )
        if Organization.objects.exists():
            raise CommandError(
                f"no organisation {code!r}, and the installation already has organisations: "
                "add it with import_roster --kind organizations, then name its code"
            )
        return Organization(code=code, name=name, kind=kind)

    def _password(self, user: User) -> str:
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is None:
            if not sys.stdin.isatty():
                raise CommandError(f"a new account needs a password: set {PASSWORD_VARIABLE}")
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("the two passwords differ")
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        return password
