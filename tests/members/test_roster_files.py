"""Rosters, continued: exports, masked round trips, and files that are not rosters at all."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from members import roster
from members.models import Member, Organization, RosterImport
from members.roster import reader
from members.roster.columns import ORGANIZATION_COLUMNS
from tests.members.test_roster import (
    confirm,
    download,
    row,
    snapshot,
    upload,
    xlsx,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def _apply_then_fail(plan):
    from members.roster.apply import apply_plan

    apply_plan(plan, progress=lambda done, total: None)
    raise RuntimeError("磁盘已满")


def one_far_cell_xlsx(ref: str) -> bytes:
    """A minimal workbook, written by hand, whose only cell sits at ``ref`` (a few hundred
    bytes; nothing of the sheet is ever allocated here)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    row = re.sub(r"^[A-Z]+", "", ref)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats'
            '-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml'
            '.worksheet+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{rels}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="{rels}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{rels}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0"?><worksheet xmlns="{main}"><dimension ref="{ref}"/><sheetData>'
            f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'
            "</sheetData></worksheet>",
        )
    return buffer.getvalue()


def test_an_import_that_fails_half_way_leaves_the_database_as_it_was(
    client, admin, roster_a, monkeypatch, django_capture_on_commit_callbacks
):
    before = snapshot()
    upload(client, admin, xlsx([row(f"N{i:07d}") for i in range(5)]))
    item = RosterImport.objects.get()

    monkeypatch.setattr(roster, "apply_plan", lambda plan, progress: _apply_then_fail(plan))
    confirm(client, item, django_capture_on_commit_callbacks)

    assert item.state == "failed" and "数据库未作任何修改" in item.error
    assert snapshot() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"member_no,name\nM1,Zhang\n", "这不是 xlsx 文件"),
        (b"", "所提交的是空文件"),
        (xlsx([["a", "b"]], headers=["甲", "乙"]), "表头与模板不符"),
        (xlsx([]), "表格中没有数据行"),
    ],
    ids=["text file renamed", "empty file", "other headers", "no rows"],
)
def test_files_that_are_not_rosters_get_a_clear_message(client, admin, content, message, settings):
    response = upload(client, admin, content)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "共 0 行" not in response.content.decode()  # no counts of rows never read
    assert not RosterImport.objects.exclude(state="invalid").exists()
    assert not any(path.is_file() for path in settings.MEDIA_ROOT.rglob("*"))


ORGANIZATION_HEADERS = [c.header for c in ORGANIZATION_COLUMNS]


@pytest.mark.parametrize(
    ("content", "chosen", "message"),
    [
        (xlsx([row("N0000001")]), "organizations", "表头属于“党员”模板，而导入内容选的是“党组织”"),
        (xlsx([["DQ09", "新支部", "党支部", ""]], ORGANIZATION_HEADERS), "members", "改选“党组织”"),
    ],
    ids=["members as organisations", "organisations as members"],
)
def test_a_filled_in_template_uploaded_as_the_other_kind_says_which_kind_to_choose(
    client, admin, roster_a, content, chosen, message
):
    page = upload(client, admin, content, kind=chosen).content.decode()

    assert message in page and "缺少列" not in page
    assert RosterImport.objects.get().state == "invalid"


def test_a_file_of_the_other_template_is_listed_with_why_not_as_no_rows_and_no_problems(
    client, admin, roster_a
):
    upload(client, admin, xlsx([row("N0000001")]), kind="organizations", name="党员名册.xlsx")

    listed = client.get(reverse("members:roster")).content.decode().split("roster-imports")[1]

    assert "表头属于“党员”模板，而导入内容选的是“党组织”" in listed
    assert '<td class="cell-inline" data-label="问题数">0</td>' not in listed


