"""A roster import whose task never comes (the worker lost it, the queue was flushed) is not left
for good in 检查中 or 排队中: its admin gives it up and uploads again. One that stopped while
running (no heartbeat for ROSTER_STALE_SECONDS) is given up once it has stalled; one that is still
applying cannot be, and a task that comes late to a given-up import writes nothing. The sweeper
that fails stalled imports by itself: test_roster_sweeper.py."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from members import roster
from members.models import RosterImport
from tests.members.test_roster import row, snapshot, upload, xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def _upload_whose_check_is_lost(client, admin) -> RosterImport:
    client.force_login(admin)
    with TestCase.captureOnCommitCallbacks(execute=False):  # the check is never queued
        client.post(
            reverse("members:roster_upload"),
            {"kind": "members", "file": SimpleUploadedFile("名册.xlsx", xlsx([row("N0000001")]))},
        )
    return RosterImport.objects.get()


def _discard(client, item):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("members:roster_discard", args=[item.pk]), follow=True)
    item.refresh_from_db()
    return response.content.decode()


def _preview(client, item) -> str:
    return client.get(reverse("members:roster_preview", args=[item.pk])).content.decode()


def test_an_upload_whose_check_never_runs_is_given_up_and_a_late_check_changes_nothing(
    client, admin, roster_a
):
    item = _upload_whose_check_is_lost(client, admin)
    staged = item.file.name
    assert item.state == "checking"
    assert "放弃" in _preview(client, item)

    assert "已放弃导入" in _discard(client, item)

    assert (item.state, item.file.name) == ("discarded", "")
    assert not default_storage.exists(staged)
    assert AuditEvent.objects.filter(verb="roster.discarded", target_id=str(item.pk)).exists()
    roster.check_upload(item.pk)  # the lost task delivered after all
    item.refresh_from_db()
    assert (item.state, item.error) == ("discarded", "")


def test_a_confirmed_import_whose_task_never_runs_is_cancelled_and_a_late_run_writes_nothing(
    client, admin, roster_a
):
    before = snapshot()
    upload(client, admin, xlsx([row("N0000001")]))
    item = RosterImport.objects.get()
    with TestCase.captureOnCommitCallbacks(execute=False):  # the import is never queued
        client.post(reverse("members:roster_confirm", args=[item.pk]))
    item.refresh_from_db()
    assert item.state == "queued"
    assert "取消导入" in _preview(client, item)

    _discard(client, item)
    roster.run_import(item.pk)

    item.refresh_from_db()
    assert item.state == "discarded"
    assert snapshot() == before


def _running(client, admin, *, last_heartbeat_seconds_ago: int) -> RosterImport:
    upload(client, admin, xlsx([row("N0000001")]))
    item = RosterImport.objects.get()
    item.state = RosterImport.State.RUNNING
    item.started_at = item.heartbeat_at = timezone.now() - timedelta(
        seconds=last_heartbeat_seconds_ago
    )
    RosterImport.objects.filter(pk=item.pk).update(created_at=item.started_at)
    item.save(update_fields=["state", "started_at", "heartbeat_at"])
    return item


def test_an_import_that_stalled_while_running_is_given_up(client, admin, roster_a):
    before = snapshot()
    item = _running(client, admin, last_heartbeat_seconds_ago=settings.ROSTER_STALE_SECONDS + 1)

    page = _preview(client, item)
    assert "后台任务可能已中断" in page and "放弃" in page
    assert "data-hx-get" in page  # the page keeps asking: the sweeper will fail it

    assert "已放弃导入" in _discard(client, item)
    assert item.state == "discarded"
    assert snapshot() == before


def test_an_import_that_is_applying_cannot_be_given_up(client, admin, roster_a):
    item = _running(client, admin, last_heartbeat_seconds_ago=60)
    assert "放弃" not in _preview(client, item)

    assert "不能放弃" in _discard(client, item)

    assert item.state == "running"
    assert not AuditEvent.objects.filter(verb="roster.discarded").exists()


def test_an_import_given_up_while_its_file_is_read_writes_nothing(
    client, admin, roster_a, monkeypatch
):
    """Between the worker marking it running and the writes (the file's download and parse),
    a given-up import is found given up under the row's lock, and nothing is written."""
    before = snapshot()
    upload(client, admin, xlsx([row("N0000001")]))
    item = RosterImport.objects.get()
    read = roster.stored_rows

    def read_then_stall(roster_import):
        rows = read(roster_import)
        long_ago = timezone.now() - timedelta(seconds=settings.ROSTER_STALE_SECONDS + 1)
        RosterImport.objects.filter(pk=roster_import.pk).update(
            created_at=long_ago, started_at=long_ago, heartbeat_at=long_ago
        )
        roster.discard(RosterImport.objects.get(pk=roster_import.pk), by=admin)
        return rows

    monkeypatch.setattr(roster, "stored_rows", read_then_stall)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("members:roster_confirm", args=[item.pk]))

    item.refresh_from_db()
    assert item.state == "discarded"
    assert snapshot() == before
    assert not AuditEvent.objects.filter(verb="roster.imported").exists()


def test_a_failed_import_is_given_up_with_its_staged_file(client, admin, roster_a, monkeypatch):
    upload(client, admin, xlsx([row("N0000001")]))
    item = RosterImport.objects.get()

    def broken(roster_import):
        raise OSError("disk gone")

    monkeypatch.setattr(roster, "stored_rows", broken)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("members:roster_confirm", args=[item.pk]))
    item.refresh_from_db()
    assert item.state == "failed" and "disk gone" in item.error
    staged = item.file.name

    assert "已放弃导入" in _discard(client, item)
    assert not default_storage.exists(staged)
