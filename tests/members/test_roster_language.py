"""A roster's problems are shown in the language of whoever reads them, whichever language the
file was checked in: each is stored as a code and its parameters (``members.roster.problems``)
and put into words when shown. A problem stored before codes keeps its words. The preview that
waits for the check shows the problems as soon as the check has listed them, without a reload."""

import pytest
from django.urls import reverse
from django.utils import translation

from members import tasks
from members.models import RosterImport
from tests.members.test_roster import row, upload, xlsx

pytestmark = pytest.mark.django_db


def _preview(client, item, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get(reverse("members:roster_preview", args=[item.pk])).content.decode()


def test_problems_checked_in_english_are_read_in_chinese_and_in_english(
    client, admin, roster_a, monkeypatch
):
    queued = []
    monkeypatch.setattr(tasks.task_check_roster, "delay", lambda **kw: queued.append(kw))
    client.cookies["django_language"] = "en"
    bad = row("N0000009", org="NOPE", 性别="未知")
    upload(client, admin, xlsx([bad, row("N0000009")]))
    with translation.override("zh-hans"):  # a worker's own language is not the admin's
        tasks.task_check_roster(**queued[0])
    item = RosterImport.objects.get()

    chinese, english = _preview(client, item, "zh-hans"), _preview(client, item, "en")

    assert [(p["code"], p["params"]) for p in item.problems] == [
        ("not_a_choice", {"options": ["男", "女"]}),
        ("no_such_organization", {}),
        ("duplicate", {"row": 2}),
    ]
    assert "党组织编码不存在。" in chinese and "与第 2 行重复。" in chinese
    assert "不是可选的值（可选：男、女）。" in chinese
    assert "No organisation has this code." not in chinese
    assert "No organisation has this code." in english and "党组织编码不存在。" not in english
    assert "Repeats row 2." in english and "Not one of the options (男, 女)." in english


def test_a_problem_stored_before_codes_keeps_its_words(client, admin, roster_a):
    item = RosterImport.objects.create(
        kind="members",
        original_name="旧名册.xlsx",
        uploaded_by=admin,
        state=RosterImport.State.INVALID,
        total_rows=1,
        problem_count=1,
        problems=[{"row": 2, "column": "性别", "value": "未知", "message": "旧的问题说明。"}],
    )
    client.force_login(admin)

    for language in ("zh-hans", "en"):
        assert "<td>旧的问题说明。</td>" in _preview(client, item, language)


@pytest.mark.usefixtures("eager_tasks")
def test_the_polled_status_brings_the_problems_with_it(client, admin, roster_a):
    upload(client, admin, xlsx([row("N0000009", org="NOPE")]))
    item = RosterImport.objects.get()

    fragment = client.get(
        reverse("members:roster_preview", args=[item.pk]), headers={"HX-Request": "true"}
    ).content.decode()

    assert item.state == "invalid"
    assert 'id="roster-status"' in fragment and "党组织编码不存在。" in fragment
