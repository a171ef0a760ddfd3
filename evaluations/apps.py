from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("评审与测评")

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
