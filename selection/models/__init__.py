"""Campaigns, nominations, their history and attachments, and what is made public of them."""

from .campaigns import Campaign, QuotaOverride
from .nominations import (
    EVIDENCE_FIELDS,
    REQUIRED_FOR_SUBMIT,
    SUMMARY_MAX_LENGTH,
    Attachment,
    IntegrityOpinion,
    Nomination,
    Transition,
    attachment_path,
    photo_path,
)
from .publicity import (
    CalendarDay,
    DisclosureConsent,
    ExemplarProfile,
    Objection,
    PublicNotice,
    Revocation,
)
from .stages import Stage, StageEntry

__all__ = [
    "EVIDENCE_FIELDS",
    "REQUIRED_FOR_SUBMIT",
    "SUMMARY_MAX_LENGTH",
    "Attachment",
    "CalendarDay",
    "Campaign",
    "DisclosureConsent",
    "ExemplarProfile",
    "IntegrityOpinion",
    "Nomination",
    "Objection",
    "PublicNotice",
    "QuotaOverride",
    "Revocation",
    "Stage",
    "StageEntry",
    "Transition",
    "attachment_path",
    "photo_path",
]
