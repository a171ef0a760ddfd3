"""The first load of a large roster from a file path: the same checks and the same all-or-nothing
import as the portal's upload."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from members import roster
from members.models import User


class Command(BaseCommand):
    help = "Import organisations or members from an xlsx roster (the portal's template)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--kind", choices=[k for k, _label in roster.Kind.CHOICES], required=True
        )
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--user", help="import within this admin's scope, in their name")
        who.add_argument(
            "--everywhere",
            action="store_true",
            help="no scope limit (the first load of a new installation)",
        )
        parser.add_argument("--check", action="store_true", help="only check; write nothing")

    def handle(self, *args, path: Path, kind: str, user, everywhere, check, **options):
        by = None
        if user:
            by = User.objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"no user {user!r}")
        if not path.is_file():
            raise CommandError(f"no file {path}")
        try:
            if check:
                plan = roster.check_file(path, kind, roster.Scope(by, everywhere=everywhere))
            else:
                plan, _counts = roster.import_path(path, kind, by=by, everywhere=everywhere)
        except roster.RosterFileError as error:
            raise CommandError(str(error)) from error
        for problem in plan.problems:
            self.stderr.write(
                f"row {problem.row}, {problem.column} = {problem.value!r}: {problem.message}"
            )
        if plan.problems:
            raise CommandError(f"{len(plan.problems)} problems; nothing was written")
        self.stdout.write(
            f"{plan.total} rows: {len(plan.creates)} new, {len(plan.updates)} updated, "
            f"{plan.unchanged} unchanged" + ("" if check else " — imported")
        )
