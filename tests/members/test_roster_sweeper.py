"""A roster import whose task was lost does not wait for its admin: the beat's sweeper fails one
being checked, queued or running with no heartbeat for ROSTER_STALE_SECONDS, and its admin sees
why and uploads again. An import that is alive, however long it runs, keeps its heartbeat fresh
and is never swept."""

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from config import heartbeat
from config.celery import app
from members import roster
from members.models import RosterImport
from members.roster.plan import CHUNK
from members.tasks import task_sweep_rosters
from tests.members.test_roster import row, snapshot, upload, xlsx
from tests.members.test_roster_lost_tasks import _upload_whose_check_is_lost

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

STALE = timedelta(seconds=settings.ROSTER_STALE_SECONDS)


def _last_heard(item: RosterImport, ago: timedelta) -> RosterImport:
    """As if its upload, its start and its last heartbeat were ``ago``."""
    when = timezone.now() - ago
    RosterImport.objects.filter(pk=item.pk).update(
        created_at=when,
        heartbeat_at=when,
        started_at=when if item.state == RosterImport.State.RUNNING else None,
    )
    item.refresh_from_db()
    return item


def _checked(client, admin) -> RosterImport:
    upload(client, admin, xlsx([row("N0000001")]))
    return RosterImport.objects.get()


def _pages(client, item) -> tuple[str, str]:
    """What its admin sees: the list of imports and the import's page."""
    home = client.get(reverse("members:roster")).content.decode()
    page = client.get(reverse("members:roster_preview", args=[item.pk])).content.decode()
    return home, page


def test_a_check_whose_worker_died_is_failed_with_a_message_and_can_be_given_up(
    client, admin, roster_a
):
    item = _last_heard(_upload_whose_check_is_lost(client, admin), STALE + timedelta(seconds=1))
    assert item.state == "checking" and item.stalled

    assert roster.sweep() == 1

    item.refresh_from_db()
    assert item.state == "failed" and "导入中断" in item.error and "请重新上传" in item.error
    home, page = _pages(client, item)
    assert "失败" in home
    assert "导入中断" in page and "请重新上传" in page and "放弃" in page
    assert "data-hx-get" not in page  # finished: the page stops asking
    roster.check_upload(item.pk)  # the lost task delivered after all
    item.refresh_from_db()
    assert item.state == "failed"
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("members:roster_discard", args=[item.pk]))
    item.refresh_from_db()
    assert item.state == "discarded"


def test_the_sweepers_message_is_in_the_uploaders_language(client, admin, roster_a):
    admin.language = "en"
    admin.save(update_fields=["language"])
    item = _last_heard(_upload_whose_check_is_lost(client, admin), STALE + timedelta(seconds=1))

    with translation.override("zh-hans"):  # the beat's worker writes in the portal's language
        assert roster.sweep() == 1

    item.refresh_from_db()
    assert "导入中断" not in item.error and "upload" in item.error.lower()


def test_a_confirmed_import_no_worker_picks_up_is_failed_and_a_late_run_writes_nothing(
    client, admin, roster_a
):
    before = snapshot()
    item = _checked(client, admin)
    with TestCase.captureOnCommitCallbacks(execute=False):  # the import is never queued
        client.post(reverse("members:roster_confirm", args=[item.pk]))
    item = _last_heard(RosterImport.objects.get(pk=item.pk), STALE + timedelta(seconds=1))
    assert item.state == "queued"

    assert roster.sweep() == 1
    roster.run_import(item.pk)  # the message arrives after all

    item.refresh_from_db()
    assert item.state == "failed" and "导入中断" in item.error
    assert snapshot() == before
    assert "导入中断" in _pages(client, item)[1]


def test_an_import_whose_worker_died_while_running_is_failed(client, admin, roster_a):
    before = snapshot()
    item = _checked(client, admin)
    item.state = RosterImport.State.RUNNING
    item.save(update_fields=["state"])
    item = _last_heard(item, STALE + timedelta(seconds=1))

    assert roster.sweep() == 1

    item.refresh_from_db()
    assert item.state == "failed" and item.finished_at
    assert snapshot() == before
    assert "导入中断" in _pages(client, item)[1]


