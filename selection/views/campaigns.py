from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.wording import form_errors, listing
from members import scope
from members.choices import Role

from .. import concurrency, phases, queries, rules, services
from ..choices import Phase
from ..errors import SelectionError
from ..forms import CampaignForm, PhaseForm, QuotaOverrideForm
from ..models import QuotaOverride
from .breadcrumbs import campaign_trail, page_trail
from .common import managed_campaign, refuse, version_context

#: Campaigns per page of the list: a city admin's scope gathers every district's, year after year.
PAGE_SIZE = 20


def _edit_url(pk: int) -> str:
    return reverse("selection:campaign_edit", args=[pk])


def _require_admin(user) -> None:
    if not rules.can_create_campaigns(user):
        raise PermissionDenied


@login_required
def campaign_list(request):
    _require_admin(request.user)
    page = queries.campaign_page(request.user, request.GET.get("page"), PAGE_SIZE)
    for campaign in page:  # a campaign owned above the admin is listed, not editable
        campaign.manageable = rules.can_manage_campaign(request.user, campaign)
    # Only admins come here: every one of them reads the calendar (rules.can_read_calendar).
    return render(request, "selection/campaign_list.html", {"page": page})


@login_required
def campaign_new(request):
    _require_admin(request.user)
    owners = scope.organizations(request.user, Role.ADMIN)
    form = CampaignForm(
        request.POST or None,
        owners=owners,
        initial={"year": timezone.localdate().year, "reference_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.save_campaign(
                form.save(commit=False), by=request.user, request=request
            )
        except SelectionError as error:
            return refuse(request, error, "selection:campaign_list")
        messages.success(request, _("评选活动已创建。"))
        return redirect("selection:campaign_edit", campaign.pk)
    if form.errors:  # summed up on top, as on the other forms: a long form's boxes are far apart
        messages.error(request, _("有内容需要修改，活动尚未创建：%s") % form_errors(form))
    return render(request, "selection/campaign_form.html", {"form": form, "campaign": None})


@login_required
def campaign_edit(request, pk: int):
    campaign = managed_campaign(request, pk)
    owners = scope.organizations(request.user, Role.ADMIN)
    form = CampaignForm(request.POST or None, instance=campaign, owners=owners)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_campaign(
                form.save(commit=False),
                by=request.user,
                version=concurrency.posted_version(request.POST),
                request=request,
            )
        except concurrency.StaleEdit as stale:
            # Another tab saved since: the form as typed, the page around it as saved (the
            # form wrote what was typed onto ``campaign``).
            current = managed_campaign(request, pk)
            return _edit_page(request, current, form=form, stale=stale, status=409)
        except SelectionError as error:
            return refuse(request, error, request.path)
        messages.success(request, _("已保存。"))
        return redirect("selection:campaign_edit", campaign.pk)
    if form.errors:
        messages.error(request, _("有内容需要修改，已保存的内容没有变化：%s") % form_errors(form))
    return _edit_page(request, campaign, form=form)


def _quota_form(request, campaign, data=None) -> QuotaOverrideForm:
    return QuotaOverrideForm(
        data,
        organizations=scope.organizations(request.user, Role.ADMIN).filter(
            path__startswith=campaign.owner.path
        ),
    )


def _edit_page(request, campaign, *, form=None, quota_form=None, stale=None, status: int = 200):
    """The campaign's page, with ``form`` or ``quota_form`` as typed when one was refused
    (``stale``: the campaign's form, as another tab saved the campaign since it was loaded)."""
    if form is None:
        owners = scope.organizations(request.user, Role.ADMIN)
        form = CampaignForm(instance=campaign, owners=owners)
    overrides = campaign.quotas.select_related("organization").order_by("organization__path")
    # An archived year's phase is fixed: shown as text, with no control to move it.
    archived = rules.campaign_is_archived(campaign)
    offered, held_back = ([], "") if archived else phases.phase_options(campaign)
    return render(
        request,
        "selection/campaign_form.html",
        {
            **version_context(request, campaign, _edit_url(campaign.pk), stale, form=form),
            "form": form,
            "campaign": campaign,
            "breadcrumb": campaign_trail(campaign),
            # Only the current phase to offer (评审 with results, before its 公示): no form; the
            # notes below it say why.
            "phase_form": PhaseForm(initial={"phase": campaign.phase}, offered=offered)
            if len(offered) > 1
            else None,
            "held_back": held_back,
            "archived": archived,
            "notice_by_page": campaign.phase == Phase.REVIEWING and Phase.NOTICE not in offered,
            "quota_form": quota_form or _quota_form(request, campaign),
            "overrides": overrides,
        },
        status=status,
    )


@login_required
@require_POST
def campaign_phase(request, pk: int):
    campaign = managed_campaign(request, pk)
    form = PhaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("selection:campaign_edit", pk)
    phase, reason = form.cleaned_data["phase"], form.cleaned_data["reason"].strip()
    try:  # archived (a stale tab): refused before a reason is asked for what cannot be done
        rules.require_writable(campaign)
    except SelectionError as error:
        return refuse(request, error, _edit_url(pk))
    blocker = phases.backward_blocker(campaign, phase)
    if blocker:  # refused before the confirmation is asked for
        return refuse(request, SelectionError(blocker), _edit_url(pk))
    if phases.is_backwards(campaign, phase) and not (form.cleaned_data["confirmed"] and reason):
        # Going back undoes a phase's work: say what it means, and ask for a reason.
        return render(
            request,
            "selection/campaign_phase_back.html",
            {
                "campaign": campaign,
                **page_trail(campaign, _("回退阶段")),
                "target": Phase(phase),
                "form": PhaseForm(initial={"phase": phase, "confirmed": True, "reason": reason}),
                "asked": form.cleaned_data["confirmed"],
            },
            status=200 if not form.cleaned_data["confirmed"] else 400,
        )
    try:
        services.set_phase(campaign, phase, by=request.user, reason=reason, request=request)
    except SelectionError as error:
        return refuse(request, error, _edit_url(pk))
    messages.success(
        request, _("活动已进入“%(phase)s”阶段。") % {"phase": campaign.get_phase_display()}
    )
    return redirect("selection:campaign_edit", pk)


@login_required
@require_POST
def quota_add(request, pk: int):
    campaign = managed_campaign(request, pk)
    form = _quota_form(request, campaign, request.POST)
    if not form.is_valid():
        # Said on top, marked at the fields below: the form is at the foot of a long page.
        wrong = listing(form.fields[name].label for name in form.errors if name in form.fields)
        messages.error(
            request,
            _("名额调整未添加：请修改下方“名额调整”中标出的项目（%(fields)s）。")
            % {"fields": wrong},
        )
        return _edit_page(request, campaign, quota_form=form, status=400)
    try:
        services.set_quota_override(
            campaign,
            form.cleaned_data["organization"],
            kind=form.cleaned_data["kind"],
            value=form.cleaned_data["value"],
            by=request.user,
            request=request,
        )
    except SelectionError as error:
        return refuse(request, error, _edit_url(pk))
    messages.success(request, _("名额已调整。"))
    return redirect("selection:campaign_edit", pk)


@login_required
@require_POST
def quota_remove(request, pk: int, override_pk: int):
    campaign = managed_campaign(request, pk)
    override = get_object_or_404(
        QuotaOverride.objects.select_related("campaign__owner", "organization"),
        pk=override_pk,
        campaign=campaign,
    )
    try:
        services.remove_quota_override(override, by=request.user, request=request)
    except SelectionError as error:
        return refuse(request, error, _edit_url(pk))
    messages.success(request, _("名额调整已删除。"))
    return redirect("selection:campaign_edit", pk)
