"""The preview of a roster lists what the import will change, row by row and field by field, in
words (a choice by its label, the organisation by its code), personal data masked; the first
ones only when there are many. After the import the same list says what was updated."""

import pytest
from django.urls import reverse

from members.idcard import make_id_number
from members.masking import mask_phone
from members.models import RosterImport
from members.roster import plan as roster_plan
from members.roster.columns import ORGANIZATION_COLUMNS
from tests.members.test_roster import confirm, upload, xlsx
from tests.members.test_roster_confirm import _as_stored

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def test_the_preview_lists_each_update_field_by_field_with_personal_data_masked(
    client, admin, roster_a, branch_a2, django_capture_on_commit_callbacks
):
    member, unchanged = roster_a[0], roster_a[1]
    moved = branch_a2.code
    upload(
        client,
        admin,
        xlsx(
            [
                _as_stored(member, 联系电话="13911112222", 党员状态="预备党员", org=moved),
                _as_stored(unchanged),
            ]
        ),
    )
    item = RosterImport.objects.get()

    assert item.changes == [
        {
            "row": 2,
            "key": member.member_no,
            "name": member.name,
            "fields": [
                ["党员状态", "正式党员", "预备党员"],
                ["所在党组织编码", member.organization.code, moved],
                ["联系电话", mask_phone(member.phone), "139****2222"],
            ],
        }
    ]
    page = client.get(reverse("members:roster_preview", args=[item.pk])).content.decode()
    assert "将更新的内容" in page and "<del>正式党员</del> → <ins>预备党员</ins>" in page
    assert member.phone not in page and "13911112222" not in page

    confirm(client, item, django_capture_on_commit_callbacks)
    done = client.get(reverse("members:roster_preview", args=[item.pk])).content.decode()
    assert item.state == "done" and "已更新的内容" in done


def test_an_organisation_s_update_names_its_kind_and_parent(
    client, admin, roster_a, branch_a1, district_a
):
    headers = [c.header for c in ORGANIZATION_COLUMNS]
    upload(
        client,
        admin,
        xlsx([[branch_a1.code, "改名后的总支", "党总支", district_a.code]], headers),
        "organizations",
    )

    item = RosterImport.objects.get()
    assert item.changes == [
        {
            "row": 2,
            "key": branch_a1.code,
            "name": "改名后的总支",
            "fields": [
                ["组织名称", branch_a1.name, "改名后的总支"],
                ["组织类别", "党支部", "党总支"],
                ["上级组织编码", branch_a1.parent.code, district_a.code],
            ],
        }
    ]


def test_a_birth_date_changed_within_its_year_shows_as_changed_not_as_equal_masks(
    client, admin, roster_a
):
    member = roster_a[0]
    born = member.birth_date
    other_day = born.replace(day=1 if born.day != 1 else 2)
    id_number = make_id_number(member.id_number[:6], other_day, 7, member.gender)  # agreeing
    upload(
        client, admin, xlsx([_as_stored(member, birth=other_day.isoformat(), 身份证号=id_number)])
    )

    item = RosterImport.objects.get()
    fields = {column: (old, new) for column, old, new in item.changes[0]["fields"]}
    assert fields["出生日期"] == (f"{born.year}-**-**", "已更改")


def test_many_updates_list_the_first_ones_and_say_so(client, admin, roster_a, monkeypatch):
    monkeypatch.setattr(roster_plan, "UPDATES_SHOWN", 1)
    upload(
        client,
        admin,
        xlsx([_as_stored(m, **{"职务/职称": "新职务"}) for m in roster_a[:2]]),
    )

    item = RosterImport.objects.get()
    page = client.get(reverse("members:roster_preview", args=[item.pk])).content.decode()
    assert (item.updates, len(item.changes)) == (2, 1)
    assert "以下列出前 1 个。" in page
