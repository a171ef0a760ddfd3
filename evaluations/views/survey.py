"""民主测评: codes and results for the branch and admins; the public page for respondents."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from selection import queries as selection_queries
from selection.errors import SelectionError
from selection.views.common import form_errors, refuse

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
    items = []
    for code in codes:
        url = request.build_absolute_uri(reverse("evaluations:survey_public", args=[code.code]))
        # A fixed mask: choosing the best of eight (segno's default) was four fifths of the
        # time of a 500-code sheet; any mask is valid and scans the same.
        qr = segno.make_qr(url, error="m", mask=0, boost_error=False)
        width, height = qr.symbol_size(scale=3, border=2)
        items.append(
            {
                "url": url,
                "code": code.code,
                "qr": qr.svg_data_uri(scale=3, border=2),
                "width": width,
                "height": height,
            }
        )
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
    if not rules.survey_open(found.survey.nomination):
        # Said at once, not after the whole form has been filled in.
        return render(
            request,
            "evaluations/survey_closed.html",
            {"reason": _("本次民主测评已结束。")},
            status=410,
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
            return render(request, "evaluations/survey_thanks.html")
        messages.error(request, _("请对每一项作出评价。"))
    nomination = found.survey.nomination
    return render(
        request,
        "evaluations/survey_public.html",
        {"form": form, "nominee": nomination.member.name, "branch": nomination.branch.name},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
