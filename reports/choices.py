"""The reports of DESIGN.md §7 and the states of a report job."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from members.choices import Role


class Kind(models.TextChoices):
    SUMMARY = "summary", _("汇总表")
    FORMS = "forms", _("推荐审批表")
    DETAIL = "detail", _("评审明细")
    STRUCTURE = "structure", _("结构分析（PDF）")
    STRUCTURE_XLSX = "structure_xlsx", _("结构分析（Excel）")
    NOTICE = "notice", _("公示名单")
    NOTICE_RESULT = "notice_result", _("公示结果")
    REVOCATIONS = "revocations", _("撤销名单")


class JobState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
    EXPIRED = "expired", _("已过期")


#: States in which the page keeps polling the job.
ACTIVE_STATES = {JobState.QUEUED, JobState.RUNNING}
#: States that end a job (nothing runs it again unless the user retries a failed one).
FINAL_STATES = {JobState.DONE, JobState.FAILED, JobState.EXPIRED}


@dataclass(frozen=True)
class Spec:
    """What a report is: who may ask for it, its file type, and whether it holds personal data
    (downloads of those are audited)."""

    roles: tuple[str, ...]
    extension: str
    personal_data: bool = False


SPECS: dict[str, Spec] = {
    Kind.SUMMARY: Spec((Role.ADMIN, Role.SECRETARY), "xlsx"),
    Kind.FORMS: Spec((Role.ADMIN, Role.SECRETARY), "pdf", personal_data=True),
    Kind.DETAIL: Spec((Role.ADMIN,), "xlsx", personal_data=True),
    Kind.STRUCTURE: Spec((Role.ADMIN,), "pdf"),
    Kind.STRUCTURE_XLSX: Spec((Role.ADMIN,), "xlsx"),
    Kind.NOTICE: Spec((Role.ADMIN,), "pdf"),
    Kind.NOTICE_RESULT: Spec((Role.ADMIN,), "pdf"),
    # Names with the reasons of revoked honours: downloads audited.
    Kind.REVOCATIONS: Spec((Role.ADMIN,), "pdf", personal_data=True),
}

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
