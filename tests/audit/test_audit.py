import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from audit.models import AppendOnlyError, AuditEvent
from audit.services import record

pytestmark = pytest.mark.django_db


def test_record_keeps_actor_target_and_changes(admin, member_a1):
    event = record(
        "member.updated",
        actor=admin,
        target=member_a1,
        org_path=member_a1.organization.path,
        before={"phone": "1"},
        after={"phone": "2"},
    )

    event.refresh_from_db()
    assert (event.actor, event.actor_name, event.target_type, event.target_id) == (
        admin,
        "admin_a",
        "members.member",
        str(member_a1.pk),
    )
    assert (event.before, event.after) == ({"phone": "1"}, {"phone": "2"})


def test_audit_rows_cannot_be_changed_or_deleted_through_the_orm(admin):
    event = record("test.event", actor=admin)

    event.verb = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(verb="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.postgres
def test_postgres_refuses_raw_updates_of_audit_rows(admin):
    event = record("test.event", actor=admin)

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET verb = 'x' WHERE id = %s", [event.pk])


def test_admin_site_offers_no_change_or_delete(client, admin):
    from django.contrib.admin.sites import site

    model_admin = site.get_model_admin(AuditEvent)
    admin.is_superuser = True

    assert not model_admin.has_change_permission(type("R", (), {"user": admin})())
    assert not model_admin.has_delete_permission(type("R", (), {"user": admin})())
    assert not model_admin.has_add_permission(type("R", (), {"user": admin})())
