from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("报表")

    def ready(self):
        # Registers its events with the audit pages, the system check; connects the receivers.
        from . import audit, checks, signals  # noqa: F401
