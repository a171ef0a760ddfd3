"""What a roster import says of its whole file (unreadable, the other template, given up by the
sweeper, interrupted, failed) and the 已更改 marker of its preview are shown in the language of
whoever reads them, whichever language the file was checked in: each is stored as a code and its
parameters (``members.roster.problems``) beside its words. An import stored before codes keeps
its words. The row problems themselves: test_roster_language.py."""

import html
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from members import roster
from members.idcard import make_id_number
from members.models import RosterImport
from members.roster.columns import ORGANIZATION_COLUMNS
from tests.members.test_roster import upload, xlsx
from tests.members.test_roster_confirm import _as_stored
from tests.members.test_roster_lost_tasks import _upload_whose_check_is_lost

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

OTHER_TEMPLATE_ZH = "文件的表头属于“党组织”模板，而导入内容选的是“党员”。请改选“党组织”后重新上传。"
OTHER_TEMPLATE_EN = (
    'The file\'s headers are those of the "Party organisation" template, but "Party member" '
    'was chosen as what to import. Choose "Party organisation" and upload it again.'
)


def _read(client, language: str, item=None) -> str:
    """The import's page (the list of imports without ``item``) in ``language``, unescaped."""
    client.cookies["django_language"] = language
    url = reverse("members:roster_preview", args=[item.pk]) if item else reverse("members:roster")
    return html.unescape(client.get(url).content.decode())


def test_a_file_of_the_other_template_checked_in_english_is_read_in_both_languages(
    client, admin, branch_a1
):
    client.cookies["django_language"] = "en"
    headers = [c.header for c in ORGANIZATION_COLUMNS]
    upload(client, admin, xlsx([["X1", "某支部", "党支部", "DQ01"]], headers))
    item = RosterImport.objects.get()

    pages = {lang: (_read(client, lang, item), _read(client, lang)) for lang in ("zh-hans", "en")}

    assert (item.state, item.error_code) == ("invalid", "other_template")
    assert item.error_params == {"found": "organizations", "chosen": "members"}
    assert item.error == OTHER_TEMPLATE_EN  # the words of the check, for the previous release
    for page in pages["zh-hans"]:
        assert OTHER_TEMPLATE_ZH in page and OTHER_TEMPLATE_EN not in page
    for page in pages["en"]:
        assert OTHER_TEMPLATE_EN in page and OTHER_TEMPLATE_ZH not in page


def test_an_upload_given_up_by_the_sweeper_is_read_in_the_readers_language(client, admin, roster_a):
    upload(client, admin, xlsx([_as_stored(roster_a[0])]))  # checked in Chinese, left waiting
    item = RosterImport.objects.get()
    RosterImport.objects.filter(pk=item.pk).update(created_at=timezone.now() - timedelta(days=8))

    assert roster.sweep() == 1

    item.refresh_from_db()
    chinese, english = _read(client, "zh-hans", item), _read(client, "en", item)
    assert (item.state, item.error_code) == ("discarded", "given_up")
    assert item.error_params == {"days": 7}
    assert "7 天内未完成导入，已自动放弃" in item.error
    assert "7 天内未完成导入，已自动放弃" in chinese and "Not imported within" not in chinese
    assert "Not imported within 7 days of the upload" in english and "已自动放弃" not in english


def test_an_interrupted_check_written_in_english_is_read_in_chinese(client, admin, roster_a):
    admin.language = "en"
    admin.save(update_fields=["language"])
    item = _upload_whose_check_is_lost(client, admin)
    RosterImport.objects.filter(pk=item.pk).update(
        created_at=timezone.now() - timedelta(days=1), heartbeat_at=None
    )

    with translation.override("zh-hans"):  # the beat's worker writes in the portal's language
        assert roster.sweep() == 1

    item.refresh_from_db()
    chinese, english = _read(client, "zh-hans", item), _read(client, "en", item)
    assert item.error_code == "stalled" and "Import interrupted" in item.error
    assert "导入中断：后台任务已停止" in chinese and "Import interrupted" not in chinese
    assert "Import interrupted: its background task stopped" in english


def test_an_import_whose_file_cannot_be_read_any_more_says_why_in_each_language(
    client, admin, roster_a
):
    upload(client, admin, xlsx([_as_stored(roster_a[0], **{"职务/职称": "新职务"})]))
    item = RosterImport.objects.get()
    default_storage.delete(item.file.name)  # the staged file, spoilt in the store meanwhile
    default_storage.save(item.file.name, ContentFile(b"not a workbook"))

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("members:roster_confirm", args=[item.pk]))

    item.refresh_from_db()
    chinese, english = _read(client, "zh-hans", item), _read(client, "en", item)
    assert (item.state, item.error_code) == ("failed", "import_failed")
    assert item.error_params == {"error": {"code": "not_xlsx", "params": {}}}
    assert "导入失败，数据库未作任何修改：这不是 xlsx 文件" in chinese
    assert (
        "The import failed and nothing was changed in the database: This is not an xlsx file"
        in english
    )


def test_a_birth_date_changed_within_its_year_is_marked_changed_in_the_readers_language(
    client, admin, roster_a
):
    member = roster_a[0]
    born = member.birth_date
    other_day = born.replace(day=1 if born.day != 1 else 2)
    id_number = make_id_number(member.id_number[:6], other_day, 7, member.gender)
    upload(
        client, admin, xlsx([_as_stored(member, birth=other_day.isoformat(), 身份证号=id_number)])
    )
    item = RosterImport.objects.get()

    chinese, english = _read(client, "zh-hans", item), _read(client, "en", item)

    assert item.changes[0]["coded"] == {"出生日期": "masked_alike"}
    assert f"出生日期：<del>{born.year}-**-**</del> → <ins>已更改</ins>" in chinese
    assert f"出生日期: <del>{born.year}-**-**</del> → <ins>changed</ins>" in english
    assert "已更改" not in english


def test_an_import_stored_before_codes_keeps_its_words(client, admin):
    fields = [["出生日期", "1980-**-**", "已更改"]]
    kept = RosterImport.objects.create(
        kind="members",
        original_name="旧名册.xlsx",
        uploaded_by=admin,
        state=RosterImport.State.CHECKED,
        total_rows=1,
        updates=1,
        changes=[{"row": 2, "key": "N1", "name": "张三", "fields": fields}],
        error="旧的说明。",
    )
    cleared = RosterImport.objects.create(  # the previous release cleared its words, not its code
        kind="members",
        original_name="清除的.xlsx",
        uploaded_by=admin,
        state=RosterImport.State.QUEUED,
        error="",
        error_code="roster_changed",
    )
    client.force_login(admin)

    for language in ("zh-hans", "en"):
        page, home = _read(client, language, kept), _read(client, language)
        assert "旧的说明。" in page and "<del>1980-**-**</del> → <ins>已更改</ins>" in page
        assert "名册在检查之后已有变化" not in _read(client, language, cleared)
        assert "roster has changed" not in _read(client, language, cleared)
        assert "旧的说明。" not in home  # counted: its rows say more than its words
