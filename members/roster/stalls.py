"""The beat's sweeper of roster imports whose task was lost.

A check or an import touches its heartbeat as it goes (config/heartbeat.py); one being checked,
queued or running with no sign of life for ROSTER_STALE_SECONDS lost its task (the worker died,
the message never came: ``RosterImport.stalled_rows``) and is failed with a message to its admin,
who uploads the file again. It wrote nothing: an import's writes commit together with its outcome.
The staged file stays until its admin gives the import up (放弃), as for any failed import."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from config.languages import of_user

from ..models import RosterImport

log = logging.getLogger(__name__)


def sweep(now=None) -> int:
    """Fail the stalled imports; how many. An import that is alive is never taken: its heartbeat
    is fresh, and while it checks and writes in its transaction it holds its row locked, which
    the sweeper skips. A task that comes late finds the import failed and stops."""
    now = now or timezone.now()
    failed = 0
    with transaction.atomic():
        stalled = (
            RosterImport.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(RosterImport.stalled_rows(now))
            .select_related("uploaded_by")
        )
        for roster_import in stalled:
            log.warning("roster import %s: no sign of its task, failed", roster_import.pk)
            roster_import.state = RosterImport.State.FAILED
            # In the uploader's language, as the check's own messages are in theirs.
            with translation.override(of_user(roster_import.uploaded_by)):
                roster_import.error = _(
                    "导入中断：后台任务已停止，数据库未作任何修改。请重新上传。"
                )
            roster_import.finished_at = now
            roster_import.save(update_fields=["state", "error", "finished_at"])
            failed += 1
    return failed
