"""The audit viewer's filters as an auditor uses them: an account typed in any case, an object
pasted from the 对象 column, and a date range that cannot hold anything refused at the field."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import record

pytestmark = pytest.mark.django_db


def _rows(response):
    return [e.pk for e in response.context["page"]]


def _event(org_path, target_type, target_id):
    return AuditEvent.objects.create(
        verb="nomination.submit", target_type=target_type, target_id=target_id, org_path=org_path
    )


def test_an_auditor_types_the_account_in_any_case(client, auditor, admin, member_a1):
    path = member_a1.organization.path
    mine = record("member.personal_data_viewed", actor=admin, target=member_a1, org_path=path)
    record("member.personal_data_viewed", actor=auditor, target=member_a1, org_path=path)
    client.force_login(auditor)

    typed = [
        client.get(reverse("audit:list"), {"actor": name})
        for name in ("admin_a", "ADMIN_A", " Admin_A ")
    ]

    assert admin.username == "admin_a"
    assert [_rows(response) for response in typed] == [[mine.pk]] * 3


def test_the_account_is_found_through_the_indexed_actor_not_by_scanning_names(
    client, auditor, admin
):
    client.force_login(auditor)

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("audit:list"), {"actor": "ADMIN_A"})

    listing = [q["sql"] for q in queries if 'FROM "audit_auditevent"' in q["sql"]]
    assert listing
    for sql in listing:
        where = sql.split(" WHERE ", 1)[1]
        assert '"audit_auditevent"."actor_name"' not in where
        assert '"audit_auditevent"."actor_id" IN (SELECT' in where


def test_an_auditor_pastes_the_object_as_its_column_shows_it(client, auditor, member_a1):
    path = member_a1.organization.path
    wanted = _event(path, "selection.nomination", "8")
    same_id = _event(path, "members.member", "8")
    same_type = _event(path, "selection.nomination", "9")
    client.force_login(auditor)

    page = client.get(reverse("audit:list")).content.decode()
    pasted = client.get(reverse("audit:list"), {"target": "selection.nomination 8"})
    bare_id = client.get(reverse("audit:list"), {"target": "8"})
    bare_type = client.get(reverse("audit:list"), {"target": "selection.nomination"})

    assert "<td>selection.nomination 8<br>" in page
    assert _rows(pasted) == [wanted.pk]
    assert sorted(_rows(bare_id)) == sorted([wanted.pk, same_id.pk])
    assert sorted(_rows(bare_type)) == sorted([wanted.pk, same_type.pk])


def test_an_object_of_more_than_a_type_and_an_id_is_refused_at_the_field(
    client, auditor, member_a1
):
    _event(member_a1.organization.path, "selection.nomination", "8")
    client.force_login(auditor)

    response = client.get(reverse("audit:list"), {"target": "selection.nomination 8 9"})

    assert response.status_code == 400
    assert response.context["form"].errors == {"target": ["请填写对象类型、编号，或“类型 编号”。"]}
    assert _rows(response) == []


def test_a_start_date_after_the_end_date_is_refused_at_the_field_and_kept(
    client, auditor, member_a1
):
    _event(member_a1.organization.path, "selection.nomination", "8")
    client.force_login(auditor)

    response = client.get(reverse("audit:list"), {"since": "2026-03-10", "until": "2026-03-01"})
    export = client.get(reverse("audit:export"), {"since": "2026-03-10", "until": "2026-03-01"})
    page = response.content.decode()

    assert response.status_code == 400
    assert response.context["form"].errors == {"until": ["截止日期不能早于起始日期。"]}
    assert 'value="2026-03-10"' in page and 'value="2026-03-01"' in page
    assert "截止日期不能早于起始日期。" in page
    assert "没有记录。" in page
    assert export.status_code == 400


def test_a_single_day_is_a_valid_range(client, auditor, member_a1):
    event = _event(member_a1.organization.path, "selection.nomination", "8")
    day = timezone.localtime(event.created_at).date().isoformat()
    client.force_login(auditor)

    response = client.get(
        reverse("audit:list"), {"since": day, "until": day, "target": "selection.nomination"}
    )

    assert response.status_code == 200
    assert _rows(response) == [event.pk]
