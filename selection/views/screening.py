"""The screening moves an admin (or the integrity officer) makes on a nomination's page:
returning it, declaring it (in)eligible, the integrity opinion."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.wording import form_errors

from .. import workflow
from ..choices import Action
from ..errors import SelectionError
from ..forms import EligibleForm, ReasonForm
from .common import detail_url, next_or, refuse
from .nominations import movable


def _reason_move(request, pk: int, action: str, move, success: str):
    nomination = movable(request, pk, action)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写理由（不超过 2000 字）。"))
        return redirect(detail_url(nomination))
    try:
        move(nomination, by=request.user, reason=form.cleaned_data["reason"], request=request)
    except SelectionError as error:
        return refuse(request, error, detail_url(nomination))
    messages.success(request, success)
    return redirect(next_or(request, detail_url(nomination)))


@login_required
@require_POST
def nomination_return(request, pk: int):
    return _reason_move(
        request, pk, Action.RETURN, workflow.return_for_revision, _("已退回支部修改。")
    )


@login_required
@require_POST
def nomination_ineligible(request, pk: int):
    return _reason_move(
        request,
        pk,
        Action.DECLARE_INELIGIBLE,
        workflow.declare_ineligible,
        _("已标记为资格审查未通过。"),
    )


@login_required
@require_POST
def nomination_eligible(request, pk: int):
    nomination = movable(request, pk, Action.DECLARE_ELIGIBLE)
    form = EligibleForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(detail_url(nomination))
    try:
        workflow.declare_eligible(
            nomination,
            by=request.user,
            override_reason=form.cleaned_data["override_reason"],
            request=request,
        )
    except SelectionError as error:
        return refuse(request, error, detail_url(nomination))
    messages.success(request, _("资格审查通过。"))
    return redirect(next_or(request, detail_url(nomination)))
