"""The audit trail as CSV rows: one layout for the auditor's export and the yearly archive."""

from __future__ import annotations

import json

from django.utils import timezone

from config.spreadsheets import csv_cell

from .changes import masked
from .models import AuditEvent

HEADER = [
    "time",
    "actor",
    "verb",
    "target_type",
    "target_id",
    "target",
    "org_path",
    "before",
    "after",
    "ip",
]


def as_json(value) -> str:
    """Before/after as JSON text (as stored, characters unescaped) that spreadsheets show as
    it is and scripts parse; empty where there is none."""
    return "" if value is None else json.dumps(value, ensure_ascii=False)


def csv_row(event: AuditEvent, *, redacted: str | None = None) -> list[str]:
    """The event's CSV row (formula-looking text defused); before/after as JSON, a contact
    masked as the audit page shows it (:func:`audit.changes.masked`). ``redacted``:
    the text shown instead of the object's name and of before/after, where they must not be
    kept (an object deleted for privacy)."""
    shown = event.target_repr if redacted is None else redacted
    before, after = (
        (as_json(masked(event.before)), as_json(masked(event.after)))
        if redacted is None
        else ("", "")
    )
    return [
        timezone.localtime(event.created_at).isoformat(),
        *(
            csv_cell(value)
            for value in (
                event.actor_name,
                event.verb,
                event.target_type,
                event.target_id,
                shown,
                event.org_path,
                before,
                after,
            )
        ),
        event.ip or "",
    ]
