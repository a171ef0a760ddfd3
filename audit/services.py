"""The one way to write the audit trail."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models

from config.clients import client_ip

from .models import AuditEvent


def record(
    verb: str,
    *,
    actor=None,
    target: models.Model | None = None,
    org_path: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    request=None,
) -> AuditEvent:
    """Append one event to the audit trail.

    Call it inside the transaction of the change it records, so the event exists exactly when the
    change does. ``before``/``after`` must be JSON-serialisable (use ``str`` for dates).
    """
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "",
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        org_path=org_path,
        before=before,
        after=after,
        ip=client_ip(request),
    )


def jsonable(value: Any) -> Any:
    """A model field's value as ``record`` keeps it in ``before``/``after``: a date as ISO text,
    a related row as its id, a decimal as text."""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return str(value) if not isinstance(value, int | bool | type(None)) else value


def purge_older_than(days: int) -> int:
    """Delete audit rows older than ``days`` (the retention purge; nothing else deletes them).
    Refuses fewer than AUDIT_MIN_RETENTION_DAYS: rows younger than six months are kept, which
    the PostgreSQL trigger enforces as well. The purge itself is audited."""
    from django.conf import settings
    from django.db import connection, transaction
    from django.utils import timezone

    if days < settings.AUDIT_MIN_RETENTION_DAYS:
        raise ValueError(f"audit rows are kept at least {settings.AUDIT_MIN_RETENTION_DAYS} days")
    cutoff = timezone.now() - datetime.timedelta(days=days)
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Not through the queryset, which refuses deletes for everyone else.
            cursor.execute("DELETE FROM audit_auditevent WHERE created_at < %s", [cutoff])
            purged = cursor.rowcount
        record("audit.purged", after={"older_than_days": days, "rows": purged})
    return purged
