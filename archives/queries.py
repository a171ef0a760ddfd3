"""Reads of the yearly archive."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from audit.models import AuditEvent
from reports.services import ARCHIVED_KINDS, NOTICE_KINDS
from selection.models import PublicNotice

from .models import CampaignArchive


def archive_of(campaign) -> CampaignArchive | None:
    return CampaignArchive.objects.filter(campaign=campaign).first()


def archived_kinds(campaign) -> list[str]:
    """The kinds of report an archive of the campaign holds (besides its audit trail): every
    archived kind, the notice's two only when the campaign had a 公示."""
    has_notice = PublicNotice.objects.filter(campaign=campaign).exists()
    return [kind for kind in ARCHIVED_KINDS if has_notice or kind not in NOTICE_KINDS]


def revoked_since_build(archive: CampaignArchive | None, revocations) -> int:
    """How many of the campaign's ``revocations`` came after its bundle was built: the bundle's
    撤销名单 and audit trail do not have them."""
    if archive is None or archive.built_at is None:
        return 0
    return sum(1 for revocation in revocations if revocation.revoked_at > archive.built_at)


def campaign_events(campaign, nomination_ids: list[int]) -> QuerySet[AuditEvent]:
    """The audit trail of a campaign: events about the campaign and about its nominations (those
    it had when archived), oldest first."""
    return AuditEvent.objects.filter(
        Q(target_type="selection.campaign", target_id=str(campaign.pk))
        | Q(target_type="selection.nomination", target_id__in=[str(i) for i in nomination_ids])
    ).order_by("created_at", "pk")
