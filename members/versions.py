"""What a process may keep of rows that change a few times a year, for as long as the database
says they have not changed.

Every list page with a campaign picker read the user's campaigns on every request, and every
scoring page and autosave the campaign's criteria: a query each, 0.3 ms of a 3.5 ms screening
queue or scoring page on the benchmark's machine (where the whole trivial response takes 0.25
ms), for rows that change when an admin edits a campaign, its criteria, or moves it to its next
phase. ``DataVersion`` (``members.models``) holds a number per kind of rows; triggers in
the database (``config.vendor_sql.version_triggers``) give it a number it never had on
every statement that writes those rows — whatever writes them: the ORM, ``update()``, a bulk
load, SQL by hand — inside the writing transaction, so a reader sees the number that goes with
the rows it sees. The session's query reads the numbers with the session
(``members.sessions``), and :class:`Kept` keeps values made from those rows, keyed by the number
they were made at: a signed-in request learns whether they are current without a query.

Where there is no number — no session read in this request (a Celery task, a management
command, an anonymous request), no row (a database flushed by a test) — nothing is kept and
the value is made each time. A request sees the numbers read with its session: a request that
writes the rows itself does not see its own change in what is kept (the portal's views that
write campaigns redirect to a new request).

Kept values are shared by the requests of a process: they are read, never changed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any

#: The campaigns, their criteria and the organisation tree they are owned in (the triggers:
#: ``config.vendor_sql.version_triggers`` in migrations members.0007, selection.0005,
#: evaluations.0005).
CAMPAIGNS = "campaigns"

_read: ContextVar[dict[str, int] | None] = ContextVar("data_versions", default=None)


def read_with_session(versions: dict[str, int | None] | None) -> None:
    """The numbers read with this request's session (``members.sessions``, which forgets them
    when the response is done: None)."""
    if versions is not None:
        versions = {name: number for name, number in versions.items() if number is not None}
    _read.set(versions or None)


def current(name: str) -> int | None:
    """The number of ``name`` read with this request's session; None when none was read."""
    versions = _read.get()
    return None if versions is None else versions.get(name)


_MISSING = object()


class Kept:
    """Values made from rows of kind ``name`` (``make()``), kept in this process per ``key``
    while the request's number of ``name`` is the one they were made at; at most ``limit`` of
    them (a key per set of a user's organisations: bounded, but not by the code)."""

    def __init__(self, name: str, limit: int = 512) -> None:
        self.name, self.limit = name, limit
        #: (number, values made at that number): replaced as one, never changed in place but
        #: for adding values
        self._at: tuple[int | None, dict] = (None, {})

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        number = current(self.name)
        if number is None:
            return make()
        at, values = self._at
        if at != number:
            values = {}
            self._at = (number, values)
        found = values.get(key, _MISSING)
        if found is _MISSING:
            if len(values) >= self.limit:
                values.clear()
            # made after the number was read: from rows at least as new as it says
            found = values[key] = make()
        return found
