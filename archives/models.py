"""The yearly archive of a concluded campaign: its documents frozen as files with checksums, and
one bundle (zip) holding them, a manifest and the campaign's audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reports.choices import Kind

#: The kind of the archived audit trail (the other documents are reports of their Kind).
AUDIT_KIND = "audit"


class CampaignArchive(models.Model):
    class State(models.TextChoices):
        BUILDING = "building", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    campaign = models.OneToOneField(
        "selection.Campaign",
        verbose_name=_("评选活动"),
        on_delete=models.PROTECT,
        related_name="archive",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("归档人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=State.choices, default=State.BUILDING
    )
    error = models.TextField(_("错误信息"), blank=True)
    #: Each build of the files is an edition: the first at archiving, the next after the
    #: personal data of the nominations not selected was deleted.
    edition = models.PositiveSmallIntegerField(_("版次"), default=0)
    built_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    bundle = models.CharField(_("归档包"), max_length=255, blank=True)
    bundle_sha256 = models.CharField(_("归档包 SHA-256"), max_length=64, blank=True)
    bundle_size = models.PositiveBigIntegerField(_("归档包大小(字节)"), default=0)
    #: The campaign's nominations when it was archived: their audit events stay in the bundle's
    #: trail, redacted once the nomination is deleted.
    nomination_ids = models.JSONField(_("推荐编号"), default=list, blank=True, editable=False)
    unselected_deleted_at = models.DateTimeField(
        _("未入选人员个人信息删除时间"), null=True, blank=True
    )
    unselected_deleted_count = models.PositiveIntegerField(_("删除的未入选推荐数"), default=0)

    class Meta:
        verbose_name = pgettext_lazy("model", "年度归档")
        verbose_name_plural = pgettext_lazy("models", "年度归档")

    def __str__(self) -> str:
        return str(self.campaign_id)


class ArchivedDocument(models.Model):
    """One frozen file of an archive's current edition (a report, or the audit trail)."""

    archive = models.ForeignKey(
        CampaignArchive,
        verbose_name=_("年度归档"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("类别"), max_length=20)
    title = models.CharField(_("名称"), max_length=100)
    filename = models.CharField(_("文件名"), max_length=150)
    name = models.CharField(_("存储名称"), max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField(_("大小(字节)"))
    rows = models.PositiveIntegerField(_("条目数"), default=0)

    class Meta:
        verbose_name = pgettext_lazy("model", "归档文件")
        verbose_name_plural = pgettext_lazy("models", "归档文件")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.filename

    @property
    def label(self) -> str:
        """The document's name in the reader's language (``title`` keeps the Chinese name
        written into the bundle's manifest)."""
        if self.kind == AUDIT_KIND:
            return _("审计记录")
        return str(dict(Kind.choices).get(self.kind, self.title))
