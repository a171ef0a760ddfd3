"""Nominations as the secretary and the admins handle them: the dashboard, the form, the moves
of screening and the files."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.converters import is_number
from config.wording import form_errors
from members import scope
from members.choices import Role

from .. import (
    concurrency,
    eligibility,
    queries,
    quota,
    refusals,
    rules,
    services,
    signals,
    stages,
    workflow,
)
from ..choices import Action, Phase, State
from ..errors import SelectionError
from ..forms import (
    AttachmentForm,
    EligibleForm,
    IntegrityOpinionForm,
    NominationForm,
    ReasonForm,
    not_kept,
)
from ..models import Nomination
from . import common
from .attachments import add_file, editable_by_secretary
from .common import detail_url, pick_campaign, refuse, refuse_on_page, require_role
from .submitting import failures_to_ask, saved_but, unasked_failures


@login_required
def nomination_new(request):
    user = request.user
    require_role(user, Role.SECRETARY)
    campaigns = queries.nominating_campaigns(user)
    # Where the 推荐 page (the dashboard) opens, the form opens too.
    campaign = pick_campaign(request, campaigns, default=queries.newest_nominating(user, campaigns))
    if campaign is None:
        messages.info(request, _("当前没有处于推荐阶段的评选活动。"))
        return redirect("selection:dashboard")
    member_pk = request.POST.get("member") or request.GET.get("member") or ""
    candidates = queries.member_candidates(user, campaign, request.GET.get("q", ""))
    places = queries.branch_places(user, campaign)
    full = [place for place in places if not place.left]
    if not is_number(member_pk):
        if places and len(full) == len(places):
            return _no_place(request, campaign, full)
        listed = list(candidates.exclude(organization__in=[q.branch for q in full])[:100])
        return render(
            request,
            "selection/nomination_pick_member.html",
            {
                "campaign": campaign,
                "campaigns": campaigns,
                "nominating_over": rules.nominating_over(campaign),
                "candidates": listed,
                "not_full": eligibility.short_of_full_member(campaign, listed),
                "full": full,
                "search": request.GET.get("q", "")[:50],
            },
        )
    if len(member_pk) > 18:  # no id is that long (and SQLite cannot even compare it)
        raise Http404("No such member.")
    member = candidates.prefetch_related("assessments", "discipline_records").filter(pk=member_pk)
    member = member[0] if member else None
    if member is None:
        # Already nominated (the form opened again, a bookmark): lead to that nomination.
        existing = queries.existing_nomination(user, campaign, int(member_pk))
        if existing is None:
            raise Http404("No such member.")
        messages.info(request, _("该党员已在本次评选中被推荐，已为您打开这份推荐。"))
        if rules.can_edit_nomination(user, existing):
            return redirect("selection:nomination_edit", existing.pk)
        return redirect(detail_url(existing))
    member_full = [place for place in full if place.branch.pk == member.organization_id]
    if member_full and request.method == "GET":  # a form posted is kept: saved as a draft
        return _no_place(request, campaign, member_full)
    form = NominationForm(request.POST or None, request.FILES or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination = services.create_nomination(
                campaign=campaign,
                member=member,
                by=user,
                data=data,
                photo=data.get("photo"),
                request=request,
            )
        except SelectionError as error:
            return refuse(request, error, reverse("selection:dashboard"))
        if request.POST.get("action") == "submit":
            return _submit(request, nomination, saved=True)
        messages.success(request, _("草稿已保存。"))
        return redirect("selection:nomination_edit", nomination.pk)
    if form.is_bound:
        errors = [form_errors(form), *not_kept(form)]
        messages.error(request, _("有内容需要修改，推荐尚未保存：%s") % " ".join(errors))
    preview = queries.eligibility_for(_unsaved(campaign, member))
    return render(
        request,
        "selection/nomination_form.html",
        {
            "form": form,
            "campaign": campaign,
            "member": member,
            "rules": preview,
            "nominating_over": rules.nominating_over(campaign),
        },
        status=400 if form.is_bound else 200,
    )


def _no_place(request, campaign, full):
    """No place left in the branches of ``full``: say so, not a form that cannot be submitted."""
    return render(
        request, "selection/nomination_no_place.html", {"campaign": campaign, "full": full}
    )


def _unsaved(campaign, member):
    """A nomination not yet saved, to show the eligibility facts before the first save."""
    return Nomination(campaign=campaign, member=member, branch=member.organization)


def _submit(request, nomination, *, saved: bool = False):
    """Submit; refused, back to the form with why. ``saved``: the form's content was saved just
    before (保存并提交), and the refusal says so, not in red (a red message is for nothing
    saved)."""
    edit = reverse("selection:nomination_edit", args=[nomination.pk])
    if saved and (unasked := unasked_failures(request, nomination)):
        messages.warning(request, unasked)
        return redirect(edit)
    try:
        workflow.submit(nomination, by=request.user, request=request)
    except SelectionError as error:
        if not saved or error.status == 403:
            return refuse(request, error, edit)
        messages.warning(request, saved_but(nomination, error.message))
        return redirect(edit)
    # No message: the page it lands on tells the branch's secretary (only they submit, in the
    # phases before the review) that it waits for the screening and whom to ask for a change
    # (``_refusal_shown``); a message above it would say the same again.
    return redirect(detail_url(nomination))


@login_required
def nomination_detail(request, pk: int):
    return detail_page(request, pk)


def detail_page(request, pk: int, *, integrity_form=None, status: int = 200):
    """The nomination's page, read here by its one query (``queries.nomination_page``): whoever
    shows it (the page itself, a move or an opinion refused), its annotations are there.
    ``integrity_form``: the opinion just refused, bound to what was chosen and typed, its
    errors at the fields."""
    user = request.user
    nomination = queries.nomination_page(user, pk)
    # An opinion already given comes back chosen, as it stands, for the officer changing it.
    given = getattr(nomination, "integrity_opinion", None)
    nomination.integrity_form = integrity_form or IntegrityOpinionForm(
        auto_id=f"id_n{nomination.pk}_%s",
        initial={"verdict": given.verdict, "reason": given.reason} if given else None,
    )
    left_over = rules.screening_left_over(nomination)
    can_edit = rules.can_edit_nomination(user, nomination)
    missing = workflow.missing_for_submit(nomination)
    eligibility_rules = queries.eligibility_for(nomination)
    context = {
        "nomination": nomination,
        "rules": eligibility_rules,
        "asked_failures": failures_to_ask(eligibility_rules, missing),
        "can_edit": can_edit,
        "edit_refusal": "" if can_edit else _refusal_shown(user, nomination),
        "can_delete": rules.can_delete_draft(user, nomination),
        # A returned nomination's reason asks for a fix only while one can still be made.
        "revision_open": rules.editing_open(nomination),
        # An ineligible one's reason says its place may be used again, while it can be.
        "place_free_again": quota.place_free_again(nomination),
        "can_screen": rules.can_move(user, nomination, "declare_eligible")
        and nomination.state == State.SUBMITTED
        and nomination.campaign.phase in (Phase.NOMINATING, Phase.SCREENING),
        # Past screening, an unfinished screening can only be closed (not eligible).
        "left_over": left_over,
        "screen_out_only": left_over and rules.can_move(user, nomination, "declare_ineligible"),
        # 逐级推荐: the pool's entry at a stage that screens eligibility again, for its node's
        # admins.
        "stage_screening": _stage_screening(user, nomination),
        "stage_history": _stage_history(user, nomination),
        "can_give_opinion": rules.can_give_integrity_opinion(user, nomination)
        and nomination.state in (State.SUBMITTED, State.RETURNED, State.ELIGIBLE),
        "reason_form": ReasonForm(),
        "eligible_form": EligibleForm(),
        "missing": missing,
        # A complete draft in a branch with no place left: why it cannot be submitted yet.
        "no_place": quota.no_place_refusal(nomination) if can_edit and not missing else "",
        # The 民主测评 link, the 推荐审批表 button and the 评审得分: the apps above selection's.
        "panels": _panels(user, nomination),
        "next_url": detail_url(nomination),
    }
    return render(request, "selection/nomination_detail.html", context, status=status)


def _panels(user, nomination) -> list[dict]:
    """What the apps built on selection show on the nomination's page (``signals.nomination_page``),
    each a fragment of theirs with its context."""
    answers = signals.nomination_page.send(Nomination, user=user, nomination=nomination)
    return [panel for _receiver, panel in answers if panel]


def _refusal_shown(user, nomination) -> str:
    """Why the branch's secretary cannot change the nomination (``refusals.edit_refusal``), as
    its page says it to them, unless the page says it otherwise (a screening left over, a
    nomination found ineligible): "" then."""
    if nomination.state == State.INELIGIBLE or rules.screening_left_over(nomination):
        return ""
    if not scope.within(user, nomination.branch.path, Role.SECRETARY):
        return ""
    return refusals.edit_refusal(nomination)


def _stage_screening(user, nomination):
    """The pool's entry that screens eligibility again, for its node's admins; whether there is
    one is asked with the page's nomination (``awaits_stage_screening``): no query when not."""
    if not nomination.awaits_stage_screening:
        return None
    entry = rules.stage_screening_entry(nomination)
    return entry if entry is not None and stages.can_see_node(user, entry.node) else None


