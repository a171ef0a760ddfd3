"""The beat's sweeper of roster imports whose task was lost.

A check or an import touches its heartbeat as it goes (config/heartbeat.py); one being checked,
queued or running with no sign of life for ROSTER_STALE_SECONDS lost its task (the worker died,
the message never came: ``RosterImport.stalled_rows``) and is failed with a message to its admin,
who uploads the file again. It wrote nothing: an import's writes commit together with its outcome.
Any import its admin could give up (放弃) that was uploaded ROSTER_STAGED_DAYS ago, failed, with
problems or never confirmed, is given up by the sweeper, so its staged file (every member's
personal data) is not kept for good."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from config.languages import of_user

from ..models import RosterImport
from . import problems
from .staging import give_up

log = logging.getLogger(__name__)


def _unlocked(rows):
    """The imports matching ``rows`` that no other transaction holds locked (a live check or
    import holds its row while it writes), locked until the sweep's transaction ends."""
    return (
        RosterImport.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(rows)
        .select_related("uploaded_by")
    )


def sweep(now=None) -> int:
    """Fail the stalled imports, then give up those left waiting too long; how many in all. An
    import that is alive is never taken: its heartbeat is fresh, and while it checks and writes
    in its transaction it holds its row locked, which the sweeper skips. A task that comes late
    finds the import failed or discarded and stops."""
    now = now or timezone.now()
    swept = 0
    with transaction.atomic():
        for roster_import in _unlocked(RosterImport.stalled_rows(now)):
            log.warning("roster import %s: no sign of its task, failed", roster_import.pk)
            roster_import.state = RosterImport.State.FAILED
            # Stored in words in the uploader's language, as the check's own messages are
            # in theirs; shown in the reader's (``problems.error_of``).
            with translation.override(of_user(roster_import.uploaded_by)):
                problems.set_error(roster_import, "stalled")
            roster_import.finished_at = now
            roster_import.save(
                update_fields=["state", "error", "error_code", "error_params", "finished_at"]
            )
            swept += 1
    with transaction.atomic():
        for roster_import in _unlocked(RosterImport.expired_rows(now)):
            log.info("roster import %s: left waiting, given up", roster_import.pk)
            with translation.override(of_user(roster_import.uploaded_by)):
                give_up(
                    roster_import,
                    "roster.expired",
                    why="given_up",
                    why_params={"days": settings.ROSTER_STAGED_DAYS},
                )
            swept += 1
    return swept
