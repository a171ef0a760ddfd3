"""Report jobs (DESIGN.md §7): asking for a report, running it, retrying, sweeping and purging.

Split by moment: :mod:`.asking` (the request, a retry, enqueueing, the download) and
:mod:`.running` (a worker's run, the beat's sweeper and purge)."""

from ..errors import ReportError
from .asking import (
    default_organization,
    download,
    enqueue,
    request_report,
    retry_report,
    whole_scope,
)
from .common import BROKER_ERRORS, TRANSIENT_ERRORS, LostClaim, TransientError, reports_storage
from .frozen import ARCHIVED_KINDS, NOTICE_KINDS, build_document
from .running import Progress, fail_after_retries, purge, run_job, sweep

__all__ = [
    "ARCHIVED_KINDS",
    "BROKER_ERRORS",
    "NOTICE_KINDS",
    "TRANSIENT_ERRORS",
    "LostClaim",
    "Progress",
    "ReportError",
    "TransientError",
    "build_document",
    "default_organization",
    "download",
    "enqueue",
    "fail_after_retries",
    "purge",
    "reports_storage",
    "request_report",
    "retry_report",
    "run_job",
    "sweep",
    "whole_scope",
]
