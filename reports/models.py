"""Report jobs: the row is the source of truth for a report's progress and file (DESIGN.md §7);
Celery's result backend is never read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from .choices import JobState, Kind


class ReportJob(models.Model):
    kind = models.CharField(_("报表"), max_length=20, choices=Kind.choices)
    campaign = models.ForeignKey(
        "selection.Campaign",
        verbose_name=_("评选活动"),
        on_delete=models.CASCADE,
        related_name="report_jobs",
    )
    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("党组织范围"),
        on_delete=models.PROTECT,
        related_name="report_jobs",
    )
    #: The organisations' paths when the job covers several (a secretary of two branches
    #: asking for their whole scope); empty when it covers ``organization`` alone.
    scope_paths = models.JSONField(_("范围"), default=list, blank=True)
    nomination = models.ForeignKey(
        "selection.Nomination",
        verbose_name=_("推荐人选"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_jobs",
        help_text=_("只生成这一位人选的推荐审批表。"),
    )
    #: 逐级推荐: the report of one stage's pools (the nodes of that stage within
    #: ``organization``), on that stage's cards and ranks; empty for the campaign's result.
    stage = models.ForeignKey(
        "selection.Stage",
        verbose_name=_("推荐层级"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_jobs",
    )
    #: 推荐审批表: phone, ID number and birth date in full, asked for explicitly by an admin
    #: (``rules.may_unmask``; audited); masked otherwise, as on the screens.
    unmasked = models.BooleanField(_("完整个人信息"), default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.CASCADE,
        related_name="report_jobs",
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("进度(%)"), default=0)
    error = models.TextField(_("错误信息"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("已运行次数"), default=0)
    # The run that holds the job: a second delivery of the same message (the worker died, the
    # sweeper enqueued it again) finds another token and leaves the job alone.
    token = models.CharField(max_length=32, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    enqueued_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    file = models.CharField(_("文件"), max_length=255, blank=True)
    filename = models.CharField(_("文件名"), max_length=150, blank=True)
    size = models.PositiveBigIntegerField(_("大小(字节)"), default=0)
    rows = models.PositiveIntegerField(_("条目数"), default=0)

    class Meta:
        verbose_name = pgettext_lazy("model", "报表任务")
        verbose_name_plural = pgettext_lazy("models", "报表任务")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="report_job_owner_idx"),
            models.Index(fields=["state", "heartbeat_at"], name="report_job_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def paths(self) -> list[str]:
        """The organisation paths the job covers (their subtrees)."""
        return list(self.scope_paths) or [self.organization.path]

    @property
    def audit_path(self) -> str:
        """The organisation its audit events are filed under: the deepest one holding every
        organisation the job covers."""
        paths = self.paths
        common = paths[0]
        for path in paths[1:]:
            while not path.startswith(common):
                common = common.rstrip("/").rpartition("/")[0] + "/"
        return common

    @property
    def scope_name(self) -> str:
        """The organisations the job covers."""
        if self.scope_paths:
            return ngettext(
                "我的全部范围（%(n)d 个组织）",
                "我的全部范围（%(n)d 个组织）",
                len(self.scope_paths),
            ) % {"n": len(self.scope_paths)}
        return self.organization.name

    @property
    def scope_label(self) -> str:
        """What the job covers, as the list of jobs shows it."""
        if self.nomination_id:
            return self.nomination.member.name
        if self.stage_id:
            return _("第%(n)d级 · %(scope)s") % {"n": self.stage.position, "scope": self.scope_name}
        return self.scope_name

    @property
    def seconds(self) -> float | None:
        """How long the job took (or has taken so far)."""
        if not self.started_at:
            return None
        end = self.finished_at
        if end is None:
            return None
        return (end - self.started_at).total_seconds()
