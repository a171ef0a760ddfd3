"""The heartbeat of background work whose database row is its source of truth (report jobs,
roster imports).

A run touches ``heartbeat_at`` on its row as it goes, at most every HEARTBEAT_SECONDS (a write per
chunk of work, not per item); a periodic sweeper takes a row whose heartbeat is older than its
stall time for lost (the worker died, the message never came) and acts on it. Stall times are
settings (``REPORT_STALE_SECONDS``, ``ROSTER_STALE_SECONDS``), far above HEARTBEAT_SECONDS."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

#: A running job writes its heartbeat at least this often (seconds) while it makes progress.
HEARTBEAT_SECONDS = 10


def stale_before(seconds: int, now: datetime | None = None) -> datetime:
    """A heartbeat older than this is a lost run's (``seconds``: the stall time)."""
    return (now or timezone.now()) - timedelta(seconds=seconds)


class Heartbeat:
    """Touches ``heartbeat_at`` of the run's row (``rows``: a queryset that matches it only while
    the run still holds it) when :meth:`due`, or whenever :meth:`touch` is called."""

    def __init__(self, rows: QuerySet):
        self.rows = rows
        self.touched_at = time.monotonic()

    def since(self) -> float:
        """Seconds since the last touch (or since the run began)."""
        return time.monotonic() - self.touched_at

    def due(self) -> bool:
        return self.since() >= HEARTBEAT_SECONDS

    def touch(self, **fields) -> bool:
        """Write the heartbeat (and ``fields``); False when the row no longer matches ``rows``."""
        updated = self.rows.update(heartbeat_at=timezone.now(), **fields)
        self.touched_at = time.monotonic()
        return bool(updated)

    def __call__(self, *args) -> None:
        """Touch it if it is due: a run calls this after each chunk of its work (any arguments,
        such as a progress callback's ``done, total``, are ignored)."""
        if self.due():
            self.touch()