def test_an_import_running_longer_than_the_stall_time_with_a_fresh_heartbeat_is_not_swept(
    client, admin, roster_a
):
    item = _checked(client, admin)
    item.state = RosterImport.State.RUNNING
    item.save(update_fields=["state"])
    item = _last_heard(item, 3 * STALE)  # started long ago
    RosterImport.objects.filter(pk=item.pk).update(heartbeat_at=timezone.now())  # alive

    assert roster.sweep() == 0
    item.refresh_from_db()
    assert item.state == "running" and not item.stalled and not item.discardable
    page = _pages(client, item)[1]
    assert "导入中断" not in page and "放弃" not in page
    # Once its heartbeat is older than the stall time, the same sweep takes it.
    assert roster.sweep(now=item.heartbeat_at + STALE + timedelta(seconds=1)) == 1


def test_a_check_and_an_import_touch_the_heartbeat_as_they_go_and_the_sweeper_leaves_them(
    client, admin, roster_a, monkeypatch
):
    """The beat sweeps while a check and then an import run (here at each heartbeat): each
    sweep finds the run alive, though the file was uploaded long before."""
    monkeypatch.setattr(heartbeat, "HEARTBEAT_SECONDS", 0)  # every chunk touches it
    touched, swept = [], []
    touch = heartbeat.Heartbeat.touch

    def touch_then_sweep(self, **fields):
        alive = touch(self, **fields)
        touched.append(RosterImport.objects.get().state)
        swept.append(roster.sweep())
        return alive

    monkeypatch.setattr(heartbeat.Heartbeat, "touch", touch_then_sweep)
    item = _last_heard(_upload_whose_check_is_lost(client, admin), STALE - timedelta(seconds=5))
    roster.check_upload(item.pk)  # its worker gets to it at last
    item.refresh_from_db()
    assert item.state == "checked"
    _last_heard(item, 2 * STALE)  # confirmed much later
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("members:roster_confirm", args=[item.pk]))

    item.refresh_from_db()
    assert item.state == "done"
    assert "checking" in touched and "running" in touched
    assert set(swept) == {0}


def test_a_large_check_touches_its_heartbeat_once_per_chunk_of_rows_not_per_row(
    client, admin, roster_a, monkeypatch
):
    monkeypatch.setattr(heartbeat, "HEARTBEAT_SECONDS", 0)  # every chance to touch it taken
    touches = []
    touch = heartbeat.Heartbeat.touch
    monkeypatch.setattr(
        heartbeat.Heartbeat, "touch", lambda self, **f: touches.append(1) or touch(self, **f)
    )
    rows = [row(f"N{n:07d}") for n in range(1, CHUNK + 2)]  # two chunks
    client.force_login(admin)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(
            reverse("members:roster_upload"),
            {"kind": "members", "file": SimpleUploadedFile("名册.xlsx", xlsx(rows))},
        )

    assert RosterImport.objects.get().state == "checked"
    assert len(touches) == 4  # picked up, file read, and one per chunk of rows


def test_the_beat_sweeps_roster_imports_every_minute(client, admin, roster_a):
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-roster-imports"]
    assert entry == {"task": "members.sweep_rosters", "schedule": 60.0}
    assert entry["task"] in app.tasks
    item = _last_heard(_upload_whose_check_is_lost(client, admin), STALE + timedelta(seconds=1))

    task_sweep_rosters.delay()

    item.refresh_from_db()
    assert item.state == "failed"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_import_writing_in_its_transaction_is_skipped_by_the_sweeper(
    client, admin, roster_a, monkeypatch
):
    """Inside its transaction an import's heartbeat is not seen by others; its row lock is: a
    sweep then, even one that finds its last committed heartbeat stale, leaves it alone."""
    item = _checked(client, admin)
    RosterImport.objects.filter(pk=item.pk).update(state=RosterImport.State.QUEUED)
    inside, swept = threading.Event(), threading.Event()
    lock = roster.lock_roster_writes

    def lock_then_wait():
        lock()
        inside.set()
        swept.wait(10)

    monkeypatch.setattr(roster, "lock_roster_writes", lock_then_wait)
    worker = threading.Thread(target=_run_and_close, args=(item.pk,))
    worker.start()
    assert inside.wait(10)
    later = timezone.now() + STALE + timedelta(minutes=1)

    assert roster.sweep(now=later) == 0

    swept.set()
    worker.join(30)
    item.refresh_from_db()
    assert item.state == "done"


def _run_and_close(import_id: int) -> None:
    from django.db import connection

    try:
        roster.run_import(import_id)
    finally:
        connection.close()
