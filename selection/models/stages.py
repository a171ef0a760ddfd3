"""Stages of a campaign run level by level (逐级推荐, DESIGN.md §4 "Stages").

A campaign has one stage per level of the organisation tree that takes part (e.g. 党委, 区委,
市委), in order. A nomination enters the first stage's pool of the node of that level above its
branch; confirming a node's choice advances the chosen nominations to the pool of their node at
the next stage. One ``StageEntry`` per (stage, nomination) keeps that stage's node, decision and
rank snapshot, so every stage's outcome stays visible. A campaign with one stage (every campaign
migrated from before stages) is today's campaign: its pool is the whole campaign.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.choices import OrgKind
from members.models import Organization

from ..choices import QuotaKind, StageDecision
from .campaigns import Campaign
from .nominations import Nomination


class Stage(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("评选活动"), on_delete=models.CASCADE, related_name="stages"
    )
    position = models.PositiveSmallIntegerField(_("顺序"), validators=[MinValueValidator(1)])
    level = models.CharField(_("推荐层级"), max_length=20, choices=OrgKind.choices)
    quota_kind = models.CharField(
        _("名额方式"), max_length=10, choices=QuotaKind.choices, default=QuotaKind.FIXED
    )
    quota_value = models.DecimalField(
        _("每个组织的名额"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("固定名额为人数；按比例时为下属正式党员的百分比，进一法取整。"),
    )
    deadline = models.DateTimeField(_("本级截止时间"), null=True, blank=True)
    #: Set when the deadline passed (by the beat task): nodes that had not confirmed missed it.
    closed_at = models.DateTimeField(_("截止于"), null=True, blank=True, editable=False)
    runs_survey = models.BooleanField(_("本级开展民主测评"), default=False)
    publicised = models.BooleanField(_("本级名单公示"), default=False)
    #: The integrity opinion is asked again for this stage's entrants (else it carries over).
    recheck_integrity = models.BooleanField(_("本级重新出具廉洁意见"), default=False)
    #: Eligibility is screened again for this stage's entrants (else it carries over).
    recheck_eligibility = models.BooleanField(_("本级重新进行资格审查"), default=False)

    class Meta:
        verbose_name = pgettext_lazy("model", "推荐层级")
        verbose_name_plural = pgettext_lazy("models", "推荐层级")
        ordering = ["campaign", "position"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "position"], name="stage_position_once"),
            models.UniqueConstraint(fields=["campaign", "level"], name="stage_level_once"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.get_level_display()}"


class StageEntry(models.Model):
    """A nomination in one node's pool at one stage, and what that node decided."""

    stage = models.ForeignKey(
        Stage, verbose_name=_("推荐层级"), on_delete=models.CASCADE, related_name="entries"
    )
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("推荐"), on_delete=models.CASCADE, related_name="stage_entries"
    )
    node = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(
        _("本级决定"),
        max_length=12,
        choices=StageDecision.choices,
        default=StageDecision.PENDING,
    )
    #: The node's ranking when it confirmed (a snapshot: later cards do not change it).
    rank = models.PositiveIntegerField(_("本级排名"), null=True, blank=True)
    total = models.DecimalField(
        _("本级总分"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField(_("本级意见"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确定人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("确定时间"), null=True, blank=True)
    entered_at = models.DateTimeField(_("进入时间"), auto_now_add=True)
    #: At a stage that screens eligibility again: the node's verdict (None: not yet screened;
    #: an ineligible one also ended the nomination), its reason and who gave it when.
    eligible = models.BooleanField(_("本级资格审查"), null=True, blank=True)
    screening_reason = models.TextField(_("本级资格审查意见"), blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    screened_at = models.DateTimeField(_("审查时间"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "层级推荐记录")
        verbose_name_plural = pgettext_lazy("models", "层级推荐记录")
        ordering = ["stage", "node", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "nomination"], name="stage_entry_once"),
        ]
        indexes = [
            models.Index(fields=["stage", "node", "decision"], name="stage_pool_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.stage} · {self.nomination_id} · {self.decision}"
