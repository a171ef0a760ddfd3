from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchivesConfig(AppConfig):
    name = "archives"
    verbose_name = _("年度归档")

    def ready(self):
        from . import audit  # noqa: F401  (registers its events with the audit pages)
