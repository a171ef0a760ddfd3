from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("报表")

    def ready(self):
        # Registers the system check; connects the receivers.
        from . import checks, signals  # noqa: F401
