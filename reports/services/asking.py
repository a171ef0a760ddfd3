"""Asking for a report: the request, a retry, enqueueing, and the download."""

from __future__ import annotations

import re
from functools import partial

from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record
from config.storage import file_response
from members import scope
from members.models import Organization
from selection import notice as selection_notice
from selection.models import Campaign, Nomination, PublicNotice, Stage

from .. import rules
from ..choices import CONTENT_TYPES, SPECS, JobState, Kind
from ..errors import ReportError
from ..models import ReportJob
from .common import BROKER_ERRORS, log, reports_storage

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
    kind: str,
    campaign: Campaign,
    organization: Organization,
    nomination,
    several: bool = False,
    stage: Stage | None = None,
) -> str:
    if nomination is not None:
        subject = nomination.member.name
    else:
        subject = _("全部范围") if several else organization.name
    label = dict(Kind.choices)[kind]
    if stage is not None:  # 逐级推荐: the stage, then the node (or the scope above its nodes)
        subject = _("第%(n)d级_%(scope)s") % {"n": stage.position, "scope": subject}
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
    stage: Stage | None = None,
    unmasked: bool = False,
    request=None,
) -> ReportJob:
    """Queue a report (with ``stage``: of that stage's pools in the scope, 逐级推荐; with
    ``unmasked``: a 推荐审批表 with the full personal data, for an admin of the scope, which the
    audit event records). Side effects: a job row, an audit event, the task enqueued on commit
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
    rules.require_request(by, kind, campaign, organization, nomination, paths=paths, stage=stage)
    if unmasked and not rules.may_unmask(by, kind, paths or [organization.path]):
        raise ReportError(
            _("只有所选范围的组织部门管理员可以生成含完整个人信息的推荐审批表。"), status=403
        )
    _require_ready(kind, campaign)
    with transaction.atomic():
        job = ReportJob.objects.create(
            kind=kind,
            campaign=campaign,
            organization=organization,
            scope_paths=paths,
            nomination=nomination,
            stage=stage,
            unmasked=unmasked,
            requested_by=by,
            filename=_filename(
                kind, campaign, organization, nomination, several=bool(paths), stage=stage
            ),
        )
        record(
            "report.requested",
            actor=by,
            target=job,
            org_path=job.audit_path,
            after={
                "kind": kind,
                "campaign": f"{campaign.title} #{campaign.pk}",
                "nomination": job.nomination_id,
                "stage": stage.position if stage else None,
                "scope": job.paths,
                "unmasked": unmasked,
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
            stage=locked.stage,
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
    from ..tasks import task_build_report

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


# --- Download ---------------------------------------------------------------------------------


def download(job: ReportJob, *, by, request=None) -> HttpResponse:
    """The job's file. The caller checked ``rules.can_download``; downloads of files holding
    personal data are audited."""
    if SPECS[job.kind].personal_data:
        record(
            "report.downloaded",
            actor=by,
            target=job,
            org_path=job.audit_path,
            after={"kind": job.kind, "file": job.filename, "unmasked": job.unmasked},
            request=request,
        )
    response = file_response(reports_storage(), job.file, as_attachment=True, filename=job.filename)
    if response.status_code != 200:
        return response
    response["Content-Type"] = CONTENT_TYPES[SPECS[job.kind].extension]
    response["Cache-Control"] = "private, no-store"
    return response
