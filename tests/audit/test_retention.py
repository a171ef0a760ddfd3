"""Audit retention: rows younger than six months are never purged (refused by the purge and,
on PostgreSQL, by the database itself); older ones go when the retention purge runs."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import purge_older_than, record

pytestmark = pytest.mark.django_db


def old_event(days: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (created_at, actor_name, verb, target_type, target_id,"
            " target_repr, org_path) VALUES (%s, '', 'old.event', '', '', '', '')",
            [timezone.now() - datetime.timedelta(days=days)],
        )


def test_the_purge_refuses_to_touch_rows_younger_than_six_months():
    with pytest.raises(ValueError, match="at least 183 days"):
        purge_older_than(30)
    with pytest.raises(CommandError):
        call_command("purge_audit", "--days", "90")


def test_the_purge_deletes_only_rows_older_than_the_retention(settings):
    old_event(days=1200)
    old_event(days=400)
    record("recent.event")

    call_command("purge_audit", "--days", "1000")

    verbs = sorted(AuditEvent.objects.values_list("verb", flat=True))
    assert verbs == ["audit.purged", "old.event", "recent.event"]
    assert AuditEvent.objects.get(verb="audit.purged").after == {
        "older_than_days": 1000,
        "rows": 1,
    }


@pytest.mark.postgres
def test_postgresql_itself_refuses_to_delete_a_young_row():
    record("recent.event")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditevent")