def _stage_history(user, nomination):
    """Each stage the nomination entered (逐级推荐), with whether the user sees its rank and
    total there: as the node's pool shows them, to its admins and those above."""
    if not nomination.staged:
        return []
    return [(entry, stages.can_see_node(user, entry.node)) for entry in stages.history(nomination)]


@login_required
def nomination_edit(request, pk: int):
    nomination = queries.nomination_form(request.user, pk)
    if not rules.can_edit_nomination(request.user, nomination):
        if not scope.within(request.user, nomination.branch.path, Role.SECRETARY):
            raise PermissionDenied
        if not _refusal_shown(request.user, nomination):  # else the page says it already
            messages.info(request, refusals.edit_refusal(nomination))
        return redirect(detail_url(nomination))
    form = NominationForm(request.POST or None, request.FILES or None, instance=nomination)
    upload = _attachment_form(request, form)
    if request.method != "POST":
        return _edit_page(request, nomination, form, upload)
    if not form.is_valid():
        errors = [form_errors(form, upload), *not_kept(form, upload)]  # files chosen: not kept
        messages.error(request, _("有内容需要修改，已保存的内容没有变化：%s") % " ".join(errors))
        return _edit_page(request, nomination, form, upload, status=400)
    data = form.cleaned_data
    try:
        services.update_nomination(
            nomination,
            by=request.user,
            data=data,
            photo=data.get("photo"),
            version=concurrency.posted_version(request.POST),
            request=request,
        )
    except concurrency.StaleEdit as stale:  # another tab saved since: the form as typed
        return _edit_page(request, nomination, form, upload, stale=stale, status=409)
    except SelectionError as error:
        return refuse(request, error, detail_url(nomination))
    submitting = request.POST.get("action") == "submit"
    # A nomination returned for revision is no draft: what was saved is told as just saved.
    draft = nomination.state == State.DRAFT
    if upload.is_bound:
        # The upload button belongs to the nomination's form, and a file chosen goes with
        # whichever button was pressed: what was typed is saved with the file, never thrown
        # away, and a chosen file is never dropped without a word. A file refused is explained
        # at its field (and stops a submission, which would go without it).
        if not upload.is_valid():
            saved_text = _("草稿已保存，附件未上传：%s") if draft else _("已保存，附件未上传：%s")
            messages.warning(request, saved_text % form_errors(upload))
            saved = queries.nomination_form(request.user, pk)
            return _edit_page(request, saved, NominationForm(instance=saved), upload, status=400)
        refused = add_file(request, nomination, upload, saved=True)
        if refused is not None:
            return refused
        if not submitting:
            messages.success(
                request, _("草稿已保存，附件已上传。") if draft else _("已保存，附件已上传。")
            )
            return redirect("selection:nomination_edit", nomination.pk)
    if submitting:
        return _submit(request, nomination, saved=True)
    messages.success(request, _("草稿已保存。") if draft else _("已保存。"))
    return redirect("selection:nomination_edit", nomination.pk)


