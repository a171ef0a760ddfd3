"""A nomination's files: its photo and its attachments (evidence, the branch meeting's record),
added by the branch's secretary while the nomination may be edited, read by whoever may see it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.wording import form_errors
from members import scope
from members.choices import Role

from .. import files, queries, rules, services
from ..errors import SelectionError
from ..forms import AttachmentForm
from ..models import Attachment
from .common import detail_url, refuse
from .submitting import saved_but


def editable_by_secretary(request, pk: int):
    """The nomination, for a secretary of its branch (404 unseen, 403 for anyone else)."""
    nomination = queries.nomination_for(request.user, pk)
    if not scope.within(request.user, nomination.branch.path, Role.SECRETARY):
        raise PermissionDenied
    return nomination


def _seen(request, pk: int):
    """The nomination, to whoever may see it (else 404), for serving its files: not what its
    page shows (``queries.nomination_page``)."""
    return get_object_or_404(rules.visible_nominations(request.user), pk=pk)


@login_required
def nomination_photo(request, pk: int):
    return files.photo_response(request, _seen(request, pk).photo)


@login_required
def nomination_photo_preview(request, pk: int):
    """The photo's small preview for the nomination's pages, to whoever may see the
    nomination (the full photo behind the pages' "查看原图" link)."""
    nomination = _seen(request, pk)
    return files.photo_preview_response(request, nomination.photo, of=nomination)


def add_file(request, nomination, form, *, saved: bool = False):
    """Add the file of ``form`` (valid) to the nomination: None, or the page saying why the
    workflow refused it (``saved``: that what was typed was saved all the same)."""
    edit = reverse("selection:nomination_edit", args=[nomination.pk])
    try:
        services.add_attachment(
            nomination, form.cleaned_data["file"], by=request.user, request=request
        )
    except SelectionError as error:
        if not saved or error.status == 403:
            return refuse(request, error, edit)
        messages.warning(request, saved_but(nomination, _("附件未上传：%s") % error.message))
        return redirect(edit)
    return None


@login_required
@require_POST
def attachment_add(request, pk: int):
    nomination = editable_by_secretary(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("附件未上传：%s") % form_errors(form))
        return redirect("selection:nomination_edit", pk)
    refused = add_file(request, nomination, form)
    if refused is not None:
        return refused
    messages.success(request, _("附件已上传。"))
    return redirect("selection:nomination_edit", pk)


def _attachment(request, pk: int, attachment_pk: int, *, to_change=False) -> Attachment:
    nomination = editable_by_secretary(request, pk) if to_change else _seen(request, pk)
    return get_object_or_404(
        Attachment.objects.select_related("nomination__branch", "nomination__campaign"),
        pk=attachment_pk,
        nomination=nomination,
    )


@login_required
def attachment_download(request, pk: int, attachment_pk: int):
    return files.attachment_response(_attachment(request, pk, attachment_pk))


@login_required
@require_POST
def attachment_delete(request, pk: int, attachment_pk: int):
    attachment = _attachment(request, pk, attachment_pk, to_change=True)
    try:
        services.remove_attachment(attachment, by=request.user, request=request)
    except SelectionError as error:
        return refuse(request, error, detail_url(attachment.nomination))
    messages.success(request, _("附件已删除。"))
    return redirect("selection:nomination_edit", pk)
