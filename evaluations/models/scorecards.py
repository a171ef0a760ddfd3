"""The criteria a campaign scores by, the reviewers' scorecards and their scores, with the history
of a score changed after submission and the cards taken back before submission."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.wording import in_user_language
from selection.concurrency import version_field
from selection.models import Campaign, Nomination

from ..choices import DEFAULT_RUBRICS, CardState, CriterionCode, WithdrawalReason
from .committee import stage_field


class Criterion(models.Model):
    """One of the four criteria of a campaign, with its points and rubric (editable per campaign,
    since local definitions of 四好 vary)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("评选活动"), on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.CharField(_("代码"), max_length=20, choices=CriterionCode.choices)
    name = models.CharField(_("名称"), max_length=50)
    max_points = models.DecimalField(
        _("满分"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(25),
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(100))],
    )
    rubric = models.TextField(_("评分细则"), blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = pgettext_lazy("model", "评分项")
        verbose_name_plural = pgettext_lazy("models", "评分项")
        ordering = ["campaign", "position"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="criterion_once_per_campaign")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name to show (see ``in_user_language``)."""
        return in_user_language(self.name, CriterionCode(self.code).label)

    @property
    def description(self) -> str:
        """The rubric to show (see ``in_user_language``)."""
        return in_user_language(self.rubric, DEFAULT_RUBRICS[self.code])


class WithdrawnCard(models.Model):
    """A card taken back before it was submitted (``services.withdraw_open_cards``): the
    reviewer who held it is told it was withdrawn and why (``reason``), not that the nomination
    does not exist."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("推荐"), on_delete=models.CASCADE, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评审委员"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("收回时间"), auto_now_add=True)
    reason = models.CharField(
        _("收回原因"),
        max_length=20,
        choices=WithdrawalReason.choices,
        default=WithdrawalReason.TAKEN_BACK,
    )

    class Meta:
        verbose_name = pgettext_lazy("model", "收回的评分表")
        verbose_name_plural = pgettext_lazy("models", "收回的评分表")
        indexes = [models.Index(fields=["nomination", "reviewer"], name="withdrawn_card_lookup")]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.nomination}"


class Scorecard(models.Model):
    """A reviewer's card for one nomination. Existing means assigned; ``submitted`` locks it."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("推荐"), on_delete=models.CASCADE, related_name="scorecards"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评审委员"),
        on_delete=models.PROTECT,
        related_name="scorecards",
    )
    #: The stage the card scores at, in a campaign run level by level; empty for the first
    #: stage (so every card of a one-stage campaign, as before stages existed).
    stage = stage_field("scorecards")
    state = models.CharField(
        _("状态"), max_length=10, choices=CardState.choices, default=CardState.ASSIGNED
    )
    veto = models.BooleanField(_("廉洁一票否决"), default=False)
    veto_reason = models.TextField(_("否决理由"), blank=True)
    #: Why an admin last reopened the card (shown to the reviewer until they submit again).
    reopened_reason = models.TextField(_("重新打开的理由"), blank=True, editable=False)
    assigned_at = models.DateTimeField(_("分配时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    #: The version the scoring page carries, handed back by each autosave
    #: (``selection.concurrency``).
    version = version_field()
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    # The submitted card's points in half points (exact integers), written once by submit_card
    # and cleared on reopen: the ranking reads one row per card instead of adding up scores.
    total_half = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    political_half = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    performance_half = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    public_half = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    integrity_half = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("model", "评分表")
        verbose_name_plural = pgettext_lazy("models", "评分表")
        ordering = ["nomination", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "reviewer"],
                condition=models.Q(stage__isnull=True),
                name="scorecard_once",
            ),
            models.UniqueConstraint(
                fields=["nomination", "reviewer", "stage"],
                condition=models.Q(stage__isnull=False),
                name="scorecard_once_per_stage",
            ),
            # A draft keeps a veto ticked before its reason is typed; submit_card asks for it.
            models.CheckConstraint(
                condition=~models.Q(state="submitted", veto=True, veto_reason=""),
                name="scorecard_submitted_veto_has_reason",
            ),
        ]
        indexes = [
            # The reviewer's queue: a state's tab is read straight off this index in its order,
            # and the picker's counts (which need the stage to tell a closed card) from it alone.
            models.Index(
                fields=["reviewer", "state", "-nomination"],
                include=["stage"],
                name="card_reviewer_queue_idx",
            ),
            # A nomination's cards by state, carrying what the ranking reads of each card: the
            # ranking of a campaign reads its cards from this index alone once vacuumed, not
            # from the table's pages among every other campaign's cards.
            models.Index(
                fields=["nomination", "state"],
                include=[
                    "stage",
                    "veto",
                    "total_half",
                    "political_half",
                    "performance_half",
                    "public_half",
                    "integrity_half",
                ],
                name="card_ranking_idx",
            ),
            # The cards still open, few beside the submitted: the results page counts them.
            models.Index(
                fields=["nomination"], condition=~models.Q(state="submitted"), name="card_open_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.nomination_id}"

    def record_points(self, points: dict[str, Decimal] | None) -> list[str]:
        """Set (or, with ``None``, clear) the half-point columns; returns their names."""
        fields = []
        for code in CriterionCode.values:
            setattr(self, f"{code}_half", int(points[code] * 2) if points else None)
            fields.append(f"{code}_half")
        self.total_half = int(sum(points.values()) * 2) if points else None
        return [*fields, "total_half"]


class Score(models.Model):
    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("评分表"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("评分项"), on_delete=models.PROTECT, related_name="scores"
    )
    # Empty on a draft whose comment was typed before its points (a submit requires them).
    points = models.DecimalField(_("得分"), max_digits=4, decimal_places=1, null=True, blank=True)
    comment = models.TextField(_("评语"), blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "得分")
        verbose_name_plural = pgettext_lazy("models", "得分")
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"], name="score_once"),
            models.CheckConstraint(condition=models.Q(points__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.points}"


class ScoreRevision(models.Model):
    """The previous value of a score, kept whenever it changes after submission."""

    score = models.ForeignKey(
        Score, verbose_name=_("得分"), on_delete=models.CASCADE, related_name="revisions"
    )
    points = models.DecimalField(_("原得分"), max_digits=4, decimal_places=1, null=True, blank=True)
    comment = models.TextField(_("原评语"), blank=True)
    replaced_at = models.DateTimeField(_("修改时间"), auto_now_add=True)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = pgettext_lazy("model", "得分历史")
        verbose_name_plural = pgettext_lazy("models", "得分历史")
        ordering = ["replaced_at", "pk"]

    def __str__(self) -> str:
        return f"{self.points} @ {self.replaced_at:%Y-%m-%d %H:%M}"
