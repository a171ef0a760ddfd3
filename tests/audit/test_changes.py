"""The 变更 column in words: known keys and codes by their labels (the apps' own choices, a
campaign's or a nomination's field as its model names it; every key the code records has
one), lists and mappings as plain text, unknown keys and codes as stored; the CSV export keeps
before/after as JSON that spreadsheets and scripts read."""

import ast
import csv
import io
import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from audit import changes, labels
from audit.models import AuditEvent
from audit.services import record
from reports.models import ReportJob
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def test_an_auditor_reads_a_veto_a_verdict_and_a_report_scope_in_words(
    client, auditor, admin, member_a1
):
    path = member_a1.organization.path
    record(
        "nomination.veto",
        actor=admin,
        org_path=path,
        before={"state": "submitted"},
        after={"state": "vetoed", "reason": "查实"},
    )
    record("nomination.integrity_opinion", actor=admin, org_path=path, after={"verdict": "pass"})
    record("report.requested", actor=admin, org_path=path, after={"scope": ["/JC/", "/HC/"]})
    record("role.assigned", actor=admin, org_path=path, after={"role": "secretary", "x_new": 1})
    client.force_login(auditor)

    page = client.get(reverse("audit:list")).content.decode()

    assert '<dt>状态</dt><dd><span class="text-muted">已提交</span> → 廉洁一票否决</dd>' in page
    assert "<dt>理由</dt><dd>查实</dd>" in page
    assert "<dt>廉洁意见</dt><dd>同意</dd>" in page
    assert "<dt>范围</dt><dd>江城市委, /HC/</dd>" in page  # an organisation not there, as stored
    assert "<dt>角色</dt><dd>支部书记</dd>" in page
    assert "<dt>x_new</dt><dd>1</dd>" in page  # a key the portal does not know, as stored
    assert "[&#x27;" not in page and "vetoed" not in page


def test_the_same_key_is_read_with_the_codes_of_its_own_kind_of_event():
    with translation.override("zh-hans"):
        nomination = changes.rows("nomination.submit", {"state": "draft"}, {"state": "submitted"})
        report = changes.rows("report.retried", {"state": "failed"}, {"state": "queued"})
        card = changes.shown("review.card_submitted", "state", "submitted")
        unknown = changes.shown("backup.created", "state", "submitted")

    assert nomination == [("状态", "草稿", "已提交")]
    assert report == [("状态", "失败", "排队中")]
    assert (card, unknown) == ("已提交", "submitted")


def test_lists_mappings_and_yes_no_read_as_text_in_the_users_language():
    with translation.override("en"):
        shown = changes.rows(
            "api.token_created",
            None,
            {"can_write": False, "filters": {"verb": "api.", "role": "auditor"}, "ids": [3, 4]},
        )

    assert shown == [
        ("Write access", None, "No"),
        ("Filters", None, "verb: api., Role: Auditor"),
        ("ids", None, "3, 4"),
    ]


def test_an_auditor_reads_an_emptied_field_as_empty_and_does_not_see_fields_empty_throughout(
    client, auditor, admin, member_a1
):
    path = member_a1.organization.path
    record(
        "nomination.veto",
        actor=admin,
        org_path=path,
        before={"state": "submitted", "reason": "", "note": ""},
        after={"state": "vetoed", "reason": "查实", "note": "", "scope": []},
    )
    record(
        "campaign.saved", actor=admin, org_path=path, before={"title": "旧"}, after={"title": ""}
    )
    client.force_login(auditor)

    page = client.get(reverse("audit:list")).content.decode()

    assert '<dt>理由</dt><dd><span class="text-muted">（空）</span> → 查实</dd>' in page
    assert '<dt>标题</dt><dd><span class="text-muted">旧</span> → （空）</dd>' in page
    assert "<dt>备注</dt>" not in page and "<dt>范围</dt>" not in page
    assert "<dd></dd>" not in page


def test_empty_values_read_as_empty_in_the_users_language():
    with translation.override("en"):
        shown = changes.rows(
            "review.card_reopened",
            {"reason": None, "note": "", "items": ["a"]},
            {"reason": "typo", "note": None, "items": [], "filters": {"verb": ""}},
        )

    assert shown == [
        ("Reason", "(empty)", "typo"),
        ("Items", "a", "(empty)"),
        ("Filters", None, "verb: (empty)"),
    ]


