"""Token endpoints that start work: report jobs (ask, poll, download) with any token, through
reports.services as the /reports/ page does; the roster upload and its confirmation for admins
with a write token, through members.roster as the roster page does (same checks, same
all-or-nothing import)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status, UploadedFile

from members import roster
from members.models import Organization, RosterImport
from members.roster import problems
from reports import rules as report_rules
from reports import services as report_services
from reports.choices import JobState
from reports.stages import stage_at
from selection import rules as selection_rules
from selection.errors import SelectionError

from . import queries
from .auth import WriteTokenAuth
from .errors import ApiError, ErrorOut
from .queries import ID
from .reads import PAGE, PAGE_SIZE
from .schemas import ReportJobOut, ReportJobPageOut, ReportRequestIn, RosterImportOut

router = Router(tags=["token: reports"])
roster_router = Router(tags=["token: roster (admins, write token)"], auth=WriteTokenAuth())
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut, 503: ErrorOut}
FILE_RESPONSE = {
    "responses": {
        "200": {
            "description": "The report's file (xlsx or PDF)",
            "content": {
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                },
            },
        }
    }
}


def _refused(error: SelectionError | roster.RosterError) -> ApiError:
    codes = {403: "forbidden", 404: "not_found"}
    return ApiError(error.status, codes.get(error.status, "refused"), error.message)


def _job(job) -> dict:
    return {
        "id": job.pk,
        "kind": job.kind,
        "kind_label": job.get_kind_display(),
        "state": job.state,
        "state_label": job.get_state_display(),
        "progress": job.progress,
        "error": job.error,
        "campaign_id": job.campaign_id,
        "organization_id": job.organization_id,
        "nomination_id": job.nomination_id,
        "stage_id": job.stage_id,
        "filename": job.filename,
        "size": job.size,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "download_url": reverse("api:report_file", args=[job.pk])
        if job.state == JobState.DONE
        else None,
    }


def _own_job(user, pk: int):
    return get_object_or_404(report_rules.own_jobs(user), pk=pk)


@router.get(
    "/reports/",
    response={200: ReportJobPageOut, **ERRORS},
    url_name="reports",
    summary="The user's report jobs, newest first",
)
def report_list(request, page: int = PAGE, page_size: int = PAGE_SIZE):
    found = queries.window(report_rules.own_jobs(request.auth.user), page, page_size)
    return {"items": [_job(job) for job in found.rows], **found.meta()}


@router.post(
    "/reports/",
    response={202: ReportJobOut, 400: ErrorOut, **ERRORS},
    url_name="reports",
    summary="Ask for a report; poll the job, then download its file",
)
def report_request(request, data: ReportRequestIn):
    user = request.auth.user
    campaign = get_object_or_404(selection_rules.visible_campaigns(user), pk=data.campaign)
    organization = nomination = None
    if data.organization is not None:
        organization = get_object_or_404(Organization, pk=data.organization)
    if data.nomination is not None:
        nomination = queries.nomination(user, data.nomination)
    stage = None
    if data.stage is not None:
        stage = stage_at(campaign, data.stage)
        if stage is None:
            raise ApiError(400, "refused", _("所选活动没有这一推荐层级。"))
    try:
        job = report_services.request_report(
            by=user,
            kind=data.kind,
            campaign=campaign,
            organization=organization,
            nomination=nomination,
            stage=stage,
            request=request,
        )
    except SelectionError as error:
        raise _refused(error) from error
    return Status(202, _job(job))


@router.get(
    "/reports/{int:job_id}/",
    response={200: ReportJobOut, **ERRORS},
    url_name="report",
    summary="A report job (poll it until its state is done or failed)",
)
def report_detail(request, job_id: int = ID):
    return _job(_own_job(request.auth.user, job_id))


@router.get(
    "/reports/{int:job_id}/file/",
    response={**ERRORS},
    url_name="report_file",
    summary="Download a finished report",
    openapi_extra=FILE_RESPONSE,
)
def report_file(request, job_id: int = ID):
    user = request.auth.user
    job = _own_job(user, job_id)
    if job.state != JobState.DONE or not report_rules.can_download(user, job):
        raise Http404
    return report_services.download(job, by=user, request=request)


# --- Roster (write) ---------------------------------------------------------------------------


ROSTER_KIND = Form(..., description="members or organizations")
ROSTER_FILE = File(..., description="The xlsx file, in the layout of the portal's template")


def _import(found: RosterImport) -> dict:
    code = problems.error_code_of(found)
    return {
        "id": found.pk,
        "kind": found.kind,
        "state": found.state,
        "state_label": found.get_state_display(),
        "original_name": found.original_name,
        "total_rows": found.total_rows,
        "creates": found.creates,
        "updates": found.updates,
        "unchanged": found.unchanged,
        "problem_count": found.problem_count,
        # Code and parameters for programs (of the problems and of the file's error, "" and {}
        # when none, stored before codes or stale); the words in the request's language.
        "problems": [problems.shown(p) for p in found.problems],
        "error": problems.error_of(found),
        "error_code": code,
        "error_params": (found.error_params or {}) if code else {},
        "progress": roster.progress_of(found),
        "created_at": found.created_at,
        "finished_at": found.finished_at,
    }


@roster_router.post(
    "/roster/imports/",
    response={201: RosterImportOut, 400: ErrorOut, 413: ErrorOut, **ERRORS},
    url_name="roster_imports",
    summary="Upload a roster (xlsx in the template's layout): checked, nothing written yet",
)
def roster_upload(
    request,
    kind: str = ROSTER_KIND,
    file: UploadedFile = ROSTER_FILE,
):
    try:
        found = roster.upload(by=request.auth.user, kind=kind, file=file, request=request)
    except roster.RosterError as error:
        raise _refused(error) from error
    return Status(201, _import(found))


def _own_import(user, pk: int) -> RosterImport:
    return get_object_or_404(RosterImport, pk=pk, uploaded_by=user)


@roster_router.get(
    "/roster/imports/{int:import_id}/",
    response={200: RosterImportOut, **ERRORS},
    url_name="roster_import",
    summary="An upload's check (every problem with its row and column) and import state",
)
def roster_import(request, import_id: int = ID):
    return _import(_own_import(request.auth.user, import_id))


@roster_router.post(
    "/roster/imports/{int:import_id}/confirm/",
    response={202: RosterImportOut, 400: ErrorOut, **ERRORS},
    url_name="roster_confirm",
    summary="Import a checked upload, all or nothing",
)
def roster_confirm(request, import_id: int = ID):
    user = request.auth.user
    found = _own_import(user, import_id)
    try:
        found = roster.confirm(found, by=user, request=request)
    except roster.RosterError as error:
        raise _refused(error) from error
    found.refresh_from_db()
    return Status(202, _import(found))
