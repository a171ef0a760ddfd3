from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load the demo data (idempotent): organisation tree, members, demo accounts and more."

    def handle(self, *args, **options):
        # The workflow e-mails every move; the demo's moves are not news to anyone.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            for dotted in settings.DEMO_SEEDERS:
                self.stdout.write(f"seeding {dotted} …")
                import_string(dotted)()
        self.stdout.write(
            self.style.SUCCESS("Demo data ready. Demo accounts (password demo12345):")
        )
        from members.demo import DEMO_ACCOUNTS

        for username, (full_name, role, _where) in DEMO_ACCOUNTS.items():
            self.stdout.write(f"  {username:<10} {full_name}  {role.label}")
