"""The staff queues: screening (资格审查) by admins and the integrity opinions (廉洁意见)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from members.choices import Role

from .. import queries, workflow
from ..choices import Phase
from ..errors import SelectionError
from ..forms import (
    BulkEligibleForm,
    IntegrityOpinionForm,
)
from .common import form_errors, next_or, pick_campaign, require_role, url_for

PAGE_SIZE = 50


def _queue_campaign(request, role: str):
    require_role(request.user, role)
    rechecks = "recheck_integrity" if role == Role.INTEGRITY else "recheck_eligibility"
    campaigns = queries.queue_campaigns(request.user, rechecks=rechecks)
    return campaigns, pick_campaign(request, campaigns)


@login_required
def screening_queue(request):
    campaigns, campaign = _queue_campaign(request, Role.ADMIN)
    rows, page = [], None
    if campaign is not None:
        page = queries.screening_page(request.user, campaign, request.GET.get("page"), PAGE_SIZE)
        rows = queries.screening_queue(
            campaign, page.object_list, url_for("selection:nomination_detail")
        )
    return render(
        request,
        "selection/screening_queue.html",
        {
            "campaigns": campaigns,
            "campaign": campaign,
            "rows": rows,
            "page": page,
            # 逐级推荐: a stage's screening again, one nomination at a time on its page.
            "at_stage": campaign is not None and campaign.phase == Phase.REVIEWING,
        },
    )


@login_required
@require_POST
def screening_approve(request):
    """Declare the ticked nominations of the queue eligible. Each is its own transition (locked,
    audited, notified), so one refused — a rule now fails, another admin was quicker — leaves
    the others done, and the admin is told which and why."""
    require_role(request.user, Role.ADMIN)
    back = next_or(request, reverse("selection:screening_queue"))
    form = BulkEligibleForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(back)
    ids = form.cleaned_data["nominations"]
    done, refused = 0, []
    for nomination in queries.screenable(request.user, ids):
        try:
            workflow.declare_eligible(nomination, by=request.user, request=request)
        except SelectionError as error:
            refused.append(f"{nomination.member.name}：{error.message}")
        else:
            done += 1
    if done:
        messages.success(
            request,
            ngettext("%(count)d 条推荐资格审查通过。", "%(count)d 条推荐资格审查通过。", done)
            % {"count": done},
        )
    for message in refused:
        messages.error(request, message)
    if skipped := len(ids) - done - len(refused):
        messages.warning(
            request,
            ngettext(
                "%(count)d 条推荐已被处理或不在您的管理范围内，未作改动。",
                "%(count)d 条推荐已被处理或不在您的管理范围内，未作改动。",
                skipped,
            )
            % {"count": skipped},
        )
    return redirect(back)


@login_required
def integrity_queue(request):
    campaigns, campaign = _queue_campaign(request, Role.INTEGRITY)
    page = None
    if campaign is not None:
        page = Paginator(queries.integrity_nominations(request.user, campaign), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    return render(
        request,
        "selection/integrity_queue.html",
        {
            "campaigns": campaigns,
            "campaign": campaign,
            "page": page,
            "integrity_form": IntegrityOpinionForm(),
        },
    )
