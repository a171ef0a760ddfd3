"""Building a report synchronously, outside the job flow, for the yearly archive: the same
builders over a whole campaign, into a local file the caller stores."""

from __future__ import annotations

from pathlib import Path

from ..builders import BUILDERS
from ..choices import SPECS, Kind
from ..models import ReportJob

#: The campaign's documents, in the order the archive lists them: the five reports of
#: DESIGN.md §7 (the structure analysis and the notice in both their forms) and the 撤销名单.
ARCHIVED_KINDS = (
    Kind.SUMMARY,
    Kind.FORMS,
    Kind.DETAIL,
    Kind.STRUCTURE,
    Kind.STRUCTURE_XLSX,
    Kind.NOTICE,
    Kind.NOTICE_RESULT,
    Kind.REVOCATIONS,
)
#: Kinds that need the campaign's public notice.
NOTICE_KINDS = (Kind.NOTICE, Kind.NOTICE_RESULT)


def _no_progress(done: int, total: int) -> None:
    """Nobody polls a synchronous build."""


def build_document(kind: str, campaign, *, by, folder: Path) -> tuple[Path, int]:
    """Build the report ``kind`` over the whole campaign (its owner's subtree) as ``by`` would
    get it, into ``folder``; returns the file and its number of entries. Nothing is saved."""
    job = ReportJob(kind=kind, campaign=campaign, organization=campaign.owner, requested_by=by)
    path = folder / f"{kind}.{SPECS[kind].extension}"
    rows = BUILDERS[kind](job, path, _no_progress)
    return path, rows
