"""Report jobs (DESIGN.md §7): asking for a report, running it, retrying, sweeping and purging.

The ``ReportJob`` row is the source of truth. A run *claims* the job (a fresh token, attempts + 1)
under a row lock, so a second delivery of the same message — a worker killed mid-job, a message
the sweeper enqueued again — finds the job done or held and does nothing. The file is built under
a working name on local disk, stored through the ``reports`` storage under a name of its own run,
and the job is marked done only if the run still holds its claim; files of earlier, interrupted
runs are removed then. A job whose worker died ``REPORT_MAX_ATTEMPTS`` times is failed.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
import uuid
from datetime import timedelta
from functools import partial
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from audit.services import record
from members import scope
from members.models import Organization
from selection import notice as selection_notice
from selection.models import Campaign, Nomination, PublicNotice

from . import rules
from .builders import BUILDERS
from .choices import CONTENT_TYPES, FINAL_STATES, SPECS, JobState, Kind
from .errors import ReportError
from .models import ReportJob

log = logging.getLogger(__name__)

#: Failures that may pass by themselves: the run is given back and retried with backoff.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)
#: The broker cannot take the message: the job stays queued and the sweeper sends it later.
BROKER_ERRORS = (BrokerError, RedisError, ConnectionError)
#: A running job writes its heartbeat at least this often (seconds).
HEARTBEAT_SECONDS = 10


class TransientError(Exception):
    """The run failed for a reason that may pass; the task retries it."""


class LostClaim(Exception):
    """Another run holds the job now (this one was taken for dead): stop quietly."""


def reports_storage():
    return storages["reports"]


# --- Asking for a report ----------------------------------------------------------------------


def default_organization(user, kind: str) -> Organization | None:
    """The widest organisation where the user may ask for ``kind``."""
    found = whole_scope(user, kind)
    return found[0] if found else None


def whole_scope(user, kind: str, campaign: Campaign | None = None) -> list[Organization]:
    """The organisations where the user may ask for ``kind`` (their whole scope, nested ones
    folded away), by path; with ``campaign``, those that reach into the campaign's tree."""
    spec = SPECS.get(kind)
    if spec is None:
        return []
    found = scope.paths(user, *spec.roles)
    if campaign is not None:
        owner = campaign.owner.path
        found = [p for p in found if p.startswith(owner) or owner.startswith(p)] or found
    return list(Organization.objects.filter(path__in=found).order_by("path"))


def _require_ready(kind: str, campaign: Campaign) -> None:
    """Reports that only make sense at a point of the campaign."""
    if kind in (Kind.NOTICE, Kind.NOTICE_RESULT):
        public_notice = PublicNotice.objects.filter(campaign=campaign).first()
        if public_notice is None:
            raise ReportError(_("该活动尚未发布公示。"))
        if kind == Kind.NOTICE_RESULT and not selection_notice.has_ended(public_notice):
            raise ReportError(
                _("公示期至 %(date)s 结束，结束后才能生成公示结果。")
                % {"date": public_notice.ends_on}
            )


def _filename(
    kind: str, campaign: Campaign, organization: Organization, nomination, several: bool = False
) -> str:
    if nomination is not None:
        subject = nomination.member.name
    else:
        subject = _("全部范围") if several else organization.name
    label = dict(Kind.choices)[kind]
    stem = f"{campaign.title}_{label}_{subject}"
    stem = re.sub(r'[\\/:*?"<>|\s（）()_]+', "_", stem).strip("_")[:120]
    return f"{stem}.{SPECS[kind].extension}"


def request_report(
    *,
    by,
    kind: str,
    campaign: Campaign,
    organization: Organization | None = None,
    nomination: Nomination | None = None,
    request=None,
) -> ReportJob:
    """Queue a report. Side effects: a job row, an audit event, the task enqueued on commit
    (run at once without a broker). If the broker is down the job stays queued, its ``error``
    says so, and the sweeper enqueues it once the broker is back."""
    if kind not in SPECS:
        raise ReportError(_("没有这种报表。"))
    if nomination is not None and organization is None:
        organization = nomination.branch
    roots = [organization] if organization else whole_scope(by, kind, campaign)
    if not roots:
        raise ReportError(_("您无权生成该范围的这份报表。"), status=403)
    organization = roots[0]
    paths = [root.path for root in roots] if len(roots) > 1 else []
    rules.require_request(by, kind, campaign, organization, nomination, paths=paths)
    _require_ready(kind, campaign)
    with transaction.atomic():
        job = ReportJob.objects.create(
            kind=kind,
            campaign=campaign,
            organization=organization,
            scope_paths=paths,
            nomination=nomination,
            requested_by=by,
            filename=_filename(kind, campaign, organization, nomination, several=bool(paths)),
        )
        record(
            "report.requested",
            actor=by,
            target=job,
            org_path=job.audit_path,
            after={
                "kind": kind,
                "campaign": campaign.pk,
                "nomination": job.nomination_id,
                "scope": job.paths,
            },
            request=request,
        )
        transaction.on_commit(partial(enqueue, job.pk))
    job.refresh_from_db()
    return job


