from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("评审与测评")

    def ready(self):
        # Registers its events with the audit pages; connects the receivers.
        from . import audit, signals  # noqa: F401
