from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "selection"
    verbose_name = _("推荐评选")

    def ready(self):
        from . import audit  # noqa: F401  (registers its events with the audit pages)
