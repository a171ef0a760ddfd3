from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("截止提醒")

    def ready(self):
        from . import audit  # noqa: F401  (registers its events with the audit pages)
