"""The review committees (评审委员会): their seats, and the conflicts of interest their reviewers
declare."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from selection.models import Campaign, Nomination, Stage


def stage_field(related_name: str) -> models.ForeignKey:
    """A row's stage of a campaign run level by level, where having none means what the row
    meant before stages existed."""
    return models.ForeignKey(
        Stage,
        verbose_name=_("推荐层级"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name=related_name,
    )


class Reviewer(models.Model):
    """A seat on a review committee (评审委员会): the campaign's (no stage, no node), or, in a
    campaign run level by level, one node's at one stage (``services.committee.scoring_committee``
    says which committee scores a node's pool)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("评选活动"), on_delete=models.CASCADE, related_name="reviewers"
    )
    stage = stage_field("reviewers")
    node = models.ForeignKey(
        "members.Organization",
        verbose_name=_("党组织"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评审委员"),
        on_delete=models.PROTECT,
        related_name="committees",
    )
    cap = models.PositiveIntegerField(
        _("评审上限"), null=True, blank=True, help_text=_("留空表示不限。")
    )

    class Meta:
        verbose_name = pgettext_lazy("model", "评审委员")
        verbose_name_plural = pgettext_lazy("models", "评审委员")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "user"],
                condition=models.Q(stage__isnull=True),
                name="reviewer_once_per_campaign",
            ),
            # The campaign's seats (no stage) never clash here: a null is unique to itself.
            models.UniqueConstraint(
                fields=["stage", "node", "user"], name="reviewer_once_per_node_committee"
            ),
            # A node's committee belongs to one stage, and a stage's committees to their nodes.
            models.CheckConstraint(
                condition=models.Q(stage__isnull=True, node__isnull=True)
                | models.Q(stage__isnull=False, node__isnull=False),
                name="reviewer_stage_and_node_together",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class Conflict(models.Model):
    """A conflict of interest declared by a reviewer; honoured by every assignment."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("推荐"), on_delete=models.CASCADE, related_name="conflicts"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评审委员"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("回避理由"))
    declared_at = models.DateTimeField(_("申报时间"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "回避申报")
        verbose_name_plural = pgettext_lazy("models", "回避申报")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "reviewer"], name="conflict_once")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.nomination}"
