"""Rosters in and out of the portal, as an organisation department starts a deployment: the
templates, a round trip that changes nothing, a file full of mistakes that writes nothing, and
files that are not rosters at all."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from audit.models import AuditEvent
from members.idcard import make_id_number
from members.models import Member, RosterImport
from members.roster.checks import MEMBER_FIELDS
from members.roster.columns import MEMBER_COLUMNS, ORGANIZATION_COLUMNS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

HEADERS = [c.header for c in MEMBER_COLUMNS]


def xlsx(rows, headers=HEADERS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(member_no, name="新党员", org="DQ01-01", **overrides):
    birth = overrides.pop("birth", "1990-05-04")
    values = {
        "党员编号": member_no,
        "姓名": name,
        "性别": "女",
        "民族": "汉族",
        "出生日期": birth,
        "学历": "大学本科",
        "入党日期": "2015-07-01",
        "转正日期": "2016-07-01",
        "党员状态": "正式党员",
        "所在党组织编码": org,
        "职务/职称": "干事",
        "工作单位": "东区某单位",
        "联系电话": "13700001111",
    }
    values.update(overrides)
    if "身份证号" not in values:  # a valid number, agreeing with the birth date and the gender
        gender = "M" if values["性别"] == "男" else "F"
        values["身份证号"] = (
            ""
            if "*" in birth
            else make_id_number("420100", datetime.date.fromisoformat(birth), 7, gender)
        )
    return [values[h] for h in HEADERS]


def upload(client, user, content: bytes, kind="members", name="名册.xlsx", *, confirm=True):
    """Upload as the admin does; the check queued on commit runs (eagerly) before the page."""
    client.force_login(user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("members:roster_upload"),
            {"kind": kind, "file": SimpleUploadedFile(name, content)},
        )
    return client.get(response["Location"]) if response.status_code == 302 else response


def confirm(client, item, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:roster_confirm", args=[item.pk]), follow=True)
    item.refresh_from_db()
    return response


def snapshot():
    return sorted(Member.objects.values_list("member_no", *MEMBER_FIELDS))


def download(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_templates_have_the_chinese_headers(client, admin):
    client.force_login(admin)
    for kind, columns in (("members", MEMBER_COLUMNS), ("organizations", ORGANIZATION_COLUMNS)):
        content = download(client, reverse("members:roster_template", args=[kind]))
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        assert [c.value for c in sheet[1]] == [c.header for c in columns]


def test_a_full_export_imported_back_changes_nothing(
    client, admin, roster_a, django_capture_on_commit_callbacks
):
    before = snapshot()
    client.force_login(admin)
    content = download(client, reverse("members:roster_export", args=["members"]) + "?unmasked=1")
    assert AuditEvent.objects.filter(verb="roster.exported", after__unmasked=True).count() == 1

    upload(client, admin, content)
    item = RosterImport.objects.get()
    assert (item.state, item.total_rows, item.creates, item.updates, item.unchanged) == (
        "checked",
        4,
        0,
        0,
        4,
    )
    confirm(client, item, django_capture_on_commit_callbacks)

    assert item.state == "done"
    assert snapshot() == before


def test_a_masked_export_imported_back_keeps_the_stored_personal_data(
    client, admin, roster_a, django_capture_on_commit_callbacks
):
    before = snapshot()
    client.force_login(admin)
    content = download(client, reverse("members:roster_export", args=["members"]))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    first = [c.value for c in sheet[2]]
    assert "*" in first[HEADERS.index("联系电话")] and "*" in first[HEADERS.index("身份证号")]
    assert first[HEADERS.index("出生日期")].endswith("-**-**")

    upload(client, admin, content)
    item = RosterImport.objects.get()
    assert (item.state, item.unchanged) == ("checked", 4)
    confirm(client, item, django_capture_on_commit_callbacks)

    assert snapshot() == before


def test_every_problem_of_a_bad_file_is_listed_and_nothing_is_written(
    client, admin, roster_a, django_capture_on_commit_callbacks
):
    before = snapshot()
    rows = [
        row("N0000001", name="好人甲"),
        row("N0000002", org="NOPE"),  # 3: unknown organisation
        row("N0000003", 入党日期="2015-13-45"),  # 4: bad date
        row("N0000004", 身份证号="420100199005040071"),  # 5: bad checksum
        row("N0000001", name="重复"),  # 6: duplicate number in the file
        row("N0000005", org="XQ01-01"),  # 7: organisation outside the scope
        row("N0000006", 性别="未知"),  # 8: not an option
        row("N0000007", name=""),  # 9: required
        row("N0000008", 入党日期="2005-07-01"),  # 10: joined at 15
        row("N0000009", 转正日期="2014-01-01"),  # 11: full member before joining
        row("N0000010", 联系电话="call me"),  # 12: phone
        row("N0000011", 联系电话="137****1111"),  # 13: masked value for a new member
        row("B0000001"),  # 14: a member of another district
        row("N0000012", 身份证号=make_id_number("420100", datetime.date(1991, 1, 1), 3, "F")),  # 15
        row("N0000013", 学历="博士后"),  # 16: not an option
        row("N0000014", name="好人乙"),
    ]
    response = upload(client, admin, xlsx(rows))

    item = RosterImport.objects.get()
    assert item.state == "invalid"
    problems = {(p["row"], p["column"]) for p in item.problems}
    assert problems == {
        (3, "所在党组织编码"),
        (4, "入党日期"),
        (5, "身份证号"),
        (6, "党员编号"),
        (7, "所在党组织编码"),
        (8, "性别"),
        (9, "姓名"),
        (10, "入党日期"),
        (11, "转正日期"),
        (12, "联系电话"),
        (13, "联系电话"),
        (14, "党员编号"),
        (15, "身份证号"),
        (16, "学历"),
    }
    page = response.content.decode()
    assert "发现 14 个问题" in page and "确认导入" not in page
    assert "与第 2 行重复" in page
    confirm(client, item, django_capture_on_commit_callbacks)
    assert item.state == "invalid"
    assert snapshot() == before

    # The secretary of the organisation department fixes the rows and uploads again.
    fixed = [
        row("N0000001", name="好人甲"),
        row("N0000014", name="好人乙"),
        row("N0000015", name="好人丙", org="DQ01-02", 性别="男"),
    ]
    upload(client, admin, xlsx(fixed))
    item = RosterImport.objects.latest("pk")
    assert (item.state, item.creates) == ("checked", 3)
    confirm(client, item, django_capture_on_commit_callbacks)

    assert item.state == "done"
    added = Member.objects.exclude(member_no__in=[b[0] for b in before])
    assert sorted(added.values_list("member_no", "name", "organization__code", "gender")) == [
        ("N0000001", "好人甲", "DQ01-01", "F"),
        ("N0000014", "好人乙", "DQ01-01", "F"),
        ("N0000015", "好人丙", "DQ01-02", "M"),
    ]
    written = Member.objects.get(member_no="N0000015")
    assert (
        written.birth_date,
        written.joined_on,
        written.full_member_on,
        written.status,
        written.ethnicity,
        written.education,
        written.post,
        written.work_unit,
        written.phone,
        written.id_number,
    ) == (
        datetime.date(1990, 5, 4),
        datetime.date(2015, 7, 1),
        datetime.date(2016, 7, 1),
        "full",
        "01",
        "bachelor",
        "干事",
        "东区某单位",
        "13700001111",
        make_id_number("420100", datetime.date(1990, 5, 4), 7),
    )
    assert AuditEvent.objects.filter(verb="roster.imported").count() == 1


def test_a_bad_value_repeated_down_the_sheet_is_reported_on_every_row(client, admin, roster_a):
    # Each distinct cell of a recurring column is parsed once: the rows after the first that
    # carry it must still be told.
    rows = [
        row("N0000001", 性别="未知", 入党日期="2015-13-45"),
        row("N0000002"),
        row("N0000003", 性别="未知", 入党日期="2015-13-45"),
        row("N0000004", 性别="未知"),
    ]
    upload(client, admin, xlsx(rows))

    item = RosterImport.objects.get()
    assert sorted((p["row"], p["column"]) for p in item.problems) == [
        (2, "入党日期"),
        (2, "性别"),
        (4, "入党日期"),
        (4, "性别"),
        (5, "性别"),
    ]
    assert (item.state, item.problem_count) == ("invalid", 5)
