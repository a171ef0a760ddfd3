"""The admin's pages for the notice, objections, approvals, revocations and the calendar (the
exemplar profiles' pages are in ``profiles``)."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.wording import form_errors
from members import masking

from .. import gallery, notice, revocations, rules, services, workdays
from ..choices import Phase, State
from ..errors import SelectionError
from ..forms import (
    CalendarDayForm,
    ConsentForm,
    NoticeForm,
    ResolveForm,
    RevokeForm,
)
from ..models import CalendarDay, Nomination, Objection, PublicNotice
from .breadcrumbs import page_trail
from .common import managed_campaign, refuse, refuse_on_page


def _url(campaign) -> str:
    return reverse("selection:notice_manage", args=[campaign.pk])


@login_required
def manage(request, pk: int):
    return _manage_page(request, managed_campaign(request, pk))


def _revoke_form(nomination_pk: int, data=None) -> RevokeForm:
    """The 撤销荣誉 form of one finalist, its field ids its own."""
    return RevokeForm(
        data,
        auto_id=f"id_%s_{nomination_pk}",
        initial={"notice_days": settings.REVOCATION_NOTICE_DAYS},
    )


def _manage_page(
    request, campaign, *, notice_form=None, failed=None, revoking=None, status: int = 200
):
    """The page; after a refused form, that form bound to what was typed, its errors at the
    fields (``failed``: the objection whose resolution was refused, ``revoking``: the
    finalist whose revocation was, each with its form attached)."""
    public_notice = PublicNotice.objects.filter(campaign=campaign).first()
    objections = (
        list(
            Objection.objects.filter(notice=public_notice)
            .select_related("nomination__member", "resolved_by")
            .order_by("status", "created_at")
        )
        if public_notice
        else []
    )
    # The objectors' contacts are masked; the campaign's manager (checked by the caller) asks
    # for them in full, audited when there is any to show.
    reveal = masking.revealed(
        request,
        may=bool(objections),
        verb="notice.objection_contacts_viewed",
        target=campaign,
        org_path=campaign.owner.path,
        after={"objection": [objection.pk for objection in objections]},
    )
    for objection in objections:
        objection.resolve_form = (
            failed.resolve_form
            if failed is not None and failed.pk == objection.pk
            else ResolveForm(auto_id=f"id_o{objection.pk}_%s")
        )
    finalists = list(
        Nomination.objects.filter(
            campaign=campaign,
            state__in=[
                State.IN_NOTICE,
                State.APPROVED,
                State.PUBLISHED,
                State.WITHDRAWN,
                State.REVOKED,
            ],
        )
        .select_related("member", "branch", "consent", "profile", "revocation")
        .order_by("branch__path", "member__name")
    )
    for finalist in finalists:
        finalist.revoke_form = (
            revoking.revoke_form
            if revoking is not None and revoking.pk == finalist.pk
            else _revoke_form(finalist.pk)
        )
    # Before the notice opens, who it will list: the confirmed shortlist, shown as a preview.
    # The form only once there is one: before, opening is refused anyway, and every
    # nomination in review would read as one the 公示 is going to leave out.
    shortlist = (
        list(
            campaign.nominations.filter(state=State.SHORTLISTED)
            .select_related("member", "branch")
            .order_by("branch__path", "member__name")
        )
        if campaign.phase == Phase.REVIEWING and public_notice is None
        else []
    )
    can_open = bool(shortlist)
    # Every candidate dropped out on the way: nothing to publicise. The page points to the
    # results page, where the empty final list is confirmed and the campaign ends with it.
    ends_empty = (
        campaign.phase == Phase.REVIEWING
        and public_notice is None
        and not shortlist
        and not notice.conclusion_blockers(campaign)
    )
    return render(
        request,
        "selection/notice_manage.html",
        {
            "campaign": campaign,
            **page_trail(campaign, _("公示与发布")),
            "notice": public_notice,
            "objections": objections,
            "reveal": reveal,
            "finalists": finalists,
            "shortlist": shortlist,
            "notice_form": notice_form or NoticeForm(initial={"starts_on": timezone.localdate()}),
            "consent_wording": gallery.DEFAULT_CONSENT_WORDING,
            "archived": rules.campaign_is_archived(campaign),
            "blockers": notice.conclusion_blockers(campaign) if public_notice else [],
            # What confirming the results and concluding wait for (the services check it too):
            # until then their buttons are shown disabled, with why.
            "approval_blocker": notice.approval_blocker(public_notice) if public_notice else "",
            "can_open": can_open,
            "ends_empty": ends_empty,
            "unranked_warning": notice.unranked_warning(campaign) if can_open else "",
            # Opening is refused while any nomination's screening is not done: said beforehand.
            "screening_unfinished": notice.screening_unfinished(campaign) if can_open else "",
        },
        status=status,
    )


@login_required
@require_POST
def open_notice(request, pk: int):
    campaign = managed_campaign(request, pk)
    form = NoticeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("公示未发布：请按提示修改下面标出的项目。"))
        return _manage_page(request, campaign, notice_form=form, status=400)
    try:
        opened = notice.open_notice(campaign, by=request.user, request=request, **form.cleaned_data)
    except SelectionError as error:
        # Refused by the workflow (e.g. a stage not decided yet): the form keeps what was typed.
        return refuse_on_page(
            request, error, partial(_manage_page, request, campaign, notice_form=form)
        )
    messages.success(
        request,
        _("公示已发布：%(start)s 至 %(end)s。")
        % {"start": opened.starts_on, "end": opened.ends_on},
    )
    return redirect(_url(campaign))


@login_required
@require_POST
def resolve(request, pk: int, objection_pk: int):
    campaign = managed_campaign(request, pk)
    item = get_object_or_404(Objection, pk=objection_pk, notice__campaign=campaign)
    form = ResolveForm(request.POST, auto_id=f"id_o{item.pk}_%s")
    if not form.is_valid():
        messages.error(request, _("异议未处理：请按提示修改下面标出的项目。"))
        item.resolve_form = form
        return _manage_page(request, campaign, failed=item, status=400)
    try:
        resolved = notice.resolve_objection(
            item,
            upheld=form.cleaned_data["decision"] == "upheld",
            reason=form.cleaned_data["reason"],
            investigator=form.cleaned_data["investigator"],
            finding=form.cleaned_data["finding"],
            answer=form.cleaned_data["answer"],
            by=request.user,
            request=request,
        )
    except SelectionError as error:
        item.resolve_form = form  # what was typed stays in the objection's form
        return refuse_on_page(request, error, partial(_manage_page, request, campaign, failed=item))
    if resolved.answer and not resolved.answer_sent_to:  # the objector left a phone number
        messages.success(
            request, _("异议已处理。反映人留的是电话号码，答复未通过电子邮件发送，请电话答复。")
        )
    else:
        messages.success(request, _("异议已处理。"))
    return redirect(_url(campaign))


@login_required
@require_POST
def approve_all(request, pk: int):
    campaign = managed_campaign(request, pk)
    try:
        count = notice.approve_all(campaign, by=request.user, request=request)
    except SelectionError as error:
        return refuse(request, error, _url(campaign))
    messages.success(request, _("%(n)d 人公示通过。") % {"n": count})
    return redirect(_url(campaign))


@login_required
@require_POST
def conclude(request, pk: int):
    """The end after the 公示. A campaign with nobody left to publicise ends with its empty
    final list, confirmed on the results page (``services.end_without_notice``)."""
    campaign = managed_campaign(request, pk)
    try:
        services.set_phase(campaign, Phase.CONCLUDED, by=request.user, request=request)
    except SelectionError as error:
        return refuse(request, error, _url(campaign))
    messages.success(request, _("评选活动已结束。"))
    return redirect(_url(campaign))


def _finalist(request, pk: int, nomination_pk: int) -> Nomination:
    campaign = managed_campaign(request, pk)
    return get_object_or_404(
        Nomination.objects.select_related("campaign__owner", "branch", "member"),
        pk=nomination_pk,
        campaign=campaign,
    )


@login_required
@require_POST
def record_consent(request, pk: int, nomination_pk: int):
    nomination = _finalist(request, pk, nomination_pk)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(_url(nomination.campaign))
    try:
        gallery.record_consent(
            nomination, wording=form.cleaned_data["wording"], by=request.user, request=request
        )
    except SelectionError as error:
        return refuse(request, error, _url(nomination.campaign))
    messages.success(request, _("已记录本人同意。"))
    return redirect(_url(nomination.campaign))


@login_required
@require_POST
def create_profile(request, pk: int, nomination_pk: int):
    nomination = _finalist(request, pk, nomination_pk)
    try:
        profile = gallery.create_profile(nomination, by=request.user, request=request)
    except SelectionError as error:
        return refuse(request, error, _url(nomination.campaign))
    return redirect("selection:profile_edit", profile.pk)


@login_required
@require_POST
def revoke(request, pk: int, nomination_pk: int):
    """撤销荣誉 (also in an archived year)."""
    nomination = _finalist(request, pk, nomination_pk)
    form = _revoke_form(nomination.pk, request.POST)
    nomination.revoke_form = form  # a refused form comes back open, as typed
    page = partial(_manage_page, request, nomination.campaign, revoking=nomination)
    if not form.is_valid():
        messages.error(
            request,
            _("未撤销%(name)s的荣誉：请按提示修改下面标出的项目。")
            % {"name": nomination.member.name},
        )
        return page(status=400)
    try:
        revocations.revoke_honour(
            nomination,
            reason=form.cleaned_data["reason"],
            document=form.cleaned_data["document"],
            notice_days=form.cleaned_data["notice_days"],
            by=request.user,
            request=request,
        )
    except SelectionError as error:
        return refuse_on_page(request, error, page)
    if form.cleaned_data["notice_days"]:
        messages.success(request, _("已撤销%(name)s的荣誉。") % {"name": nomination.member.name})
    else:  # said, as it is easily missed: the public sees no 撤销荣誉公告
        messages.success(
            request,
            _("已撤销%(name)s的荣誉。公告天数为 0，未发布撤销荣誉公告。")
            % {"name": nomination.member.name},
        )
    return redirect(_url(nomination.campaign))


@login_required
def calendar(request):
    """Every admin reads the list; those who keep it add days here and delete them."""
    if not rules.can_read_calendar(request.user):
        raise PermissionDenied
    may_keep = rules.can_keep_calendar(request.user)
    form = CalendarDayForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not may_keep:
            raise PermissionDenied
        if form.is_valid():
            workdays.add_calendar_day(by=request.user, request=request, **form.cleaned_data)
            messages.success(request, _("已保存。"))
            return redirect("selection:calendar")
        messages.error(request, form_errors(form))
        status = 400
    days = CalendarDay.objects.filter(date__year__gte=timezone.localdate().year - 1)
    return render(
        request,
        "selection/calendar.html",
        {"form": form, "days": days, "may_keep": may_keep},
        status=status,
    )


@login_required
@require_POST
def calendar_remove(request, day_pk: int):
    if not rules.can_keep_calendar(request.user):
        raise PermissionDenied
    workdays.remove_calendar_day(
        get_object_or_404(CalendarDay, pk=day_pk), by=request.user, request=request
    )
    messages.success(request, _("已删除。"))
    return redirect("selection:calendar")