def _attachment_form(request, along):
    """The edit page's attachment field, bound when a file was chosen or the upload button
    pressed (posted with the nomination's form ``along``)."""
    if request.method == "POST" and (
        request.FILES.get("file") or request.POST.get("action") == "upload"
    ):
        return AttachmentForm(request.POST, request.FILES, along=along)
    return AttachmentForm()


def _edit_page(request, nomination, form, attachment_form, *, stale=None, status: int = 200):
    queries.show_on_form(nomination)
    eligibility_rules = queries.eligibility_for(nomination)
    missing = workflow.missing_for_submit(nomination)
    return render(
        request,
        "selection/nomination_form.html",
        {
            **common.version_context(request, nomination, detail_url(nomination), stale, form=form),
            "form": form,
            "nomination": nomination,
            "campaign": nomination.campaign,
            "member": nomination.member,
            "rules": eligibility_rules,
            "asked_failures": failures_to_ask(eligibility_rules, missing),
            "attachment_form": attachment_form,
            "missing": missing,
            "can_delete": rules.can_delete_draft(request.user, nomination),
        },
        status=status,
    )


@login_required
@require_POST
def nomination_delete(request, pk: int):
    """删除草稿: back to the secretary's page of the campaign, where the member is offered
    again. Anything but a draft is refused with why, on the nomination's page (409)."""
    nomination = editable_by_secretary(request, pk)
    try:
        services.delete_draft(nomination, by=request.user, request=request)
    except SelectionError as error:
        return refuse_on_page(request, error, partial(detail_page, request, nomination.pk))
    messages.success(request, _("已删除%(name)s的推荐草稿。") % {"name": nomination.member.name})
    return redirect(f"{reverse('selection:dashboard')}?campaign={nomination.campaign_id}")


@login_required
@require_POST
def nomination_submit(request, pk: int):
    return _submit(request, movable(request, pk, Action.SUBMIT))


def movable(request, pk: int, action: str):
    """The nomination, if the user may see it (else 404) and holds the move's role (else 403)."""
    nomination = queries.nomination_for(request.user, pk)
    if not rules.can_move(request.user, nomination, action):
        raise PermissionDenied
    return nomination
