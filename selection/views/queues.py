"""The staff queues: screening (资格审查) by admins and the integrity opinions (廉洁意见)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from config.wording import form_errors
from members.choices import Role

from .. import queries, rules, workflow
from ..choices import IntegrityVerdict, Phase
from ..errors import SelectionError
from ..forms import (
    BulkEligibleForm,
    IntegrityOpinionForm,
)
from .common import next_or, pick_campaign, refuse, require_role, url_for
from .nominations import detail_page

PAGE_SIZE = 50
#: Opinions already given, the latest listed under the integrity queue; all of them, a page at
#: a time, on their own page (``integrity_opinions``).
GIVEN_SHOWN = 10


def _integrity_campaign(request, params=None, *, awaited_first: bool):
    """The integrity officer's campaigns, each told with the number of opinions awaited in it
    (the picker says them), and the one shown: chosen with ?campaign= (of ``params``: the
    query of the queue a refused opinion came from). Without a choice, the queue
    (``awaited_first``) opens where opinions are awaited (``queries.first_due``), not on a
    newer campaign where nothing waits; the opinions given open on the newest, as every
    picker does."""
    require_role(request.user, Role.INTEGRITY)
    campaigns = queries.integrity_campaigns(request.user)
    default = queries.first_due(campaigns) if awaited_first else None
    return campaigns, pick_campaign(request, campaigns, params, default=default)


@login_required
def screening_queue(request):
    require_role(request.user, Role.ADMIN)
    campaigns = queries.queue_campaigns(request.user, rechecks="recheck_eligibility")
    campaign = pick_campaign(request, campaigns)
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
            # What the bulk action can take on this page, and why the rest cannot be ticked.
            "tickable": sum(row.all_passed for row in rows),
            "awaiting": sum(row.awaiting for row in rows),
            "failing": sum(not row.all_passed and not row.awaiting for row in rows),
            # 逐级推荐: a stage's screening again, one nomination at a time on its page.
            "at_stage": campaign is not None and campaign.phase == Phase.REVIEWING,
            # Past the screening phase nothing is declared eligible: each row is closed alone.
            "screening_over": campaign is not None and rules.screening_is_over(campaign),
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
    return _integrity_page(request, request.GET)


def _integrity_page(request, params, *, failed=None, status: int = 200):
    """The queue as ``params`` (campaign, page) choose it; ``failed``: the nomination whose
    opinion was just refused, its bound form shown in its row."""
    campaigns, campaign = _integrity_campaign(request, params, awaited_first=True)
    page, given = None, []
    if campaign is not None:
        given = list(queries.integrity_opinions_given(request.user, campaign)[: GIVEN_SHOWN + 1])
        page = Paginator(queries.integrity_nominations(request.user, campaign), PAGE_SIZE).get_page(
            params.get("page")
        )
        for row in page:
            row.integrity_form = (
                failed.integrity_form
                if failed is not None and failed.pk == row.pk
                else IntegrityOpinionForm(auto_id=f"id_n{row.pk}_%s")
            )
    back = params.copy()
    if campaign is not None:
        # An opinion given comes back to this campaign, not to whichever has work left then.
        back["campaign"] = campaign.pk
    query = back.urlencode()
    return render(
        request,
        "selection/integrity_queue.html",
        {
            "campaigns": campaigns,
            "campaign": campaign,
            "page": page,
            "given": given[:GIVEN_SHOWN],
            "given_more": len(given) > GIVEN_SHOWN,
            "next_url": reverse("selection:integrity_queue") + (f"?{query}" if query else ""),
            # Shown for a refused opinion, the page answers the form's address: its page links
            # go to the queue, with the queue's campaign.
            "list_url": reverse("selection:integrity_queue"),
            "list_query": params,
        },
        status=status,
    )


@login_required
def integrity_opinions(request):
    """All the opinions given in the chosen campaign, the latest first, a page at a time."""
    campaigns, campaign = _integrity_campaign(request, awaited_first=False)
    page = None
    if campaign is not None:
        opinions = queries.integrity_opinions_given(request.user, campaign)
        page = Paginator(opinions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "selection/integrity_opinions.html",
        {"campaigns": campaigns, "campaign": campaign, "page": page},
    )


@login_required
@require_POST
def nomination_integrity(request, pk: int):
    """廉洁意见 from the queue or the nomination's page; refused, that page again with the
    verdict and reason kept and the error at the field."""
    nomination = queries.nomination_for(request.user, pk)
    if not rules.can_give_integrity_opinion(request.user, nomination):
        raise PermissionDenied
    detail = reverse("selection:nomination_detail", args=[nomination.pk])
    back = next_or(request, detail)
    form = IntegrityOpinionForm(request.POST, auto_id=f"id_n{nomination.pk}_%s")
    if not form.is_valid():
        messages.error(request, _("廉洁意见未记录：请按提示修改下面标出的项目。"))
        came_from = urlsplit(back)
        if came_from.path == reverse("selection:integrity_queue"):
            nomination.integrity_form = form
            return _integrity_page(
                request, QueryDict(came_from.query), failed=nomination, status=400
            )
        return detail_page(request, nomination.pk, integrity_form=form, status=400)
    try:
        workflow.give_integrity_opinion(
            nomination,
            by=request.user,
            verdict=form.cleaned_data["verdict"],
            reason=form.cleaned_data["reason"],
            request=request,
        )
    except SelectionError as error:
        return refuse(request, error, detail)
    name = nomination.member.name
    if form.cleaned_data["verdict"] == IntegrityVerdict.VETO:
        done = _("廉洁意见已记录：%(name)s，一票否决，该推荐不再参加评选。") % {"name": name}
    else:
        # In the words of the form's choice (同意), not another word for it.
        done = _("廉洁意见已记录：%(name)s，同意。") % {"name": name}
    messages.success(request, done)
    return redirect(back)