def test_a_refused_file_s_page_links_back_to_the_upload_form(client, admin, roster_a):
    page = upload(client, admin, xlsx([row("N0000001")]), kind="organizations").content.decode()

    refusal = page.split('class="alert alert-danger roster-error"')[1].split("</div>")[0]
    assert "改选“党员”后重新上传" in refusal
    assert f'href="{reverse("members:roster")}">重新上传</a>' in refusal


def test_a_zip_bomb_is_refused_before_it_is_unpacked(client, admin):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            chunk = b" " * 2**20
            for _ in range(64):
                sheet.write(chunk)

    response = upload(client, admin, buffer.getvalue())

    assert "表格解压后过大" in response.content.decode()


@pytest.mark.parametrize(
    ("ref", "message"),
    [("XFD1048576", "表格超过 250000 行"), ("ALL20000", "超过 24 列")],
    ids=["last cell of a sheet", "column 1000"],
)
def test_a_tiny_file_reaching_a_far_cell_is_refused_fast_and_deleted(
    client, admin, settings, ref, message
):
    import time

    content = one_far_cell_xlsx(ref)
    assert len(content) < 6000
    started = time.monotonic()
    response = upload(client, admin, content)

    assert time.monotonic() - started < 5
    assert message in response.content.decode()
    assert RosterImport.objects.get().state == "invalid"
    assert not any(path.is_file() for path in settings.MEDIA_ROOT.rglob("*"))


def test_the_upload_request_does_not_read_the_sheet(client, admin, monkeypatch):
    # The web process only looks at the zip's directory; reading is the task's.
    def no_reading(*args, **kwargs):
        raise AssertionError("read in the web request")

    monkeypatch.setattr(reader, "read_rows", no_reading)
    monkeypatch.setattr(roster, "read_rows", no_reading)
    client.force_login(admin)
    response = client.post(
        reverse("members:roster_upload"),
        {"kind": "members", "file": SimpleUploadedFile("名册.xlsx", xlsx([row("N0000001")]))},
    )

    assert response.status_code == 302
    item = RosterImport.objects.get()
    assert item.state == "checking"
    assert "正在检查文件" in client.get(response["Location"]).content.decode()


def test_a_sheet_with_too_many_rows_is_refused(client, admin, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 3)

    response = upload(client, admin, xlsx([row(f"N{i:07d}") for i in range(5)]))

    assert "表格超过 3 行" in response.content.decode()


def test_organisations_are_imported_under_the_admins_district(
    client, admin, district_a, committee_a, django_capture_on_commit_callbacks
):
    headers = [c.header for c in ORGANIZATION_COLUMNS]
    rows = [
        ["DQ02-01", "新党支部", "党支部", "DQ02"],  # its parent comes later in the file
        ["DQ02", "新党委", "党(工)委", "DQ"],
        ["XQ99", "越界", "党支部", "XQ"],  # under district B
        ["LOOP1", "环一", "党支部", "LOOP2"],
        ["LOOP2", "环二", "党支部", "LOOP1"],
    ]
    upload(client, admin, xlsx(rows, headers), kind="organizations")
    item = RosterImport.objects.get()
    assert {(p["row"], p["column"]) for p in item.problems} == {
        (4, "上级组织编码"),
        (5, "上级组织编码"),
        (6, "上级组织编码"),
    }

    upload(client, admin, xlsx(rows[:2], headers), kind="organizations")
    item = RosterImport.objects.latest("pk")
    confirm(client, item, django_capture_on_commit_callbacks)

    assert item.state == "done"
    assert Organization.objects.get(code="DQ02-01").path == "/JC/DQ/DQ02/DQ02-01/"
    upload(client, admin, xlsx(rows[:2], headers), kind="organizations")
    again = RosterImport.objects.latest("pk")
    assert (again.creates, again.updates, again.unchanged) == (0, 0, 2)


def test_the_command_loads_a_first_roster_from_a_file(tmp_path, branch_a1, capsys):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx([row(f"N{i:07d}") for i in range(3)]))

    call_command("import_roster", str(path), "--kind", "members", "--everywhere")

    assert "3 rows: 3 new" in capsys.readouterr().out
    assert Member.objects.filter(member_no__startswith="N").count() == 3


