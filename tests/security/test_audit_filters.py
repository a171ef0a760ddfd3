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
    """The column names the kind in words (推荐 8), its code in the title; what it shows, the
    code, the kind or the id alone all find their rows."""
    path = member_a1.organization.path
    wanted = _event(path, "selection.nomination", "8")
    same_id = _event(path, "members.member", "8")
    same_type = _event(path, "selection.nomination", "9")
    client.force_login(auditor)

    page = client.get(reverse("audit:list")).content.decode()
    pasted = client.get(reverse("audit:list"), {"target": "推荐 8"})
    coded = client.get(reverse("audit:list"), {"target": "selection.nomination 8"})
    bare_id = client.get(reverse("audit:list"), {"target": "8"})
    bare_kind = client.get(reverse("audit:list"), {"target": " 推荐 "})
    bare_type = client.get(reverse("audit:list"), {"target": "selection.nomination"})

    assert '<span title="selection.nomination">推荐</span> 8<br>' in page
    assert "selection.nomination 8<br>" not in page
    assert _rows(pasted) == [wanted.pk]
    assert _rows(coded) == [wanted.pk]
    assert sorted(_rows(bare_id)) == sorted([wanted.pk, same_id.pk])
    assert sorted(_rows(bare_kind)) == sorted([wanted.pk, same_type.pk])
    assert sorted(_rows(bare_type)) == sorted([wanted.pk, same_type.pk])


def test_the_kind_in_words_is_found_through_the_target_index(client, auditor, member_a1):
    """推荐 8 is filtered as its code and id were: both columns of audit_target_idx."""
    _event(member_a1.organization.path, "selection.nomination", "8")
    client.force_login(auditor)

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("audit:list"), {"target": "推荐 8"})

    listing = [q["sql"] for q in queries if 'FROM "audit_auditevent"' in q["sql"]]
    assert listing
    for sql in listing:
        where = sql.split(" WHERE ", 1)[1]
        assert """"audit_auditevent"."target_type" IN ('selection.nomination')""" in where
        assert """"audit_auditevent"."target_id" = '8'""" in where


def test_an_english_reader_pastes_the_kind_in_english_or_in_chinese(client, auditor, member_a1):
    """The kind is read in the UI language and in the other one, in any case, a name of two
    words ("Party member") included."""
    path = member_a1.organization.path
    wanted = _event(path, "selection.nomination", "8")
    member = _event(path, "members.member", "8")
    client.cookies["django_language"] = "en"
    client.force_login(auditor)

    page = client.get(reverse("audit:list")).content.decode()
    found = {
        text: _rows(client.get(reverse("audit:list"), {"target": text}))
        for text in ("Nomination 8", "nomination  8", "推荐 8", "Party member 8", "Party member")
    }
    client.cookies["django_language"] = "zh-hans"
    from_chinese = client.get(reverse("audit:list"), {"target": "Nomination 8"})

    assert '<span title="selection.nomination">Nomination</span> 8<br>' in page
    assert found == {
        "Nomination 8": [wanted.pk],
        "nomination  8": [wanted.pk],
        "推荐 8": [wanted.pk],
        "Party member 8": [member.pk],
        "Party member": [member.pk],
    }
    assert _rows(from_chinese) == [wanted.pk]


def test_a_kind_no_longer_installed_shows_and_filters_as_stored(client, auditor, member_a1):
    path = member_a1.organization.path
    old = _event(path, "selection.gonemodel", "3")
    _event(path, "selection.nomination", "8")
    client.force_login(auditor)

    page = client.get(reverse("audit:list")).content.decode()
    typed = {
        text: client.get(reverse("audit:list"), {"target": text})
        for text in ("selection.gonemodel 3", "selection.gonemodel", "推荐 3")
    }

    assert '<span title="selection.gonemodel">selection.gonemodel</span> 3<br>' in page
    assert {text: (r.status_code, _rows(r)) for text, r in typed.items()} == {
        "selection.gonemodel 3": (200, [old.pk]),
        "selection.gonemodel": (200, [old.pk]),
        "推荐 3": (200, []),
    }


