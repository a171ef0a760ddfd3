"""Reads of the yearly archive."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from audit.models import AuditEvent

from .models import CampaignArchive


def archive_of(campaign) -> CampaignArchive | None:
    return CampaignArchive.objects.filter(campaign=campaign).first()


def campaign_events(campaign, nomination_ids: list[int]) -> QuerySet[AuditEvent]:
    """The audit trail of a campaign: events about the campaign and about its nominations (those
    it had when archived), oldest first."""
    return AuditEvent.objects.filter(
        Q(target_type="selection.campaign", target_id=str(campaign.pk))
        | Q(target_type="selection.nomination", target_id__in=[str(i) for i in nomination_ids])
    ).order_by("created_at", "pk")
