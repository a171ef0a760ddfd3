"""The staged file of a roster import (the uploaded xlsx: every member's ID number, phone and
birth date) is kept only while it may still be imported: it is removed once the import is done,
refused or given up, by its admin (放弃) or by the sweeper when it waited ROSTER_STAGED_DAYS."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.utils import timezone

from audit.services import record
from config.storage import remove_quietly

from .. import scope
from ..choices import Role
from ..models import RosterImport
from . import problems


def drop_file(roster_import: RosterImport) -> None:
    """The row no longer names its file, which is removed from the storage once the caller's
    transaction commits (a rollback keeps both). The caller saves the row."""
    storage, name = roster_import.file.storage, roster_import.file.name
    roster_import.file = ""
    if name:
        transaction.on_commit(partial(remove_quietly, storage, name))


def org_path(by) -> str:
    """Where an import's audit events are filed: the first subtree its admin administers."""
    prefixes = scope.paths(by, Role.ADMIN)
    return prefixes[0] if prefixes else ""


def give_up(
    locked: RosterImport,
    verb: str,
    *,
    by=None,
    request=None,
    why: str = "",
    why_params: dict | None = None,
) -> None:
    """Mark a discardable import (locked by the caller's transaction) discarded and record it;
    its file is dropped. ``by`` is None and ``why`` (a code of ``problems``, with its
    ``why_params``) tells its admin the reason when the sweeper gives it up; what it said
    before (of a confirmation, a failure) no longer applies."""
    drop_file(locked)
    locked.state = RosterImport.State.DISCARDED
    problems.set_error(locked, why, why_params)
    locked.finished_at = timezone.now()
    locked.save(
        update_fields=["file", "state", "error", "error_code", "error_params", "finished_at"]
    )
    record(
        verb,
        actor=by,
        target=locked,
        org_path=org_path(by or locked.uploaded_by),  # only its uploader may give it up
        after={"kind": locked.kind, "file": locked.original_name},
        request=request,
    )