def retry_report(job: ReportJob, *, by, request=None) -> ReportJob:
    """Run a failed (or expired) job again from the start, with a fresh attempt count."""
    with transaction.atomic():
        locked = ReportJob.objects.select_for_update().get(pk=job.pk)
        if locked.state not in (JobState.FAILED, JobState.EXPIRED):
            raise ReportError(_("只有失败或已过期的报表可以重新生成。"))
        rules.require_request(
            by,
            locked.kind,
            locked.campaign,
            locked.organization,
            locked.nomination,
            paths=locked.scope_paths,
        )
        before = {"state": locked.state, "error": locked.error}
        locked.state = JobState.QUEUED
        locked.attempts = 0
        locked.progress = 0
        locked.error = ""
        locked.token = ""
        locked.file = ""
        locked.size = 0
        locked.started_at = locked.finished_at = None
        locked.save()
        record(
            "report.retried",
            actor=by,
            target=locked,
            org_path=locked.audit_path,
            before=before,
            after={"state": JobState.QUEUED},
            request=request,
        )
        transaction.on_commit(partial(enqueue, locked.pk))
    locked.refresh_from_db()
    return locked


def enqueue(job_id: int) -> bool:
    """Send the job to the workers. False (and a note on the job) when the broker is down."""
    from .tasks import task_build_report

    ReportJob.objects.filter(pk=job_id).update(enqueued_at=timezone.now())
    try:
        task_build_report.apply_async(kwargs={"job_id": job_id})
    except BROKER_ERRORS:
        log.warning("report job %s: broker unavailable, left queued", job_id)
        ReportJob.objects.filter(pk=job_id, state=JobState.QUEUED).update(
            error=_("任务队列暂时不可用：报表已登记，队列恢复后将自动生成。")
        )
        return False
    return True


# --- Running a job ----------------------------------------------------------------------------


class Progress:
    """``progress(done, total)`` for builders: saves the percentage (at most twice a second) and
    the heartbeat (at least every HEARTBEAT_SECONDS), and stops the run if it lost its claim."""

    def __init__(self, job_id: int, token: str):
        self.job_id, self.token = job_id, token
        self.saved_at = time.monotonic()
        self.value = 0

    def __call__(self, done: int, total: int) -> None:
        value = min(99, done * 100 // total) if total else 0
        now = time.monotonic()
        due = now - self.saved_at >= HEARTBEAT_SECONDS
        if not due and (value == self.value or now - self.saved_at < 0.5):
            return
        updated = ReportJob.objects.filter(
            pk=self.job_id, token=self.token, state=JobState.RUNNING
        ).update(progress=value, heartbeat_at=timezone.now())
        if not updated:
            raise LostClaim
        self.saved_at, self.value = now, value


def _claim(job_id: int) -> ReportJob | None:
    """Take the job for this run, or None when there is nothing to do."""
    now = timezone.now()
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state in FINAL_STATES:
            return None
        stale = now - timedelta(seconds=settings.REPORT_STALE_SECONDS)
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
        "campaign", "organization", "nomination", "requested_by"
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
    stale = now - timedelta(seconds=settings.REPORT_STALE_SECONDS)
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


# --- Download ---------------------------------------------------------------------------------


def download(job: ReportJob, *, by, request=None) -> FileResponse:
    """The job's file. The caller checked ``rules.can_download``; downloads of files holding
    personal data are audited."""
    if SPECS[job.kind].personal_data:
        record(
            "report.downloaded",
            actor=by,
            target=job,
            org_path=job.audit_path,
            after={"kind": job.kind, "file": job.filename},
            request=request,
        )
    response = FileResponse(
        reports_storage().open(job.file, "rb"), as_attachment=True, filename=job.filename
    )
    response["Content-Type"] = CONTENT_TYPES[SPECS[job.kind].extension]
    response["Cache-Control"] = "private, no-store"
    return response
