"""Reads of the selection app, scoped to the user and with their related rows loaded up front
(``select_related``, ``prefetch_related``), so each page costs the same number of queries
whatever the number of nominations. Plain querysets, split by what they read."""

from .campaigns import (
    campaign_by_id,
    campaign_for,
    campaigns,
    campaigns_with_counts,
    nominating_campaigns,
    queue_campaigns,
)
from .common import LIST_FIELDS, AttachmentLink, attachment_links
from .gallery import (
    GALLERY_CARD,
    campaign_revocations,
    gallery_cards,
    public_revocations,
    published_profile,
    published_profiles,
    revoked_profile_exists,
    stage_lists,
)
from .nominations import (
    PUBLIC_STATES,
    BranchDashboard,
    BranchNomination,
    eligibility_for,
    existing_nomination,
    integrity_nominations,
    member_candidates,
    nomination_for,
    notice_entries,
    scoped_nominations,
    secretary_dashboard,
    state_counts,
)
from .screening import QueueRow, ScreeningRow, screenable, screening_page, screening_queue

__all__ = [
    "GALLERY_CARD",
    "LIST_FIELDS",
    "PUBLIC_STATES",
    "AttachmentLink",
    "BranchDashboard",
    "BranchNomination",
    "QueueRow",
    "ScreeningRow",
    "attachment_links",
    "campaign_by_id",
    "campaign_for",
    "campaign_revocations",
    "campaigns",
    "campaigns_with_counts",
    "eligibility_for",
    "existing_nomination",
    "gallery_cards",
    "integrity_nominations",
    "member_candidates",
    "nominating_campaigns",
    "nomination_for",
    "notice_entries",
    "public_revocations",
    "published_profile",
    "published_profiles",
    "queue_campaigns",
    "revoked_profile_exists",
    "scoped_nominations",
    "screenable",
    "screening_page",
    "screening_queue",
    "secretary_dashboard",
    "stage_lists",
    "state_counts",
]