@pytest.mark.parametrize("count", [1, 3])
def test_the_roster_page_costs_the_same_queries_whatever_the_imports(
    client, admin, count, django_assert_num_queries
):
    for i in range(count):
        RosterImport.objects.create(
            kind="members", uploaded_by=admin, original_name=f"{i}.xlsx", state="invalid"
        )
    client.force_login(admin)
    with django_assert_num_queries(3):
        response = client.get(reverse("members:roster"))
    assert response.content.decode().count(".xlsx</a>") == count


def test_a_secretary_exports_masked_only(client, secretary, roster_a):
    client.force_login(secretary)
    assert download(client, reverse("members:roster_export", args=["members"]))[:2] == b"PK"
    unmasked = client.get(reverse("members:roster_export", args=["members"]) + "?unmasked=1")
    assert unmasked.status_code == 403
    assert client.get(reverse("members:roster")).status_code == 403


def test_the_reader_keeps_one_copy_of_recurring_values_without_mixing_types():
    from members.roster.reader import _one_copy

    kept = {}
    first = _one_copy(kept, "".join(["汉", "族"]))
    again = _one_copy(kept, "".join(["汉", "族"]))

    assert again is first
    assert _one_copy(kept, 1.0) == 1.0 and type(_one_copy(kept, 1)) is int
    assert _one_copy(kept, True) is True


def test_the_reader_keeps_one_copy_of_each_recurring_text(tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx([row("N0000001"), row("N0000002"), row("N0000003", 民族="回族")]))

    rows = [cells for _number, cells in reader.read_rows(path, "members")]

    assert rows[0].get("ethnicity") is rows[1].get("ethnicity") == "汉族"
    assert rows[0].get("organization") is rows[2].get("organization") == "DQ01-01"
    assert rows[2].get("ethnicity") == "回族"
    assert [cells.get("member_no") for cells in rows] == ["N0000001", "N0000002", "N0000003"]


def test_an_export_is_named_in_the_users_language_and_says_when_it_is_masked(
    client, admin, roster_a
):
    from urllib.parse import unquote

    client.force_login(admin)
    url = reverse("members:roster_export", args=["members"])
    names = []
    for language in ("zh-hans", "en"):
        client.post(reverse("set_language"), {"language": language, "next": "/"})
        for query in ("", "?unmasked=1"):
            response = client.get(url + query)
            # Django writes filename= for an ASCII name, filename*= (quoted) for another
            found = re.search(
                r"filename\*=utf-8''(.+)|filename=\"(.+)\"", response["Content-Disposition"]
            )
            names.append(unquote(found.group(1) or found.group(2)))
            b"".join(response.streaming_content)  # read to its end, which closes it

    assert names == [
        "党员名册（脱敏）.xlsx",
        "党员名册.xlsx",
        "Member roster (masked).xlsx",
        "Member roster.xlsx",
    ]


def test_an_organisation_export_is_named_without_masked(client, admin, roster_a):
    """Only member exports are masked: the organisations' list is named for what it holds."""
    from urllib.parse import unquote

    client.force_login(admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    response = client.get(reverse("members:roster_export", args=["organizations"]))
    b"".join(response.streaming_content)

    disposition = unquote(response["Content-Disposition"])
    assert disposition.endswith('filename="Party organisations.xlsx"')


def test_a_roster_staged_in_a_storage_without_local_paths_is_checked_and_imported(
    client, admin, roster_a, settings, django_capture_on_commit_callbacks
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }

    upload(client, admin, xlsx([row("S0000001", name="对象存储")]))
    item = RosterImport.objects.get()
    assert item.state == RosterImport.State.CHECKED, (item.error, item.problems)
    confirm(client, item, django_capture_on_commit_callbacks)

    assert item.state == RosterImport.State.DONE
    assert Member.objects.get(member_no="S0000001").name == "对象存储"
