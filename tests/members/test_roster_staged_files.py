"""An uploaded roster holds every member's ID number, phone and birth date, so the portal keeps
the file only while it may still be imported: it is deleted once the import is done, and an
upload its admin leaves waiting (never confirmed, with problems, failed) is given up by the beat's
sweeper after ROSTER_STAGED_DAYS, as if its admin had clicked 放弃. An import under way is never
taken."""

import re
import threading
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from members import roster
from members.models import RosterImport
from tests.members.test_roster import confirm, row, upload, xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

DAY = timedelta(days=1)


def _checked(client, admin, rows=None) -> RosterImport:
    upload(client, admin, xlsx(rows or [row("N0000001")]))
    item = RosterImport.objects.get()
    assert default_storage.exists(item.file.name)
    return item


def _uploaded(item: RosterImport, ago: timedelta) -> RosterImport:
    """As if it was uploaded (and last heard of) ``ago``."""
    when = timezone.now() - ago
    RosterImport.objects.filter(pk=item.pk).update(created_at=when, heartbeat_at=when)
    item.refresh_from_db()
    return item


def _sweep() -> int:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return roster.sweep()


def test_a_finished_import_deletes_its_file_and_still_shows_its_counts(
    client, admin, roster_a, django_capture_on_commit_callbacks
):
    item = _checked(client, admin, [row("N0000001"), row("N0000002")])
    staged = item.file.name

    confirm(client, item, django_capture_on_commit_callbacks)

    assert item.state == "done" and item.creates == 2
    assert not item.file and not default_storage.exists(staged)
    page = client.get(reverse("members:roster_preview", args=[item.pk])).content.decode()
    assert "导入完成" in page and "新增 2" in page


def test_an_upload_checked_and_left_eight_days_is_given_up_with_its_file(
    client, admin, roster_a, district_a, settings
):
    settings.ROSTER_STAGED_DAYS = 7
    item = _uploaded(_checked(client, admin), 8 * DAY)
    staged = item.file.name

    assert _sweep() == 1

    item.refresh_from_db()
    assert item.state == "discarded" and not item.file and item.finished_at
    assert not default_storage.exists(staged)
    event = AuditEvent.objects.get(verb="roster.expired")
    assert event.actor is None and event.target_id == str(item.pk)
    assert event.after == {"kind": "members", "file": "名册.xlsx"}
    assert event.org_path == district_a.path
    page = client.get(reverse("members:roster_preview", args=[item.pk])).content.decode()
    assert "已放弃" in page and "7 天内未完成导入" in page and "请重新上传" in page
    assert "确认导入" not in page
    assert _sweep() == 0  # given up once


def test_the_admin_finds_an_upload_given_up_as_a_notice_with_the_way_on_not_an_error(
    client, admin, roster_a
):
    item = _uploaded(_checked(client, admin), 8 * DAY)
    _sweep()

    page = client.get(reverse("members:roster_preview", args=[item.pk])).content.decode()

    notice = re.search(r'<div class="alert ([^"]*)" role="status">(.*?)</div>', page, re.S)
    assert notice.group(1) == "alert-warning roster-given-up"
    assert "7 天内未完成导入，已自动放弃，文件已删除" in notice.group(2)
    upload_again = f'<a class="alert-link" href="{reverse("members:roster")}">重新上传</a>'
    assert upload_again in notice.group(2)
    assert "alert-danger" not in page


def test_an_upload_with_problems_given_up_shows_the_notice_not_the_old_problems(
    client, admin, roster_a
):
    """The problems belonged to a file that is gone: the admin is told to upload again (the new
    file is checked afresh), not shown a list and counts that ask for action on the old one."""
    item = _checked(client, admin, [row("N0000001"), row("N0000002", org="NOPE")])
    preview = reverse("members:roster_preview", args=[item.pk])
    assert "发现 1 个问题" in client.get(preview).content.decode()
    _uploaded(item, 8 * DAY)
    _sweep()

    page = client.get(preview).content.decode()

    assert "roster-given-up" in page and "如需导入请重新上传" in page
    assert "发现 1 个问题" not in page and "roster-problems" not in page
    assert "党组织编码不存在" not in page
    assert "共 2 行" not in page and "行有问题" not in page


def test_a_failed_upload_left_eight_days_is_given_up_in_its_admins_language(
    client, admin, roster_a
):
    admin.language = "en"
    admin.save(update_fields=["language"])
    item = _checked(client, admin)
    RosterImport.objects.filter(pk=item.pk).update(state=RosterImport.State.FAILED)
    item = _uploaded(item, 8 * DAY)

    assert _sweep() == 1

    item.refresh_from_db()
    assert item.state == "discarded" and "7 days" in item.error


def test_an_upload_left_six_days_is_kept(client, admin, roster_a):
    item = _uploaded(_checked(client, admin), 6 * DAY)

    assert _sweep() == 0

    item.refresh_from_db()
    assert item.state == "checked" and default_storage.exists(item.file.name)
    assert not AuditEvent.objects.filter(verb="roster.expired").exists()


def test_an_import_running_with_a_fresh_heartbeat_is_not_given_up(client, admin, roster_a):
    item = _uploaded(_checked(client, admin), 8 * DAY)
    RosterImport.objects.filter(pk=item.pk).update(
        state=RosterImport.State.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now()
    )

    assert _sweep() == 0

    item.refresh_from_db()
    assert item.state == "running" and default_storage.exists(item.file.name)


def test_an_old_import_whose_worker_died_is_failed_then_given_up(client, admin, roster_a):
    item = _checked(client, admin)
    RosterImport.objects.filter(pk=item.pk).update(state=RosterImport.State.RUNNING)
    item = _uploaded(item, 8 * DAY)
    RosterImport.objects.filter(pk=item.pk).update(started_at=item.created_at)

    assert _sweep() == 2  # failed, then given up

    item.refresh_from_db()
    assert item.state == "discarded" and not item.file


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_old_upload_another_process_holds_locked_is_skipped(client, admin, roster_a):
    """A check or an import holds its row locked while it writes: the sweeper leaves it."""
    item = _uploaded(_checked(client, admin), 8 * DAY)
    locked, swept = threading.Event(), threading.Event()

    def hold():
        from django.db import connection, transaction

        try:
            with transaction.atomic():
                RosterImport.objects.select_for_update().get(pk=item.pk)
                locked.set()
                swept.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert locked.wait(10)

    assert roster.sweep() == 0

    swept.set()
    holder.join(30)
    item.refresh_from_db()
    assert item.state == "checked" and default_storage.exists(item.file.name)
    assert roster.sweep() == 1
