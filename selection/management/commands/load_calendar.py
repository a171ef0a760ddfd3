from django.core.management.base import BaseCommand

from selection.workdays import load_official_calendar


class Command(BaseCommand):
    help = (
        "Fill the working-day calendar with the State Council's holidays and make-up working "
        "days (from the chinese-calendar package). Idempotent: days already listed are kept."
    )

    def handle(self, *args, **options):
        added = load_official_calendar()
        self.stdout.write(f"{added} official calendar days added.")
