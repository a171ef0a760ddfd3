"""The backups' events as the audit pages name them (:mod:`audit.registry`;
BackupsConfig.ready())."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.registry import trail

trail.group(
    "backup",
    _("备份"),
    {
        "backup.created": pgettext_lazy("audit event", "创建备份"),
        "backup.restored": pgettext_lazy("audit event", "从备份恢复"),
    },
)
