"""民主测评: codes and results for the branch and admins; the public page for respondents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.wording import form_errors
from selection import queries as selection_queries
from selection.errors import SelectionError
from selection.views.common import refuse

from .. import queries, rules, services
from ..forms import IssueCodesForm, SurveyForm
from ..models import SurveyCode


def _survey_nomination(request, pk: int):
    nomination = selection_queries.nomination_for(request.user, pk)
    if not rules.can_run_survey(request.user, nomination):
        raise PermissionDenied
    return nomination


@login_required
def manage(request, pk: int):
    nomination = _survey_nomination(request, pk)
    form = IssueCodesForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, form_errors(form))
            return redirect("evaluations:survey", pk)
        try:
            services.issue_codes(
                nomination, form.cleaned_data["count"], by=request.user, request=request
            )
        except SelectionError as error:
            return refuse(request, error, reverse("evaluations:survey", args=[pk]))
        messages.success(request, _("测评码已生成，请打印发放。"))
        return redirect("evaluations:survey_sheet", pk)
    return render(
        request,
        "evaluations/survey_manage.html",
        {
            "nomination": nomination,
            "form": form,
            "results": queries.survey_results(nomination),
            "closed": rules.survey_closed(nomination),
        },
    )


# Bytes a QR code of error correction M holds by version (1-15), for the slip's image size.
_QR_BYTES_M = (14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412)


def _qr_pixels(url: str) -> int | None:
    """The side of the QR image the browser draws for ``url`` (3 px a module, a two-module
    quiet zone), so the sheet is laid out before it is drawn; None past version 15."""
    length = len(url.encode())
    for version, capacity in enumerate(_QR_BYTES_M, start=1):
        if length <= capacity:
            return (17 + 4 * version + 4) * 3
    return None


@login_required
def sheet(request, pk: int):
    """A printable sheet of the unused codes, each with its link and a QR code."""
    nomination = _survey_nomination(request, pk)
    closed = rules.survey_closed(nomination)
    # Codes of a closed survey are not printed: they would be handed out to be refused.
    codes = (
        SurveyCode.objects.none()
        if closed
        else SurveyCode.objects.filter(survey__nomination=nomination, used_at__isnull=True)
    )
    # The QR codes are drawn in the browser (static/js/survey-qr.js) from each slip's link:
    # drawn here they were most of the time and the weight of a 500-code sheet.
    items = []
    for code in codes:
        url = request.build_absolute_uri(reverse("evaluations:survey_public", args=[code.code]))
        items.append({"url": url, "code": code.code, "size": _qr_pixels(url)})
    return render(
        request,
        "evaluations/survey_sheet.html",
        {"nomination": nomination, "items": items, "closed": closed},
    )


@never_cache
def public(request, code: str):
    """No account needed: one response per code, then the code is spent."""
    found = (
        SurveyCode.objects.select_related(
            "survey__nomination__member",
            "survey__nomination__branch",
            "survey__nomination__campaign",
        )
        .filter(code=code[:40])
        .first()
    )
    if found is None:
        return render(
            request, "evaluations/survey_closed.html", {"reason": _("测评码无效。")}, status=404
        )
    if found.used_at is not None:
        return render(
            request,
            "evaluations/survey_closed.html",
            {"reason": _("该测评码已使用，每个测评码只能提交一次。")},
            status=410,
        )
    how, closed = rules.survey_closed_to_respondent(found.survey.nomination)
    if how:
        # Said at once, not after the whole form has been filled in. Paused is not gone: the
        # same code is answered once the nomination is resubmitted.
        return render(
            request,
            "evaluations/survey_closed.html",
            {"reason": closed},
            status=409 if how == rules.PAUSED else 410,
        )
    form = SurveyForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.respond(code, form.cleaned_data)
            except SelectionError as error:
                return render(
                    request, "evaluations/survey_closed.html", {"reason": error.message}, status=409
                )
            # Post/redirect/get: Back from the thanks, or a reload, asks nothing of the browser
            # (a 200 answer to the POST made Chrome offer to resubmit the form).
            return redirect("evaluations:survey_thanks")
        messages.error(request, _("请对每一项作出评价。"))
    nomination = found.survey.nomination
    return render(
        request,
        "evaluations/survey_public.html",
        {"form": form, "nominee": nomination.member.name, "branch": nomination.branch.name},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_safe
def thanks(request):
    """Where an answered survey leads: the same page whatever the code, so it tells nothing of
    any code (the code just used says it is spent on its own page)."""
    return render(request, "evaluations/survey_thanks.html")
