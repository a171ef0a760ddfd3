"""The reminder digests: one e-mail per recipient per point, listing all their open work."""

from __future__ import annotations

from django.utils import timezone

from config import mail

from .choices import OVERDUE_KINDS, STAGE_KINDS
from .models import ReminderLog, pool_url


def reminder(log: ReminderLog, items) -> None:
    """Send the digest of ``log`` (its open ``items``: cards, branch quotas, or counts of work
    left by what it is) and note when it went out (``emailed_at`` stays empty on failure)."""
    template = "reminder_overdue" if log.kind in OVERDUE_KINDS else f"reminder_{log.kind}"
    if log.kind in STAGE_KINDS:  # the nodes, each with the address of its pool
        items = [
            {"pool": pool, "link": mail.link(pool_url(log.campaign_id, pool))} for pool in items
        ]
    context = {
        "log": log,
        "campaign": log.campaign,
        "recipient": log.recipient,
        "items": items,
        "link": mail.link(log.work_url()),
    }
    if mail.send(template, context, [log.recipient]):
        ReminderLog.objects.filter(pk=log.pk).update(emailed_at=timezone.now())
