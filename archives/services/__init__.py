"""Writes of the yearly archive: archiving a campaign, building its frozen files and bundle,
and the retention of the personal data of the nominations not selected."""

from .archiving import archive_campaign, retry_build
from .building import archives_storage, build_archive
from .retention import delete_unselected_past_retention, retention_due

__all__ = [
    "archive_campaign",
    "archives_storage",
    "build_archive",
    "delete_unselected_past_retention",
    "retention_due",
    "retry_build",
]
