"""Campaigns, nominations, their history and attachments."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.cache import Generation
from members.choices import AssessmentGrade
from members.models import Member, Organization

from .choices import Action, IntegrityVerdict, Phase, QuotaKind, State

SUMMARY_MAX_LENGTH = 300


class Campaign(models.Model):
    """One year's selection run by an organisation over its subtree."""

    title = models.CharField(_("名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    owner = models.ForeignKey(
        Organization,
        verbose_name=_("主办组织"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    phase = models.CharField(_("阶段"), max_length=20, choices=Phase.choices, default=Phase.DRAFT)
    opens_at = models.DateTimeField(_("推荐开始时间"), null=True, blank=True)
    nominating_deadline = models.DateTimeField(_("推荐截止时间"), null=True, blank=True)
    screening_deadline = models.DateTimeField(_("资格审查截止时间"), null=True, blank=True)
    reviewing_deadline = models.DateTimeField(_("评审截止时间"), null=True, blank=True)

    # Quotas: a campaign default, overridable per organisation (QuotaOverride).
    quota_kind = models.CharField(
        _("名额方式"), max_length=10, choices=QuotaKind.choices, default=QuotaKind.FIXED
    )
    quota_value = models.DecimalField(
        _("名额"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("固定名额为人数；按比例时为正式党员的百分比，进一法取整。"),
    )
    exemplar_count = models.PositiveSmallIntegerField(_("拟选树人数"), default=10)

    # Eligibility rules (DESIGN.md §3), evaluated by selection.eligibility.
    reference_date = models.DateField(
        _("资格计算基准日"), help_text=_("党龄、处分期限等按此日期计算。")
    )
    require_full_member = models.BooleanField(_("须为正式党员"), default=True)
    min_party_years = models.PositiveSmallIntegerField(_("最低党龄(年)"), default=1)
    discipline_lookback_years = models.PositiveSmallIntegerField(
        _("处分回溯年限"), default=2, help_text=_("在此年限内受过处分或处分影响期未满的不得推荐。")
    )
    min_assessment_grade = models.CharField(
        _("最近一次年度考核不低于"),
        max_length=20,
        choices=AssessmentGrade.choices,
        default=AssessmentGrade.COMPETENT,
    )
    exclude_previous_exemplars = models.BooleanField(_("上一届已选树的不再推荐"), default=True)

    # Scoring thresholds (DESIGN.md §4), used by the evaluations app.
    min_reviewers = models.PositiveSmallIntegerField(
        _("每人最少评审人数"), default=5, validators=[MinValueValidator(1)]
    )
    public_weight = models.DecimalField(
        _("群众评价中评委评分权重"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )
    min_satisfaction = models.DecimalField(
        _("最低满意率"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.80"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )
    min_responses = models.PositiveSmallIntegerField(_("民主测评最少份数"), default=10)
    spread_threshold = models.DecimalField(
        _("评分分歧提示阈值(标准差)"), max_digits=5, decimal_places=2, default=Decimal("8.00")
    )
    tie_break = models.CharField(
        _("同分排序"),
        max_length=100,
        default="political,integrity,public,performance",
        help_text=_("总分相同时依次比较的评分项代码，逗号分隔；最后按提交时间先后。"),
    )

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评选活动")
        verbose_name_plural = _("评选活动")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def generation(campaign_id: int) -> Generation:
        """Changes whenever the campaign, its criteria, a nomination's state, a submitted card
        or a survey's counters change: part of the key of what is cached from them (the
        review results, the public notice)."""
        return Generation(f"campaign:{campaign_id}")


class QuotaOverride(models.Model):
    """A quota for one organisation's branches, replacing the campaign default below it."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("评选活动"), on_delete=models.CASCADE, related_name="quotas"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("名额方式"), max_length=10, choices=QuotaKind.choices)
    value = models.DecimalField(
        _("名额"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )

    class Meta:
        verbose_name = _("名额调整")
        verbose_name_plural = _("名额调整")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organization"], name="quota_override_once_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_kind_display()} {self.value}"


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
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("推荐")
        verbose_name_plural = _("推荐")
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
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
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
        verbose_name = _("流转记录")
        verbose_name_plural = _("流转记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


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

    class Meta:
        verbose_name = _("廉洁意见")
        verbose_name_plural = _("廉洁意见")

    def __str__(self) -> str:
        return self.get_verdict_display()


# --- Public notice (公示), objections, exemplar profiles ------------------------------------------


class CalendarDay(models.Model):
    """An exception to the Monday–Friday week: a public holiday on a weekday, or a make-up
    working day (调休) on a weekend. Admins keep the list for each year."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("法定节假日")
        WORKDAY = "workday", _("调休上班")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    note = models.CharField(_("说明"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class PublicNotice(models.Model):
    """The 公示 of a campaign's shortlist."""

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("评选活动"), on_delete=models.CASCADE, related_name="notice"
    )
    starts_on = models.DateField(_("公示开始"))
    ends_on = models.DateField(_("公示结束"))
    working_days = models.PositiveSmallIntegerField(_("工作日数"))
    contact = models.CharField(
        _("受理联系方式"), max_length=200, help_text=_("如：组织部干部科 电话 0000-0000000")
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")

    def __str__(self) -> str:
        return f"{self.campaign} {self.starts_on}–{self.ends_on}"


class Objection(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        DISMISSED = "dismissed", _("不予采纳")
        UPHELD = "upheld", _("查实")

    notice = models.ForeignKey(
        PublicNotice, verbose_name=_("公示"), on_delete=models.CASCADE, related_name="objections"
    )
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("被反映人"), on_delete=models.CASCADE, related_name="objections"
    )
    name = models.CharField(_("反映人姓名"), max_length=50)
    contact = models.CharField(_("联系方式"), max_length=100)
    text = models.TextField(_("反映内容"), max_length=2000)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    status = models.CharField(
        _("处理状态"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    resolution = models.TextField(_("处理意见"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    investigator = models.CharField(_("调查核实人"), max_length=100, blank=True)
    finding = models.TextField(_("调查核实情况"), max_length=2000, blank=True)
    answer = models.TextField(_("答复反映人"), max_length=2000, blank=True)
    answer_sent_to = models.CharField(_("答复发送至"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["status", "created_at"]

    def __str__(self) -> str:
        return f"{self.nomination_id} · {self.get_status_display()}"


class DisclosureConsent(models.Model):
    """The member's consent to public disclosure of their profile (PIPL art. 25)."""

    nomination = models.OneToOneField(
        Nomination, verbose_name=_("推荐"), on_delete=models.CASCADE, related_name="consent"
    )
    wording = models.TextField(_("告知与同意文本"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("公开同意")
        verbose_name_plural = _("公开同意")

    def __str__(self) -> str:
        return f"{self.nomination_id} {self.recorded_at:%Y-%m-%d}"


class ExemplarProfile(models.Model):
    """The gallery page (风采展示) of an approved nomination."""

    nomination = models.OneToOneField(
        Nomination, verbose_name=_("推荐"), on_delete=models.PROTECT, related_name="profile"
    )
    slug = models.SlugField(_("网址标识"), max_length=60, unique=True)
    title = models.CharField(_("标题"), max_length=100)
    summary = models.CharField(_("简介"), max_length=300)
    story = models.TextField(_("事迹全文"), help_text=_("可使用简单的 HTML 格式；脚本等会被清除。"))
    photo = models.ImageField(_("照片"), upload_to="profiles/photos/", blank=True)
    thumbnail = models.ImageField(_("缩略图"), upload_to="profiles/thumbs/", blank=True)
    #: The thumbnail at twice its size, for screens of two or three device pixels to a CSS pixel
    #: (a phone); made with it.
    thumbnail_large = models.ImageField(_("大缩略图"), upload_to="profiles/thumbs/", blank=True)
    tags = models.CharField(
        _("领域标签"), max_length=200, blank=True, help_text=_("用逗号分隔，如：教育,乡村振兴")
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("所在组织"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    views = models.PositiveIntegerField(_("浏览次数"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("先进风采")
        verbose_name_plural = _("先进风采")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["year", "published_at"], name="profile_year_pub_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def image_url(self, kind: str) -> str:
        """The public URL of the thumbnail or photo, with its version (selection.gallery)."""
        from django.urls import reverse

        from .gallery import image_version

        image = {"thumb": self.thumbnail, "thumb2x": self.thumbnail_large}.get(kind, self.photo)
        version = image_version(image.name, self.published_at)
        return f"{reverse('public:gallery_image', args=[self.slug, kind])}?v={version}"

    @property
    def thumbnail_url(self) -> str:
        return self.image_url("thumb")

    @property
    def photo_url(self) -> str:
        return self.image_url("photo")

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.replace("，", ",").split(",") if t.strip()]
