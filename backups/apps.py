from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    name = "backups"
    verbose_name = _("备份")

    def ready(self):
        from . import audit  # noqa: F401  (registers its events with the audit pages)
