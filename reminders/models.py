"""The reminder log: one row per reminder, written before its e-mail is sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from selection.models import Campaign

from .choices import Kind


class ReminderLog(models.Model):
    """A reminder given to one person about one deadline of one campaign, at one point.

    The unique constraint is what makes a reminder go out once: the row is inserted in the
    transaction that schedules the e-mail (on commit), so a second scheduler, or a retry, finds it
    and sends nothing. The row is also the sign-in reminder, shown until dismissed or stale.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("评选活动"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("提醒类型"), max_length=20, choices=Kind.choices)
    #: The deadline the reminder is about: a moved deadline is a new one, reminded again.
    deadline = models.DateTimeField(_("截止时间"))
    #: Hours before the deadline (0: after it).
    point = models.PositiveSmallIntegerField(_("提前小时数"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提醒对象"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    #: How many open items (cards, branches, pending tasks) the digest listed.
    items = models.PositiveIntegerField(_("待办数"))
    email = models.EmailField(_("发送邮箱"), blank=True)
    emailed_at = models.DateTimeField(_("邮件发出时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("提醒时间"), auto_now_add=True)
    #: The sign-in reminder is shown until then (the deadline, or a week after an overdue one).
    show_until = models.DateTimeField(_("显示至"))
    dismissed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "截止提醒")
        verbose_name_plural = pgettext_lazy("models", "截止提醒")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind", "deadline", "point", "recipient"],
                name="reminder_once_per_point",
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient", "dismissed_at", "show_until"], name="reminder_banner_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.get_kind_display()} · {self.point}h"

    def work_url(self) -> str:
        """The page where the work the reminder is about is done (its banner's link and its
        e-mail's)."""
        if self.kind == Kind.SCORING:  # the queue shows one campaign at a time
            return f"{reverse('evaluations:queue')}?campaign={self.campaign_id}"
        if self.kind == Kind.NOMINATING:
            return reverse("selection:dashboard")
        if self.kind == Kind.SCREENING_OVERDUE:
            return reverse("selection:screening_queue")
        if self.kind in (Kind.STAGE, Kind.STAGE_OVERDUE):  # its nodes, each with its pool
            return reverse("evaluations:stages", args=[self.campaign_id])
        if self.kind == Kind.REVIEWING_OVERDUE:
            return reverse("evaluations:committee", args=[self.campaign_id])
        return reverse("selection:notice_manage", args=[self.campaign_id])


def pool_url(campaign_id: int, pool) -> str:
    """The page of a node's pool at a stage (a stage reminder's ``Pool``)."""
    return reverse("evaluations:stage_pool", args=[campaign_id, pool.position, pool.node_id])
