"""Confirming a previewed roster applies what the preview showed, or nothing: a preview left
pending while another file changed the same members is checked again and shown anew. A pending
import can be given up, its staged file removed from the storage."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from audit.models import AuditEvent
from members.models import Member, RosterImport
from tests.members.test_roster import confirm, row, snapshot, upload, xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def _as_stored(member, **changes):
    values = {
        "name": member.name,
        "org": member.organization.code,
        "birth": member.birth_date.isoformat(),
        "身份证号": member.id_number,
        "联系电话": member.phone,
        "职务/职称": member.post,
        "工作单位": member.work_unit,
        "入党日期": member.joined_on.isoformat(),
        "转正日期": member.full_member_on.isoformat() if member.full_member_on else "",
        "性别": member.get_gender_display(),
        "民族": member.get_ethnicity_display(),
        "学历": member.get_education_display(),
        "党员状态": member.get_status_display(),
    }
    values.update(changes)
    return row(member.member_no, **values)


def test_an_old_preview_confirmed_after_a_newer_import_writes_nothing_and_shows_the_new_plan(
    client, admin, roster_a, django_capture_on_commit_callbacks
):
    member = roster_a[0]
    upload(client, admin, xlsx([_as_stored(member)]), name="good_mem2.xlsx")
    old = RosterImport.objects.get()
    assert (old.state, old.updates, old.unchanged) == ("checked", 0, 1)

    upload(
        client, admin, xlsx([_as_stored(member, 联系电话="13911112222", **{"职务/职称": "处长"})])
    )
    newer = RosterImport.objects.latest("pk")
    confirm(client, newer, django_capture_on_commit_callbacks)
    assert newer.state == "done"
    after_newer = snapshot()

    confirm(client, old, django_capture_on_commit_callbacks)

    assert snapshot() == after_newer  # the phone was not put back
    assert (old.state, old.updates, old.unchanged) == ("checked", 1, 0)
    page = client.get(reverse("members:roster_preview", args=[old.pk])).content.decode()
    assert "名册在检查之后已有变化" in page and "确认导入" in page
    assert AuditEvent.objects.filter(verb="roster.imported").count() == 1

    # Confirmed again, knowing what it does: the new preview is applied.
    confirm(client, old, django_capture_on_commit_callbacks)
    assert old.state == "done"
    assert Member.objects.get(pk=member.pk).phone == member.phone


def test_a_preview_confirmed_over_unchanged_data_is_imported_at_once(
    client, admin, roster_a, django_capture_on_commit_callbacks
):
    member = roster_a[0]
    upload(client, admin, xlsx([_as_stored(member, **{"职务/职称": "处长"}), row("N0000001")]))
    item = RosterImport.objects.get()

    confirm(client, item, django_capture_on_commit_callbacks)

    assert (item.state, item.creates, item.updates, item.error) == ("done", 1, 1, "")
    assert Member.objects.get(pk=member.pk).post == "处长"


def test_a_pending_import_is_discarded_with_its_staged_file(
    client, admin, roster_a, django_capture_on_commit_callbacks
):
    before = snapshot()
    upload(client, admin, xlsx([row("N0000001")]))
    item = RosterImport.objects.get()
    staged = item.file.name
    assert default_storage.exists(staged)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:roster_discard", args=[item.pk]), follow=True)

    item.refresh_from_db()
    assert (item.state, item.file.name) == ("discarded", "")
    assert not default_storage.exists(staged)
    assert "已放弃导入" in response.content.decode()
    event = AuditEvent.objects.get(verb="roster.discarded")
    assert (event.actor, event.target_id, event.after["kind"]) == (admin, str(item.pk), "members")
    confirm(client, item, django_capture_on_commit_callbacks)
    assert item.state == "discarded"
    assert snapshot() == before


def test_an_import_already_done_cannot_be_discarded(
    client, admin, roster_a, django_capture_on_commit_callbacks
):
    upload(client, admin, xlsx([row("N0000001")]))
    item = RosterImport.objects.get()
    confirm(client, item, django_capture_on_commit_callbacks)

    response = client.post(reverse("members:roster_discard", args=[item.pk]), follow=True)

    item.refresh_from_db()
    assert item.state == "done"
    assert "不能放弃" in response.content.decode()
    assert not AuditEvent.objects.filter(verb="roster.discarded").exists()


def test_another_admin_s_import_cannot_be_discarded(client, admin, city_admin, roster_a):
    upload(client, admin, xlsx([row("N0000001")]))
    item = RosterImport.objects.get()
    client.force_login(city_admin)

    response = client.post(reverse("members:roster_discard", args=[item.pk]))

    assert response.status_code == 404
    item.refresh_from_db()
    assert item.state == "checked"


def test_a_discarded_preview_no_longer_asks_to_confirm_again(
    client, admin, roster_a, django_capture_on_commit_callbacks
):
    """Left with "changed since the check" (a newer import came first), then given up: the
    page says it was given up, not to confirm again."""
    member = roster_a[0]
    upload(client, admin, xlsx([_as_stored(member)]))
    old = RosterImport.objects.get()
    upload(client, admin, xlsx([_as_stored(member, 联系电话="13911112222")]))
    confirm(client, RosterImport.objects.latest("pk"), django_capture_on_commit_callbacks)
    confirm(client, old, django_capture_on_commit_callbacks)
    assert old.error

    client.post(reverse("members:roster_discard", args=[old.pk]))

    old.refresh_from_db()
    page = client.get(reverse("members:roster_preview", args=[old.pk])).content.decode()
    assert (old.state, old.error) == ("discarded", "")
    assert "名册在检查之后已有变化" not in page
