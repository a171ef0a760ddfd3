"""/reports/: ask for a report, watch it (htmx polling), download it, retry a failed one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.wording import form_errors
from selection.views.common import next_or, refuse

from . import rules, services
from .choices import JobState
from .errors import ReportError
from .forms import ReportRequestForm
from .models import ReportJob

PAGE_SIZE = 30


def _require_reports(user) -> None:
    if not rules.kinds_for(user):
        raise PermissionDenied


def _own_job(user, pk: int) -> ReportJob:
    return get_object_or_404(
        rules.own_jobs(user).select_related(
            "campaign", "organization", "nomination__member", "stage"
        ),
        pk=pk,
    )


@login_required
@require_GET
def job_list(request):
    _require_reports(request.user)
    form = ReportRequestForm(request.user, initial={"campaign": request.GET.get("campaign")})
    return _list_page(request, form)


def _list_page(request, form, *, status: int = 200):
    """The user's jobs and the request form (after a refused request, bound to the choices
    made, its errors at the fields)."""
    jobs = rules.own_jobs(request.user).select_related(
        "campaign", "organization", "nomination__member", "stage"
    )
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/job_list.html", {"page": page, "form": form}, status=status)


@login_required
@require_POST
def job_new(request):
    _require_reports(request.user)
    back = next_or(request, "reports:list")
    form = ReportRequestForm(request.user, request.POST)
    if not form.is_valid():
        if request.POST.get("nomination"):  # the button of a nomination's page: back there
            messages.error(request, form_errors(form))
            return redirect(back)
        messages.error(request, _("报表未生成：请按提示修改下面标出的项目。"))
        return _list_page(request, form, status=400)
    data = form.cleaned_data
    try:
        job = services.request_report(
            by=request.user,
            kind=data["kind"],
            campaign=data["campaign"],
            organization=data["organization"],
            nomination=data["nomination"],
            stage=data["stage"],
            unmasked=data["unmasked"],
            request=request,
        )
    except ReportError as error:
        if error.status == 403 or request.POST.get("nomination"):
            return refuse(request, error, back)
        messages.error(request, error.message)
        return _list_page(request, form, status=400)
    if job.state == JobState.QUEUED and job.error:
        messages.warning(request, job.error)
    elif job.state == JobState.FAILED:
        messages.error(request, job.error)
    else:
        # No quotation marks: a file name holds the campaign's title, often with “” of its own.
        messages.success(request, _("已开始生成文件：%(name)s") % {"name": job.filename})
    return redirect("reports:list")


@login_required
@require_GET
def job_row(request, pk: int):
    """One row of the list, polled by htmx while the job is queued or running."""
    job = _own_job(request.user, pk)
    return render(request, "reports/_job_row.html", {"job": job})


@login_required
@require_GET
def job_download(request, pk: int):
    job = _own_job(request.user, pk)
    if job.state != JobState.DONE or not rules.can_download(request.user, job):
        raise Http404
    return services.download(job, by=request.user, request=request)


@login_required
@require_POST
def job_retry(request, pk: int):
    job = _own_job(request.user, pk)
    try:
        services.retry_report(job, by=request.user, request=request)
    except ReportError as error:
        return refuse(request, error, "reports:list")
    messages.success(request, _("已重新开始生成。"))
    return redirect("reports:list")
