from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit.services import purge_older_than


class Command(BaseCommand):
    help = "Delete audit rows older than the retention period (never younger than six months)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.AUDIT_RETENTION_DAYS)

    def handle(self, *args, days: int, **options):
        try:
            purged = purge_older_than(days)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{purged} audit rows older than {days} days deleted")
