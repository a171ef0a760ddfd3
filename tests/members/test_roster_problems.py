"""One upload tells every problem of every row, in the sheet's order: a row with a bad cell is still
checked for everything else, so fixing the listed problems does not reveal new ones."""

import datetime

import pytest
from django.urls import reverse

from members.idcard import make_id_number
from members.models import RosterImport
from members.roster.columns import ORGANIZATION_COLUMNS
from tests.members.test_roster import row, upload, xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def _found(item):
    return [(p["row"], p["column"], p["message"]) for p in item.problems]


def test_every_problem_of_every_member_row_is_listed_in_row_order(client, admin, roster_a):
    rows = [
        row(
            "N0000001",
            性别="未知",
            org="NOPE",
            转正日期="2014-01-01",
            联系电话="abc",
            身份证号="420100199005040071",
        ),
        row("N0000001", name="", 入党日期="2015-13-45"),
        row("N0000002"),
    ]
    upload(client, admin, xlsx(rows))

    item = RosterImport.objects.get()
    assert [(r, c) for r, c, _m in _found(item)] == [
        (2, "性别"),
        (2, "转正日期"),
        (2, "所在党组织编码"),
        (2, "联系电话"),
        (2, "身份证号"),
        (3, "党员编号"),
        (3, "姓名"),
        (3, "入党日期"),
    ]
    messages = [m for _r, _c, m in _found(item)]
    assert messages[1:5] == [
        "转正日期早于入党日期。",
        "党组织编码不存在。",
        "电话号码格式不对。",
        "身份证号格式或校验位不对。",
    ]
    assert (item.state, item.problem_count, item.creates) == ("invalid", 8, 1)
    page = client.get(reverse("members:roster_preview", args=[item.pk])).content.decode()
    assert "共 3 行：新增 1，更新 0，不变 0，2 行有问题" in page


def test_every_problem_of_every_organisation_row_is_listed_in_row_order(client, admin, roster_a):
    headers = [c.header for c in ORGANIZATION_COLUMNS]
    rows = [
        ["DQ01-09", "新支部", "未知", "NOPE"],
        ["bad code!", "很长" * 51, "党支部", "DQ01"],
        ["DQ01-09", "重复", "党支部", "DQ01"],
    ]
    upload(client, admin, xlsx(rows, headers), kind="organizations")

    item = RosterImport.objects.get()
    assert [(r, c) for r, c, _m in _found(item)] == [
        (2, "组织类别"),
        (2, "上级组织编码"),
        (3, "组织编码"),
        (3, "组织名称"),
        (4, "组织编码"),
    ]
    assert _found(item)[1][2] == "上级组织编码不存在。"


def test_text_longer_than_the_roster_keeps_is_a_problem_at_the_check(client, admin, roster_a):
    """Told with the row at the preview, not the database's refusal after the confirmation."""
    rows = [
        row("N" * 40, name="名" * 60, **{"职务/职称": "职" * 300, "工作单位": "单" * 101}),
        row("N0000002"),
    ]
    upload(client, admin, xlsx(rows))

    item = RosterImport.objects.get()
    assert _found(item) == [
        (2, "党员编号", "不能超过 32 个字（这里有 40 个）。"),
        (2, "姓名", "不能超过 50 个字（这里有 60 个）。"),
        (2, "职务/职称", "不能超过 100 个字（这里有 300 个）。"),
        (2, "工作单位", "不能超过 100 个字（这里有 101 个）。"),
    ]
    assert (item.state, item.creates) == ("invalid", 1)


def test_a_gender_that_the_id_number_contradicts_is_a_problem_of_the_row(client, admin, roster_a):
    born = datetime.date(1990, 5, 4)
    rows = [
        row("N0000001", 性别="女", 身份证号=make_id_number("420100", born, 7, "M")),
        row("N0000002", 性别="男", 身份证号=make_id_number("420100", born, 8, "F")),
        row("N0000003", 性别="女", 身份证号=make_id_number("420100", born, 8, "F")),
        row("N0000004", 性别="男", 身份证号=make_id_number("420100", born, 7, "M")),
    ]
    upload(client, admin, xlsx(rows))

    item = RosterImport.objects.get()
    assert _found(item) == [
        (2, "身份证号", "身份证号中的性别与“性别”不一致。"),
        (3, "身份证号", "身份证号中的性别与“性别”不一致。"),
    ]


def test_a_disagreement_already_stored_does_not_refuse_a_row_that_leaves_it_alone(
    client, admin, roster_a
):
    """A member stored with a gender their ID number contradicts (data from before the check)
    comes back in an export: unchanged, or with a new phone, the row is not refused; a row that
    writes a gender the ID number contradicts is."""
    from members.models import Member
    from tests.members.test_roster_confirm import _as_stored

    stored_wrong, other = roster_a[0], roster_a[1]
    Member.objects.filter(pk=stored_wrong.pk).update(
        gender="F" if stored_wrong.gender == "M" else "M"
    )
    stored_wrong.refresh_from_db()
    flipped = "男" if other.gender == "F" else "女"
    upload(client, admin, xlsx([_as_stored(stored_wrong), _as_stored(other)]))
    upload(client, admin, xlsx([_as_stored(stored_wrong, 联系电话="13911112222")]))
    upload(client, admin, xlsx([_as_stored(other, 性别=flipped)]))

    unchanged, new_phone, new_gender = RosterImport.objects.order_by("pk")
    assert (unchanged.state, unchanged.unchanged) == ("checked", 2)
    assert (new_phone.state, new_phone.updates) == ("checked", 1)
    assert _found(new_gender) == [(2, "身份证号", "身份证号中的性别与“性别”不一致。")]


def test_a_masked_export_sent_back_with_a_new_gender_is_checked_against_the_stored_id(
    client, admin, roster_a
):
    """The row's ID number is masked, so the stored one is kept: a gender or birth date the row
    changes is checked against it, and the problem shows the number masked, as the row has it."""
    from members.masking import mask_id_number
    from tests.members.test_roster_confirm import _as_stored

    member = roster_a[0]
    masked = mask_id_number(member.id_number)
    flipped = "男" if member.gender == "F" else "女"
    upload(client, admin, xlsx([_as_stored(member, 身份证号=masked, 性别=flipped)]))
    upload(client, admin, xlsx([_as_stored(member, 身份证号=masked, 联系电话="13911112222")]))

    new_gender, new_phone = RosterImport.objects.order_by("pk")
    assert _found(new_gender) == [(2, "身份证号", "身份证号中的性别与“性别”不一致。")]
    assert new_gender.problems[0]["value"] == masked
    assert (new_phone.state, new_phone.updates) == ("checked", 1)


def test_a_file_with_problems_offers_the_way_on_as_an_unreadable_or_given_up_one_does(
    client, admin, roster_a
):
    """Nothing can be confirmed: the notice above the problems links to another upload, with the
    same link as the other notices of an upload that will not be imported."""
    page = upload(client, admin, xlsx([row("N0000001", org="NOPE")])).content.decode()

    upload_again = f'<a class="alert-link" href="{reverse("members:roster")}">重新上传</a>'
    notice = page[page.index('<div class="alert alert-danger mt-4 roster-invalid">') :]
    assert upload_again in notice[: notice.index("</div>")]
    assert "确认导入" not in page
