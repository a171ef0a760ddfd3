"""Nominations, their history, attachments and integrity opinions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from members.models import Member, Organization

from .. import fixed_reasons
from ..choices import Action, IntegrityVerdict, Phase, State
from ..concurrency import version_field
from .campaigns import Campaign

SUMMARY_MAX_LENGTH = 300


def photo_path(instance, filename: str) -> str:
    # The name is chosen by selection.uploads; this only places it.
    return f"nominations/photos/{filename}"


def attachment_path(instance, filename: str) -> str:
    return f"nominations/attachments/{filename}"


class Nomination(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("评选活动"), on_delete=models.PROTECT, related_name="nominations"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("被推荐人"), on_delete=models.PROTECT, related_name="nominations"
    )
    branch = models.ForeignKey(
        Organization,
        verbose_name=_("推荐党支部"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )

    deeds_summary = models.TextField(_("主要事迹摘要"), max_length=SUMMARY_MAX_LENGTH, blank=True)
    deeds = models.TextField(_("详细事迹"), blank=True)
    evidence_political = models.TextField(_("政治素质好·事实依据"), blank=True)
    evidence_performance = models.TextField(_("岗位业绩好·事实依据"), blank=True)
    evidence_public = models.TextField(_("群众评价好·事实依据"), blank=True)
    evidence_integrity = models.TextField(_("廉洁自律好·事实依据"), blank=True)
    branch_opinion = models.TextField(_("支部大会(支委会)意见"), blank=True)
    branch_meeting_date = models.DateField(_("支部会议日期"), null=True, blank=True)
    photo = models.ImageField(_("照片"), upload_to=photo_path, blank=True)

    eligibility_override_reason = models.TextField(_("资格规则例外说明"), blank=True)
    #: The phase of the campaign when the nomination was last returned for revision: the
    #: secretary may fix and resubmit it in that phase, until that phase's deadline.
    returned_in = models.CharField(
        _("退回时所处阶段"), max_length=20, choices=Phase.choices, blank=True, editable=False
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    #: The version of the content the edit form carries (``selection.concurrency``).
    version = version_field()
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "推荐")
        verbose_name_plural = pgettext_lazy("models", "推荐")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "member"], name="nomination_once_per_member_per_campaign"
            )
        ]
        indexes = [
            models.Index(fields=["campaign", "branch", "state"], name="nom_quota_idx"),
            # The screening queue: a campaign's submitted nominations in the order submitted,
            # with what its subqueries look up (read from the index alone once vacuumed).
            models.Index(
                fields=["campaign", "state", "submitted_at", "id"],
                include=["member", "branch"],
                name="nom_queue_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.name} · {self.campaign.title}"

    @property
    def evidence(self) -> list[tuple[str, str]]:
        """The four criteria's evidence as (label, text) pairs, in the order of 四好."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in EVIDENCE_FIELDS
        ]

    @property
    def photo_version(self) -> str:
        """The photo's version (selection.files), which a preview's URL carries: kept by the
        browser, and a new photo shows at once."""
        from ..files import photo_version

        return photo_version(self.photo)

    @property
    def photo_preview_url(self) -> str:
        """The photo's small preview on the nomination's pages, under its version."""
        from django.urls import reverse

        url = reverse("selection:nomination_photo_preview", args=[self.pk])
        return f"{url}?v={self.photo_version}"


EVIDENCE_FIELDS = (
    "evidence_political",
    "evidence_performance",
    "evidence_public",
    "evidence_integrity",
)
#: Fields that must be filled in before a nomination can be submitted.
REQUIRED_FOR_SUBMIT = (
    "deeds_summary",
    "deeds",
    *EVIDENCE_FIELDS,
    "branch_opinion",
    "branch_meeting_date",
    "photo",
)


class Attachment(models.Model):
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("推荐"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to=attachment_path)
    original_name = models.CharField(_("文件名"), max_length=120)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小(字节)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "附件")
        verbose_name_plural = pgettext_lazy("models", "附件")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Transition(models.Model):
    """The history of a nomination: one row per applied move."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("推荐"), on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(_("操作"), max_length=30, choices=Action.choices)
    source = models.CharField(_("原状态"), max_length=20, choices=State.choices)
    target = models.CharField(_("新状态"), max_length=20, choices=State.choices)
    reason = models.TextField(_("理由"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "流转记录")
        verbose_name_plural = pgettext_lazy("models", "流转记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"

    def shown_reason(self) -> str:
        """The reason as its reader sees it: a text the portal wrote itself
        (``fixed_reasons``) in the active language, a reason a person wrote as written."""
        if self.reason in fixed_reasons.ALL:
            return gettext(self.reason)
        return self.reason


class IntegrityOpinion(models.Model):
    """廉洁意见 of the integrity officer on one nomination (latest wins; history in the audit)."""

    nomination = models.OneToOneField(
        Nomination,
        verbose_name=_("推荐"),
        on_delete=models.CASCADE,
        related_name="integrity_opinion",
    )
    verdict = models.CharField(_("意见"), max_length=10, choices=IntegrityVerdict.choices)
    reason = models.TextField(_("理由"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("纪检人员"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now=True)
    #: 逐级推荐: the stage that asked for this opinion again (none: given at the screening).
    stage = models.ForeignKey(
        "selection.Stage",
        verbose_name=_("推荐层级"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = pgettext_lazy("model", "廉洁意见")
        verbose_name_plural = pgettext_lazy("models", "廉洁意见")

    def __str__(self) -> str:
        return self.get_verdict_display()
