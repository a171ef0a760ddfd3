from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django.utils.module_loading import import_string

from members.choices import Role


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
        from members.models import RoleAssignment

        accounts: dict[tuple[str, str], list[str]] = {}
        for username, full_name, role, place in RoleAssignment.objects.order_by(
            "user_id", "role", "organization__path"
        ).values_list("user__username", "user__full_name", "role", "organization__name"):
            accounts.setdefault((username, full_name), []).append(f"{Role(role).label} · {place}")
        for (username, full_name), roles in accounts.items():
            self.stdout.write(f"  {username:<10} {full_name}  {'; '.join(roles)}")
