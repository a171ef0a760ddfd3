"""PIPL: the personal data of the nominations not selected is kept UNSELECTED_RETENTION_DAYS
after the campaign is archived, then deleted (a beat task), audited, and the archive's files
are built again without it (a new edition, whose manifest says so)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.services import record
from selection import archiving as selection_archiving

from ..models import CampaignArchive


def retention_due(campaign) -> datetime.datetime:
    """When the personal data of the campaign's nominations not selected is to be deleted."""
    return campaign.archived_at + datetime.timedelta(days=settings.UNSELECTED_RETENTION_DAYS)


def delete_unselected_past_retention(now: datetime.datetime | None = None) -> int:
    """Delete the nominations not selected of every campaign archived more than
    UNSELECTED_RETENTION_DAYS ago, once per archive. Side effects: audit
    ``archive.unselected_deleted`` per campaign; the archive is rebuilt after commit. Returns
    the number of nominations deleted."""
    from .archiving import enqueue_build

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.UNSELECTED_RETENTION_DAYS)
    due = CampaignArchive.objects.filter(
        campaign__archived_at__lt=cutoff, unselected_deleted_at__isnull=True
    ).values_list("pk", flat=True)
    total = 0
    for archive_id in list(due):
        with transaction.atomic():
            archive = (
                CampaignArchive.objects.select_for_update()
                .select_related("campaign__owner")
                .get(pk=archive_id)
            )
            if archive.unselected_deleted_at is not None:
                continue  # another run did it meanwhile
            count = selection_archiving.delete_unselected(archive.campaign)
            archive.unselected_deleted_at = now
            archive.unselected_deleted_count = count
            archive.state = CampaignArchive.State.BUILDING
            archive.save(
                update_fields=["unselected_deleted_at", "unselected_deleted_count", "state"]
            )
            record(
                "archive.unselected_deleted",
                target=archive.campaign,
                org_path=archive.campaign.owner.path,
                after={
                    "nominations": count,
                    "retention_days": settings.UNSELECTED_RETENTION_DAYS,
                },
            )
            transaction.on_commit(lambda pk=archive.pk: enqueue_build(pk))
        total += count
    return total
