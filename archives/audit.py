"""The yearly archive's events as the audit pages name them (:mod:`audit.registry`;
ArchivesConfig.ready())."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.registry import trail

trail.group(
    "archive",
    _("归档"),
    {
        "archive.built": pgettext_lazy("audit event", "生成归档文件"),
        "archive.downloaded": pgettext_lazy("audit event", "下载归档包"),
        "archive.retried": pgettext_lazy("audit event", "重新生成归档文件"),
        "archive.unselected_deleted": pgettext_lazy("audit event", "删除未入选人员个人信息"),
    },
)
