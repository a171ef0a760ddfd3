"""Campaigns and their per-organisation quota overrides."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.cache import Generation
from members.choices import AssessmentGrade
from members.models import Organization

from ..choices import Phase, QuotaKind
from ..concurrency import version_field

#: Changes with every campaign's generation: the key of the public notice list (公示), which
#: shows every notice and the revocations publicised with them.
PUBLIC_NOTICES = Generation("notices")


#: The help of the settings kept as a fraction (0.80), not as a percentage (80).
FRACTION_HELP = _("0 至 1 之间的小数，如 0.80 表示 80%。")


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
        help_text=FRACTION_HELP,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )
    min_satisfaction = models.DecimalField(
        _("最低满意率"),
        max_digits=3,
        decimal_places=2,
        help_text=FRACTION_HELP,
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

    # Reminders (reminders app): the hours before each deadline come from the settings
    # (REMINDER_HOURS_BEFORE_*); each campaign may turn them off.
    reminders_enabled = models.BooleanField(
        _("发送截止提醒"),
        default=True,
        help_text=_("截止前提醒未完成评分的评委、名额未用完的支部书记，逾期仍有待办时提醒管理员。"),
    )

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    #: When the campaign's settings were last saved (empty for rows saved before it existed),
    #: and their version: the edit form carries it (``selection.concurrency``).
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, null=True, editable=False)
    version = version_field()
    #: Set once by the yearly archive (``archives``): from then on the campaign is read-only
    #: (``rules.require_writable``), revoking an honour aside.
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("model", "评选活动")
        verbose_name_plural = pgettext_lazy("models", "评选活动")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def generation(campaign_id: int) -> Generation:
        """Changes whenever the campaign, its criteria, its nominations (one added or deleted,
        or a state), a submitted card or a survey's counters change: part of the key of what
        is cached from them (the review results, the public notice, the campaign list's
        count of nominations)."""
        return Generation(f"campaign:{campaign_id}", also=(PUBLIC_NOTICES,))


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
        verbose_name = pgettext_lazy("model", "名额调整")
        verbose_name_plural = pgettext_lazy("models", "名额调整")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organization"], name="quota_override_once_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_kind_display()} {self.value}"
