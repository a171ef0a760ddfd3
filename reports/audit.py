"""The reports' events as the audit pages name them (:mod:`audit.registry`; ReportsConfig.ready()):
a job's state and kind by their labels, a job stored as "汇总表 #1" in the reader's language."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.registry import trail

from .choices import JobState, Kind
from .models import ReportJob

trail.group(
    "report",
    _("报表"),
    {
        "report.downloaded": pgettext_lazy("audit event", "下载报表"),
        "report.requested": pgettext_lazy("audit event", "申请生成报表"),
        "report.retried": pgettext_lazy("audit event", "重新生成报表"),
    },
)
trail.codes("state", JobState.choices, group="report")
trail.codes("kind", Kind.choices, group="report")
trail.named_by(ReportJob, Kind.choices)
