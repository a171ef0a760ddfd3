from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("审计")

    def ready(self):
        # Registers its own events with its pages; connects the receivers.
        from . import events, signals  # noqa: F401
