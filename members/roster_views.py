"""/members/roster/: templates, upload → preview with every problem → confirm; exports."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from config.wording import form_errors

from . import roster, scope
from .choices import Role
from .models import Organization, RosterImport
from .roster import problems

RECENT = 20


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("导入内容"), choices=roster.Kind.CHOICES)
    file = forms.FileField(label=gettext_lazy("xlsx 文件"))


def _require_admin(user) -> None:
    if not scope.has_role(user, Role.ADMIN):
        raise PermissionDenied


def _file_response(path, filename: str) -> FileResponse:
    handle = path.open("rb")
    path.unlink()  # the open handle keeps the data until the response is sent
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Content-Type"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response["Cache-Control"] = "private, no-store"
    return response


def _refused(request, error: roster.RosterError):
    if error.status == 403:
        raise PermissionDenied(error.message)
    messages.error(request, error.message)
    return redirect("members:roster")


@login_required
@require_GET
def roster_home(request):
    _require_admin(request.user)
    imports = RosterImport.objects.filter(uploaded_by=request.user)[:RECENT]
    # Each with what it says of its file in the reader's language, whichever the check ran in.
    imports = [(item, problems.error_of(item)) for item in imports]
    return render(request, "members/roster.html", {"form": UploadForm(), "imports": imports})


@login_required
@require_GET
def roster_template(request, kind: str):
    _require_admin(request.user)
    if kind not in dict(roster.Kind.CHOICES):
        raise PermissionDenied
    label = _("党员名册模板") if kind == roster.Kind.MEMBERS else _("党组织模板")
    return _file_response(roster.template(kind), f"{label}.xlsx")


@login_required
@require_POST
def roster_upload(request):
    _require_admin(request.user)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("members:roster")
    try:
        roster_import = roster.upload(
            by=request.user,
            kind=form.cleaned_data["kind"],
            file=form.cleaned_data["file"],
            request=request,
        )
    except roster.RosterError as error:
        return _refused(request, error)
    return redirect("members:roster_preview", roster_import.pk)


def _own_import(user, pk: int) -> RosterImport:
    return get_object_or_404(RosterImport, pk=pk, uploaded_by=user)


@login_required
@require_GET
def roster_preview(request, pk: int):
    roster_import = _own_import(request.user, pk)
    template = "members/_roster_status.html" if request.htmx else "members/roster_preview.html"
    return render(
        request,
        template,
        {
            "item": roster_import,
            "progress": roster.progress_of(roster_import),
            # In the reader's language, whichever the check ran in.
            "problems": [problems.shown(p) for p in roster_import.problems],
            "error": problems.error_of(roster_import),
            "changes": [problems.shown_change(c) for c in roster_import.changes or ()],
        },
    )


@login_required
@require_POST
def roster_confirm(request, pk: int):
    roster_import = _own_import(request.user, pk)
    try:
        roster.confirm(roster_import, by=request.user, request=request)
    except roster.RosterError as error:
        return _refused(request, error)
    return redirect("members:roster_preview", roster_import.pk)


@login_required
@require_POST
def roster_discard(request, pk: int):
    roster_import = _own_import(request.user, pk)
    try:
        roster.discard(roster_import, by=request.user, request=request)
    except roster.RosterError as error:
        return _refused(request, error)
    messages.success(
        request, _("已放弃导入“%(name)s”，文件已删除。") % {"name": roster_import.original_name}
    )
    return redirect("members:roster")


@login_required
@require_GET
def roster_export(request, kind: str):
    if not scope.has_role(request.user, *scope.MEMBER_ROLES) or kind not in dict(
        roster.Kind.CHOICES
    ):
        raise PermissionDenied
    unmasked = request.GET.get("unmasked") == "1"
    try:
        path, _count = roster.export(by=request.user, kind=kind, unmasked=unmasked, request=request)
    except roster.RosterError as error:
        return _refused(request, error)
    if kind != roster.Kind.MEMBERS:  # an organisation has nothing to mask
        return _file_response(path, f"{Organization._meta.verbose_name_plural}.xlsx")
    # outside the f-string, where makemessages reads
    label, masked = _("党员名册"), "" if unmasked else _("（脱敏）")
    return _file_response(path, f"{label}{masked}.xlsx")
