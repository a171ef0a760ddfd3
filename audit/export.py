"""The audit trail as CSV rows: one layout for the auditor's export and the yearly archive.

A row reads first as the audit page shows it, in the reader's language: the action's and the
object's labels, the organisation's name, the change as "字段: 前 → 后" (:mod:`audit.changes`,
:mod:`audit.verbs`). Then, for scripts, as stored: the codes and before/after as JSON, under
headers that say so."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from config.spreadsheets import csv_cell

from . import changes
from .models import AuditEvent

#: The event as stored, under names alike in every language: what scripts read (the actor,
#: the object's id and the IP repeat the readable columns' for them).
CODE_HEADER = [
    "time_iso",
    "actor_username",
    "verb_code",
    "target_type_code",
    "target_id",
    "org_path_code",
    "before_json",
    "after_json",
    "ip",
]

#: Events named at once (the organisations, the criteria they name): one query each per
#: this many rows, not one a row.
CHUNK = 2000


def header() -> list[str]:
    """The column names: the readable columns' in the active language, then the codes'."""
    return [
        _("时间"),
        _("操作人"),
        _("动作"),
        _("对象类型"),
        _("对象编号"),
        _("对象"),
        pgettext("audit change", "组织"),
        _("变更"),
        _("IP 地址"),
        *CODE_HEADER,
    ]


def as_json(value) -> str:
    """Before/after as JSON text (as stored, characters unescaped) that spreadsheets show as
    it is and scripts parse; empty where there is none."""
    return "" if value is None else json.dumps(value, ensure_ascii=False)


def change_text(rows: Iterable[tuple[str, str | None, str | None]]) -> str:
    """A change in words (:func:`audit.changes.rows`) on one line, as the page lists it:
    "字段: 前 → 后", "字段: 后" where nothing was before, "—" where nothing is after."""
    lines = []
    for key, old, new in rows:
        after = "—" if new is None else new
        lines.append(f"{key}: {after}" if old is None else f"{key}: {old} → {after}")
    return "; ".join(lines)


def csv_rows(
    events: Iterable[AuditEvent], *, redacted: Callable[[AuditEvent], str | None] | None = None
) -> Iterator[list[str]]:
    """The events' CSV rows (:func:`csv_row`), what they name read once per ``CHUNK`` of
    them. ``redacted``: for an event, the text shown instead of its object's name and change,
    or None to show them."""
    events = iter(events)
    while chunk := list(itertools.islice(events, CHUNK)):
        known = changes.known_of(
            ((event.verb, event.before, event.after) for event in chunk),
            paths=(event.org_path for event in chunk),
        )
        for event in chunk:
            yield csv_row(event, known=known, redacted=redacted(event) if redacted else None)


def csv_row(
    event: AuditEvent, *, known: changes.Known | None = None, redacted: str | None = None
) -> list[str]:
    """The event's CSV row (formula-looking text defused), a contact masked as the audit page
    shows it (:func:`audit.changes.masked`). ``known``: what the event's ids and paths name
    (:func:`audit.changes.known_of`), read here when not given. ``redacted``: the text shown
    instead of the object's name and of the change, where they must not be kept (an object
    deleted for privacy)."""
    if known is None:
        known = changes.known_of([(event.verb, event.before, event.after)], [event.org_path])
    if redacted is None:
        name = event.target_name
        change = change_text(changes.rows(event.verb, event.before, event.after, known=known))
        before, after = as_json(changes.masked(event.before)), as_json(changes.masked(event.after))
    else:
        name, change, before, after = redacted, "", "", ""
    moment = timezone.localtime(event.created_at)
    readable = (
        event.actor_name,
        event.verb_label,
        event.target_kind,
        event.target_id,
        name,
        known.organizations.get(event.org_path, event.org_path),
        change,
    )
    codes = (
        event.actor_name,
        event.verb,
        event.target_type,
        event.target_id,
        event.org_path,
        before,
        after,
    )
    return [
        f"{moment:%Y-%m-%d %H:%M:%S}",
        *(csv_cell(value) for value in readable),
        event.ip or "",
        moment.isoformat(),
        *(csv_cell(value) for value in codes),
        event.ip or "",
    ]
