"""The deadline reminders' events as the audit pages name them (:mod:`audit.registry`;
RemindersConfig.ready())."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.registry import trail

from .choices import Kind

trail.group(
    "reminder",
    _("提醒"),
    {
        "reminder.sent": pgettext_lazy("audit event", "发送截止提醒"),
    },
)
trail.codes("kind", Kind.choices, group="reminder")