def test_a_name_two_models_share_finds_the_rows_of_both(client, auditor, member_a1, monkeypatch):
    """No two installed models share a verbose name today; the filter maps a shared one to
    every model bearing it."""
    from types import SimpleNamespace

    from django.apps import apps

    from audit import verbs

    path = member_a1.organization.path
    first = _event(path, "one.thing", "8")
    second = _event(path, "two.thing", "8")
    _event(path, "two.thing", "9")

    def stub(code):
        return SimpleNamespace(_meta=SimpleNamespace(label_lower=code, verbose_name="同名"))

    verbs._kinds.cache_clear()
    monkeypatch.setattr(apps, "get_models", lambda: [stub("one.thing"), stub("two.thing")])
    client.force_login(auditor)
    try:
        response = client.get(reverse("audit:list"), {"target": "同名 8"})
    finally:
        verbs._kinds.cache_clear()

    assert sorted(_rows(response)) == sorted([first.pk, second.pk])


@pytest.mark.parametrize("count", [1, 3])
def test_reading_the_kind_in_words_costs_no_query(
    client, auditor, member_a1, admin, count, django_assert_num_queries
):
    """The page's pin (test_audit_list_query_count_does_not_grow) holds with the object
    filtered as the column shows it, and the names are read once per language."""
    from audit import verbs

    path = member_a1.organization.path
    for _ in range(count):
        record("member.personal_data_viewed", actor=admin, target=member_a1, org_path=path)
    client.force_login(auditor)

    with django_assert_num_queries(4):
        response = client.get(reverse("audit:list"), {"target": f"党员 {member_a1.pk}"})
    made = verbs._kinds.cache_info().misses
    again = client.get(reverse("audit:list"), {"target": f"Party member {member_a1.pk}"})

    assert len(_rows(response)) == len(_rows(again)) == count
    assert '<span title="members.member">党员</span>' in response.content.decode()
    assert verbs._kinds.cache_info().misses == made


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
    assert reverse("audit:export") not in page  # no link to the 400: the button is disabled


def test_a_single_day_is_a_valid_range(client, auditor, member_a1):
    event = _event(member_a1.organization.path, "selection.nomination", "8")
    day = timezone.localtime(event.created_at).date().isoformat()
    client.force_login(auditor)

    response = client.get(
        reverse("audit:list"), {"since": day, "until": day, "target": "selection.nomination"}
    )

    assert response.status_code == 200
    assert _rows(response) == [event.pk]


def test_the_object_typed_without_its_space_or_with_a_hash_is_found(client, auditor, member_a1):
    wanted = _event(member_a1.organization.path, "selection.nomination", "19")
    client.force_login(auditor)

    typed = ("推荐19", "推荐 #19", "推荐 ＃19", "推荐１９", "推荐 019", "#19", "Nomination19")
    found = [_rows(client.get(reverse("audit:list"), {"target": text})) for text in typed]

    assert found == [[wanted.pk]] * len(typed)


def test_words_naming_no_kind_are_refused_at_the_field_naming_them(client, auditor, member_a1):
    """The cell's second line ("汇总表 #34") names the object; pasted, it is refused with the way
    to write the filter, not answered with an empty page."""
    _event(member_a1.organization.path, "reports.reportjob", "34")
    client.force_login(auditor)

    answers = {
        text: client.get(reverse("audit:list"), {"target": text})
        for text in ("汇总表 #34", "汇总表")
    }

    assert {text: r.status_code for text, r in answers.items()} == {
        "汇总表 #34": 400,
        "汇总表": 400,
    }
    assert answers["汇总表 #34"].context["form"].errors == {
        "target": ["“汇总表”不是对象类型。请按“对象”列第一行填写类型和编号，如 推荐 42。"]
    }
    assert _rows(answers["汇总表"]) == []
