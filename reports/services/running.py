"""Running a report job, and the beat's sweeper and purge.

The ``ReportJob`` row is the source of truth. A run *claims* the job (a fresh token, attempts + 1)
under a row lock, so a second delivery of the same message — a worker killed mid-job, a message
the sweeper enqueued again — finds the job done or held and does nothing. The file is built under
a working name on local disk, stored through the ``reports`` storage under a name of its own run,
and the job is marked done only if the run still holds its claim; files of earlier, interrupted
runs are removed then. A job whose worker died ``REPORT_MAX_ATTEMPTS`` times is failed.
"""

from __future__ import annotations

import contextlib
import uuid
from datetime import timedelta
from functools import partial
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files import File
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.heartbeat import Heartbeat, stale_before

from ..builders import BUILDERS
from ..choices import FINAL_STATES, SPECS, JobState
from ..models import ReportJob
from .asking import enqueue
from .common import (
    TRANSIENT_ERRORS,
    LostClaim,
    TransientError,
    log,
    reports_storage,
)

# --- Running a job ----------------------------------------------------------------------------


class Progress:
    """``progress(done, total)`` for builders: saves the percentage (at most twice a second) and
    the heartbeat (at least every HEARTBEAT_SECONDS), and stops the run if it lost its claim."""

    def __init__(self, job_id: int, token: str):
        self.heartbeat = Heartbeat(
            ReportJob.objects.filter(pk=job_id, token=token, state=JobState.RUNNING)
        )
        self.value = 0

    def __call__(self, done: int, total: int) -> None:
        value = min(99, done * 100 // total) if total else 0
        if not self.heartbeat.due() and (value == self.value or self.heartbeat.since() < 0.5):
            return
        if not self.heartbeat.touch(progress=value):
            raise LostClaim
        self.value = value


def _claim(job_id: int) -> ReportJob | None:
    """Take the job for this run, or None when there is nothing to do."""
    now = timezone.now()
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state in FINAL_STATES:
            return None
        stale = stale_before(settings.REPORT_STALE_SECONDS, now)
        if job.state == JobState.RUNNING and job.heartbeat_at and job.heartbeat_at > stale:
            return None  # another run is alive
        if job.attempts >= settings.REPORT_MAX_ATTEMPTS:
            _fail_locked(job, _interrupted_message(job.attempts), now)
            return None
        job.state = JobState.RUNNING
        job.attempts += 1
        job.token = uuid.uuid4().hex
        job.heartbeat_at = job.started_at = now
        job.finished_at = None
        job.progress = 0
        job.error = ""
        job.save(
            update_fields=[
                "state",
                "attempts",
                "token",
                "heartbeat_at",
                "started_at",
                "finished_at",
                "progress",
                "error",
            ]
        )
    return ReportJob.objects.select_related(
        "campaign", "organization", "nomination", "requested_by", "stage"
    ).get(pk=job_id)


def _interrupted_message(attempts: int) -> str:
    return _("生成过程被中断 %(n)d 次，已停止重试。请稍后点击“重新生成”，或联系管理员。") % {
        "n": attempts
    }


def _fail_locked(job: ReportJob, message: str, now) -> None:
    job.state = JobState.FAILED
    job.error = message
    job.finished_at = now
    job.token = ""
    job.save(update_fields=["state", "error", "finished_at", "token"])


def _fail(job_id: int, token: str, message: str) -> None:
    ReportJob.objects.filter(pk=job_id, token=token).update(
        state=JobState.FAILED, error=message, finished_at=timezone.now(), token=""
    )


def _work_path(job: ReportJob) -> Path:
    """This run's working file; working files of earlier runs of the job are removed."""
    folder = Path(settings.REPORT_WORK_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.glob(f"job{job.pk}-*.part"):
        leftover.unlink(missing_ok=True)
    return folder / f"job{job.pk}-{job.token}.part"


def _store(job: ReportJob, work: Path) -> tuple[str, int]:
    storage = reports_storage()
    name = f"{job.pk}/{job.token}/report.{SPECS[job.kind].extension}"
    with work.open("rb") as handle:
        saved = storage.save(name, File(handle))
    return saved, work.stat().st_size


def _remove_other_files(job_id: int, keep: str) -> None:
    """Files of interrupted runs of the job (stored, but never marked done)."""
    storage = reports_storage()
    try:
        runs, _files = storage.listdir(str(job_id))
    except (FileNotFoundError, NotImplementedError):
        return
    for run in runs:
        folder = f"{job_id}/{run}"
        for name in storage.listdir(folder)[1]:
            path = f"{folder}/{name}"
            if path != keep:
                storage.delete(path)


def _finish(job: ReportJob, saved: str, size: int, rows: int) -> None:
    with transaction.atomic():
        locked = ReportJob.objects.select_for_update().get(pk=job.pk)
        if locked.token != job.token or locked.state != JobState.RUNNING:
            reports_storage().delete(saved)
            raise LostClaim
        locked.state = JobState.DONE
        locked.file = saved
        locked.size = size
        locked.rows = rows
        locked.progress = 100
        locked.finished_at = timezone.now()
        locked.error = ""
        locked.save(
            update_fields=["state", "file", "size", "rows", "progress", "finished_at", "error"]
        )
        transaction.on_commit(partial(_remove_other_files, job.pk, saved))


def run_job(job_id: int) -> None:
    """Build the job's file (the task's body). Raises TransientError for the task to retry."""
    job = _claim(job_id)
    if job is None:
        return
    work = _work_path(job)
    try:
        rows = BUILDERS[job.kind](job, work, Progress(job.pk, job.token))
        saved, size = _store(job, work)
        _finish(job, saved, size, rows)
    except LostClaim:
        log.info("report job %s: claim lost, run %s stops", job_id, job.token)
    except SoftTimeLimitExceeded:
        _fail(job.pk, job.token, _("生成超过时限，已停止。请缩小范围后重新生成。"))
    except TRANSIENT_ERRORS as error:
        log.warning("report job %s: transient failure: %s", job_id, error)
        _give_back(job)
        raise TransientError(str(error)) from error
    except Exception as error:
        log.exception("report job %s failed", job_id)
        _fail(job.pk, job.token, _("生成失败：%(error)s") % {"error": error})
    finally:
        work.unlink(missing_ok=True)


def _give_back(job: ReportJob) -> None:
    """Return the job to the queue after a transient failure (best effort: if the database
    itself is down, the sweeper finds the job by its stale heartbeat)."""
    with contextlib.suppress(DatabaseError):
        ReportJob.objects.filter(pk=job.pk, token=job.token).update(
            state=JobState.QUEUED, token="", enqueued_at=timezone.now()
        )


def fail_after_retries(job_id: int, error: str) -> None:
    ReportJob.objects.filter(pk=job_id).exclude(state__in=FINAL_STATES).update(
        state=JobState.FAILED,
        error=_("生成失败（多次重试后）：%(error)s") % {"error": error},
        finished_at=timezone.now(),
        token="",
    )


# --- Beat: the sweeper and the purge ------------------------------------------------------------


def sweep(now=None) -> dict[str, int]:
    """Jobs whose worker died (heartbeat older than REPORT_STALE_SECONDS) go back to the queue,
    or fail once they used up their attempts; queued jobs never picked up (message lost, broker
    down) are enqueued again."""
    now = now or timezone.now()
    stale = stale_before(settings.REPORT_STALE_SECONDS, now)
    counts = {"requeued": 0, "failed": 0, "resent": 0}
    to_send = []
    with transaction.atomic():
        lost = ReportJob.objects.select_for_update(skip_locked=True).filter(
            state=JobState.RUNNING, heartbeat_at__lt=stale
        )
        for job in lost:
            if job.attempts >= settings.REPORT_MAX_ATTEMPTS:
                _fail_locked(job, _interrupted_message(job.attempts), now)
                counts["failed"] += 1
            else:
                job.state = JobState.QUEUED
                job.token = ""
                job.save(update_fields=["state", "token"])
                to_send.append(job.pk)
                counts["requeued"] += 1
    waiting = ReportJob.objects.filter(state=JobState.QUEUED).filter(
        enqueued_at__lt=now - timedelta(seconds=settings.REPORT_REQUEUE_SECONDS)
    ) | ReportJob.objects.filter(state=JobState.QUEUED, enqueued_at__isnull=True)
    for pk in waiting.exclude(pk__in=to_send).values_list("pk", flat=True):
        to_send.append(pk)
        counts["resent"] += 1
    for pk in to_send:
        if enqueue(pk):
            ReportJob.objects.filter(pk=pk, state=JobState.QUEUED).update(error="")
    return counts


def purge(now=None) -> int:
    """Delete files of jobs finished more than REPORT_RETENTION_DAYS ago; the rows stay."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REPORT_RETENTION_DAYS)
    storage = reports_storage()
    purged = 0
    for job in ReportJob.objects.filter(state=JobState.DONE, finished_at__lt=cutoff):
        if job.file:
            storage.delete(job.file)
        ReportJob.objects.filter(pk=job.pk).update(state=JobState.EXPIRED, file="")
        purged += 1
    return purged