def test_the_export_writes_before_and_after_as_json(client, auditor, admin, member_a1):
    record(
        "nomination.veto",
        actor=admin,
        org_path=member_a1.organization.path,
        before={"state": "submitted"},
        after={"state": "vetoed", "reason": "查实", "scope": ["/JC/"]},
    )
    client.force_login(auditor)

    body = b"".join(client.get(reverse("audit:export")).streaming_content).decode("utf-8-sig")

    rows = list(csv.DictReader(io.StringIO(body)))
    (veto,) = [row for row in rows if row["verb_code"] == "nomination.veto"]
    assert veto["before_json"] == '{"state": "submitted"}'
    after = {"state": "vetoed", "reason": "查实", "scope": ["/JC/"]}
    assert json.loads(veto["after_json"]) == after
    assert "查实" in veto["after_json"]  # as written, not \\u escapes
    assert all(row["before_json"] == "" for row in rows if row["verb_code"] == "audit.exported")


def test_a_reminders_moment_reads_in_local_time_and_its_point_by_a_label():
    """A deadline is recorded in UTC (``isoformat``); the log shows every time in the portal's
    zone, to the minute."""
    with translation.override("zh-hans"):
        shown = changes.rows(
            "reminder.sent",
            None,
            {"deadline": "2026-12-16T18:14:12.795306+00:00", "point": 24, "x_new": "x"},
        )

    assert shown == [
        ("截止时间", None, "2026-12-17 02:14"),
        ("提前小时数", None, "24"),
        ("x_new", None, "x"),
    ]
    # a value that is not a moment stays as stored
    assert changes.shown("reminder.sent", "deadline", "明天") == "明天"


