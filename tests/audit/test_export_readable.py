"""The CSV export reads as the audit page shows it, in the reader's language (the action's and
the object's labels, the organisation's name, the change as "字段: 前 → 后"), keeps the codes for
scripts under headers that say so, is named after its filter, and costs the same queries
whatever its number of rows."""

import csv
import datetime
import io
import json
from urllib.parse import quote, unquote

import pytest
from django.urls import reverse
from django.utils import timezone

from audit import export
from audit.services import record

pytestmark = pytest.mark.django_db


def _export(client, **filters):
    response = client.get(reverse("audit:export"), filters)
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(body))
    return response, reader.fieldnames, list(reader)


def _trail(admin, member_a1, district_a):
    record(
        "nomination.veto",
        actor=admin,
        target=member_a1,
        org_path=member_a1.organization.path,
        before={"state": "submitted"},
        after={"state": "vetoed", "scores": {"political": "21.0"}},
    )
    record(
        "report.requested",
        actor=admin,
        org_path=district_a.path,
        after={"scope": [district_a.path]},
    )


def test_an_auditor_reads_the_export_in_chinese_as_the_page_shows_it(
    client, auditor, admin, member_a1, district_a
):
    _trail(admin, member_a1, district_a)
    client.force_login(auditor)

    _response, head, rows = _export(client)

    by_verb = {row["verb_code"]: row for row in rows}
    veto, report = by_verb["nomination.veto"], by_verb["report.requested"]
    assert head == [
        *("时间", "操作人", "动作", "对象类型", "对象编号", "对象", "组织", "变更", "IP 地址"),
        *("time_iso", "actor_username", "verb_code", "target_type_code", "target_id"),
        *("org_path_code", "before_json", "after_json", "ip"),
    ]
    assert (veto["动作"], veto["对象类型"], veto["对象"]) == (
        "廉洁一票否决",
        "党员",
        str(member_a1),
    )
    assert veto["组织"] == "东区一支部"
    assert veto["变更"] == "状态: 已提交 → 廉洁一票否决; 评分: 政治素质好: 21"
    assert (report["组织"], report["变更"]) == ("东区区委", "范围: 东区区委")
    assert veto["org_path_code"] == member_a1.organization.path
    assert veto["target_type_code"] == "members.member"
    assert (veto["actor_username"], veto["target_id"]) == ("admin_a", str(member_a1.pk))
    assert json.loads(veto["after_json"]) == {"state": "vetoed", "scores": {"political": "21.0"}}
    assert by_verb["audit.exported"]["动作"] == "导出审计日志"


def test_an_auditor_reading_english_gets_the_export_in_english(
    client, auditor, admin, member_a1, district_a
):
    _trail(admin, member_a1, district_a)
    client.force_login(auditor)
    client.cookies["django_language"] = "en"

    response, head, rows = _export(client)

    (veto,) = [row for row in rows if row["verb_code"] == "nomination.veto"]
    assert head[:9] == [
        *("Time", "Actor", "Action", "Object type", "Object ID", "Object"),
        *("Organisation", "Changes", "IP address"),
    ]
    assert veto["Action"] == "Vetoed on integrity"
    assert "filename*=utf-8''Audit-trail_20" in response["Content-Disposition"]
    assert (
        veto["Changes"]
        == "State: Submitted → Vetoed on integrity; Scores: Good political quality: 21"
    )


def test_the_file_is_named_after_the_filter_and_its_dates(client, auditor):
    client.force_login(auditor)
    today = f"{timezone.localdate():%Y-%m-%d}"

    plain, *_rows = _export(client)
    dated, *_rows = _export(
        client, verb="nomination.veto", actor="admin_a", since="2026-12-01", until="2026-12-07"
    )
    one_day, *_rows = _export(
        client, verb="nomination.", target="推荐 8", since="2026-12-07", until="2026-12-07"
    )

    assert plain["Content-Disposition"] == (
        f"attachment; filename=\"audit-{today}.csv\"; filename*=utf-8''"
        f"%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97_{today}.csv"
    )
    disposition = dated["Content-Disposition"]
    assert 'filename="audit-nomination.veto-admin_a-2026-12-01_2026-12-07.csv"' in disposition
    assert unquote(disposition.split("''")[1]) == (
        "审计日志_廉洁一票否决_admin_a_2026-12-01至2026-12-07.csv"
    )
    disposition = one_day["Content-Disposition"]
    assert 'filename="audit-nomination-nomination-8-2026-12-07.csv"' in disposition
    assert unquote(disposition.split("''")[1]) == "审计日志_推荐_推荐-8_2026-12-07.csv"


def test_the_file_name_has_no_space_in_english_or_in_chinese(client, auditor):
    client.force_login(auditor)
    wanted = {"verb": "campaign.saved", "target": "推荐 8", "since": "2026-12-01"}
    wanted["until"] = "2026-12-07"

    chinese, *_rows = _export(client, **wanted)
    client.cookies["django_language"] = "en"
    english, *_rows = _export(client, **wanted)

    assert chinese["Content-Disposition"] == (
        'attachment; filename="audit-campaign.saved-nomination-8-2026-12-01_2026-12-07.csv"; '
        "filename*=utf-8''" + quote("审计日志_保存评选活动_推荐-8_2026-12-01至2026-12-07.csv")
    )
    assert english["Content-Disposition"] == (
        'attachment; filename="audit-campaign.saved-nomination-8-2026-12-01_2026-12-07.csv"; '
        "filename*=utf-8''Audit-trail_Campaign-saved_Nomination-8_2026-12-01-to-2026-12-07.csv"
    )


def test_a_file_name_keeps_no_character_a_file_system_refuses(client, auditor):
    client.force_login(auditor)

    response, *_rows = _export(client, actor='a/b\\c:"*?<>|d')

    disposition = response["Content-Disposition"]
    assert 'filename="audit-a-b-c-d-' in disposition
    assert "_a-b-c-d_" in unquote(disposition.split("''")[1])


@pytest.mark.parametrize("count", [1, 3])
def test_the_export_costs_the_same_queries_at_one_row_and_at_three(
    client, auditor, admin, member_a1, district_a, count, django_assert_num_queries
):
    for _ in range(count):
        _trail(admin, member_a1, district_a)
    client.force_login(auditor)

    with django_assert_num_queries(
        5
    ):  # the user, the scope, the export recorded, the rows, their organisations
        _response, _head, rows = _export(client)

    assert [row["verb_code"] for row in rows].count("report.requested") == count


def test_a_change_reads_on_one_line_with_what_was_there_before():
    text = export.change_text(
        [("状态", "已提交", "廉洁一票否决"), ("理由", None, "查实"), ("附件", "a.pdf", None)]
    )

    assert text == "状态: 已提交 → 廉洁一票否决; 理由: 查实; 附件: a.pdf → —"


def test_a_row_names_its_time_in_local_time_and_as_iso_for_scripts(auditor):
    event = record("auth.login", actor=auditor)
    moment = timezone.localtime(event.created_at)

    row = export.csv_row(event)

    assert row[0] == f"{moment:%Y-%m-%d %H:%M:%S}"
    assert datetime.datetime.fromisoformat(row[9]) == event.created_at