def _recorded_keys() -> set[str]:
    """The keys written literally into an audit event's before/after (``record``) or into a
    nomination move's ``details`` anywhere in the portal's code."""
    root = Path(__file__).resolve().parents[2]
    keys = set()
    for path in root.rglob("*.py"):
        if {".venv", "tests", "migrations", "node_modules"} & set(path.relative_to(root).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg in ("before", "after", "details"):
                keys.update(
                    key.value
                    for inner in ast.walk(node.value)
                    if isinstance(inner, ast.Dict)
                    for key in inner.keys
                    if isinstance(key, ast.Constant) and isinstance(key.value, str)
                )
    return keys


def test_every_key_the_code_records_has_a_label():
    recorded = _recorded_keys()

    assert {"document", "bundle_sha256", "state", "cards_withdrawn"} <= recorded  # found
    assert sorted(recorded - set(labels.KEYS)) == []


def test_a_revocation_and_an_archive_download_read_in_words():
    with translation.override("zh-hans"):
        revoked = changes.rows(
            "nomination.revoke",
            {"state": "published"},
            {"state": "revoked", "document": "江组字〔2027〕8号", "public_until": "2027-01-05"},
        )
        downloaded = changes.rows(
            "archive.downloaded", None, {"edition": 1, "bundle_sha256": "ab" * 32}
        )

    assert revoked == [
        ("状态", "已发布", "已撤销荣誉"),
        ("撤销决定文号", None, "江组字〔2027〕8号"),
        ("公告截止日期", None, "2027-01-05"),
    ]
    assert downloaded == [("版本", None, "1"), ("归档包校验值（SHA-256）", None, "ab" * 32)]


def test_a_campaigns_and_a_nominations_fields_read_as_their_model_names_them():
    """campaign.saved records every field changed, a move the fields it set: by field name."""
    with translation.override("zh-hans"):
        saved = changes.rows(
            "campaign.saved",
            {"min_reviewers": 5, "min_assessment_grade": "competent"},
            {
                "min_reviewers": 7,
                "min_assessment_grade": "excellent",
                "nominating_deadline": "2026-12-16T10:00:00+00:00",
            },
        )
        submitted = changes.rows(
            "nomination.submit",
            None,
            {"submitted_at": "2026-12-06 10:00:00.5+00:00", "returned_in": "screening"},
        )
        elsewhere = changes.rows("backup.created", None, {"min_reviewers": 5})

    assert saved == [
        ("每人最少评审人数", "5", "7"),
        ("最近一次年度考核不低于", "称职", "优秀"),
        ("推荐截止时间", None, "2026-12-16 18:00"),
    ]
    assert submitted == [
        ("提交时间", None, "2026-12-06 18:00"),
        ("退回时所处阶段", None, "资格审查"),
    ]
    assert elsewhere == [("min_reviewers", None, "5")]


def test_a_roster_imports_counts_and_an_archives_moment_read_in_words():
    """The counts an import records (as ``**counts``, out of sight of the scan above) and the
    moment a campaign was archived, in UTC, read as the log's other times."""
    with translation.override("zh-hans"):
        imported = changes.rows(
            "roster.imported",
            None,
            {"kind": "members", "created": 0, "updated": 1, "unchanged": 0},
        )
        archived = changes.rows(
            "campaign.archived", None, {"archived_at": "2026-12-06T20:27:16.089668+00:00"}
        )

    assert [key for key, _old, _new in imported][1:] == ["新增", "更新", "不变"]
    assert archived == [("归档时间", None, "2026-12-07 04:27")]


def test_the_fields_a_change_wrote_read_as_their_names(city_admin, city, branch_a1):
    """推荐 or 风采 changed: the auditor reads which fields in words (照片, 标题), not as the code's
    names (photo, title), and a profile's change records them too."""
    from audit.models import AuditEvent
    from selection import gallery
    from tests.factories import CampaignFactory, NominationFactory

    approved = NominationFactory(
        campaign=CampaignFactory(owner=city, phase="notice"),
        member__organization=branch_a1,
        state="approved",
    )
    profile = gallery.create_profile(approved, by=city_admin)
    gallery.update_profile(profile, data={"title": "新的标题", "year": profile.year}, by=city_admin)
    event = AuditEvent.objects.filter(verb="profile.updated").get()

    with translation.override("zh-hans"):
        nomination = changes.rows("nomination.updated", None, {"fields": ["deeds", "photo"]})
        profile_rows = event.changes()

    assert event.after == {"fields": ["title"]}  # the year typed as it was is no change
    assert nomination == [("字段", None, "详细事迹, 照片")]
    assert profile_rows == [("字段", None, "标题")]


def test_a_card_s_scores_recorded_by_criterion_id_in_older_rows_read_by_criterion(city):
    from evaluations.services import ensure_criteria

    campaign = CampaignFactory(owner=city)
    criteria = {criterion.code: criterion for criterion in ensure_criteria(campaign)}
    older = {str(criteria["political"].pk): "21.0", str(criteria["public"].pk): "19.0"}

    with translation.override("zh-hans"):
        chinese = changes.shown("review.card_submitted", "scores", older)
    with translation.override("en"):
        english = changes.shown("review.card_submitted", "scores", {"integrity": "22.0"})
        unknown = changes.shown("review.card_submitted", "scores", {"999999": "1.0"})

    assert chinese == "政治素质好: 21, 群众评价好: 19"  # the points as typed
    assert english == "Good integrity: 22"
    assert unknown == "999999: 1"  # a criterion no longer there, by its id


def test_a_report_named_in_chinese_when_requested_reads_in_the_auditor_s_language(
    client, auditor, admin, member_a1
):
    for number, name in ((4, "结构分析（PDF）"), (5, "某个旧名称")):
        AuditEvent.objects.create(
            verb="report.downloaded",
            actor=admin,
            target_type=ReportJob._meta.label_lower,
            target_id=str(number),
            target_repr=f"{name} #{number}",
            org_path=member_a1.organization.path,
        )
    client.force_login(auditor)
    client.cookies["django_language"] = "en"

    page = client.get(reverse("audit:list")).content.decode()

    assert "Structure analysis (PDF) #4" in page
    assert "结构分析" not in page
    assert "某个旧名称 #5" in page  # not a kind's label: as stored


def test_an_api_calls_status_reads_as_the_http_status_and_an_objections_as_its_outcome():
    api = {"method": "GET", "path": "/api/v1/roster/", "status": 403}
    with translation.override("en"):
        english = changes.rows("api.refused", None, api)
        objection = changes.rows("notice.objection_resolved", None, {"status": "upheld"})
    with translation.override("zh-hans"):
        chinese = changes.rows("api.call", None, api)

    assert english == [
        ("Method", None, "GET"),
        ("Path", None, "/api/v1/roster/"),
        ("HTTP status", None, "403"),
    ]
    assert objection == [("State", None, "Upheld")]
    assert chinese[-1] == ("HTTP 状态码", None, "403")
