"""Pages of a campaign run level by level (逐级推荐): the stages and their nodes, one node's
pool, confirming a node's choice and giving its pool this stage's cards."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from config.wording import form_errors
from members import scope
from members.choices import Role
from members.models import Organization
from selection import nodes as selection_nodes
from selection import notice as selection_notice
from selection import queries as selection_queries
from selection import rules as selection_rules
from selection import stages as selection_stages
from selection.choices import Phase, StageDecision
from selection.errors import SelectionError
from selection.forms import EligibleForm, ReasonForm
from selection.models import Stage, StageEntry
from selection.views.breadcrumbs import Crumb, campaign_trail, page_trail
from selection.views.common import next_or, refuse, refuse_on_page

from .. import queries, rules, services
from ..choices import FLAG_LABELS
from ..errors import ReasonRequired
from ..forms import ShortlistForm, stage_forms, stages_valid
from .choice import asked_choice, choice_key, posted_page, refused_choice, shown_refusal, turn_page

#: Phases in which the stages may still be set (the review has not started).
CONFIGURABLE_PHASES = (Phase.DRAFT, Phase.NOMINATING, Phase.SCREENING)


def _node_pool(request, pk: int, position: int, node_pk: int):
    """The campaign, stage and node, for an admin of the node or above it, the node one of the
    stage's (``selection.nodes.stage_nodes``); 404 otherwise (a sibling's pool does not exist
    for them, nor a pool at a stage where the organisation has none)."""
    campaign = selection_queries.campaign_for(request.user, pk)
    stages = selection_stages.stages_of(campaign)
    stage = next((stage for stage in stages if stage.position == position), None)
    if stage is None:
        raise Http404
    stage.last = stage is stages[-1]
    node = get_object_or_404(selection_nodes.stage_nodes(stage, campaign.owner, stages), pk=node_pk)
    if not selection_stages.can_see_node(request.user, node):
        raise Http404
    return campaign, stage, node


def _pool_url(stage: Stage, node: Organization) -> str:
    return reverse("evaluations:stage_pool", args=[stage.campaign_id, stage.position, node.pk])


def stage_trail(request, campaign, stage: Stage, node: Organization, *below: Crumb) -> list[Crumb]:
    """The trail of a node's pool at a stage (``below``: the pages under the pool). An admin of
    a node below the campaign's owner sees the campaign's title, not a link to its page."""
    pool = f"{stage.position}. {stage.get_level_display()} · {node.name}"
    return campaign_trail(
        campaign,
        Crumb(_("逐级推荐"), reverse("evaluations:stages", args=[campaign.pk])),
        Crumb(pool, _pool_url(stage, node) if below else ""),
        *below,
        manageable=selection_rules.can_manage_campaign(request.user, campaign),
    )


@login_required
def overview(request, pk: int):
    campaign = selection_queries.campaign_for(request.user, pk)
    if not scope.has_role(request.user, Role.ADMIN):
        raise PermissionDenied
    return _overview_page(request, campaign)


def _overview_page(request, campaign, typed=None, status: int = 200):
    """The stages page; ``typed``: the stages form as sent, shown again when it was refused."""
    stages = queries.overview(request.user, campaign)
    manageable = selection_rules.can_manage_campaign(request.user, campaign)
    configurable = manageable and campaign.phase in CONFIGURABLE_PHASES
    return render(
        request,
        "evaluations/stages.html",
        {
            "campaign": campaign,
            # The way back to the campaign's own page, for whoever may open it.
            **page_trail(campaign, _("逐级推荐"), manageable=manageable),
            "stages": stages,
            "stage_forms": (typed or stage_forms(None, [view.stage for view in stages]))
            if configurable
            else None,
        },
        status=status,
    )


@login_required
@require_POST
def configure(request, pk: int):
    """The campaign's manager sets its stages (before the review starts)."""
    campaign = selection_queries.campaign_for(request.user, pk)
    if not selection_rules.can_manage_campaign(request.user, campaign):
        raise PermissionDenied
    rows = stage_forms(request.POST, [])
    # Refused, the rows come back as typed (the wrong ones marked), not as they were saved.
    if not stages_valid(rows):
        messages.error(request, " ".join(form_errors(row) for row in rows if row.errors))
        return _overview_page(request, campaign, rows, status=400)
    specs = [  # what is left empty (the last level's places) is the spec's default
        selection_stages.StageSpec(
            **{k: v for k, v in row.cleaned_data.items() if v not in ("", None)}
        )
        for row in rows
        if row.cleaned_data["level"]
    ]
    try:
        saved = selection_stages.set_stages(campaign, specs, by=request.user, request=request)
    except SelectionError as error:
        return refuse_on_page(
            request, error, lambda status: _overview_page(request, campaign, rows, status=status)
        )
    messages.success(request, _("推荐层级已保存：%(count)d 级。") % {"count": len(specs)})
    if not any(spec.runs_survey for spec in specs):
        where = selection_stages.survey_stages(saved)[0]
        messages.info(
            request,
            _("未勾选开展民主测评的层级，民主测评在第一级（%(level)s）开展。")
            % {"level": where.get_level_display()},
        )
    return redirect("evaluations:stages", campaign.pk)


@login_required
@require_http_methods(["GET", "POST"])
def pool(request, pk: int, position: int, node_pk: int):
    """A page of the node's pool, the choice made so far carried in the address (``.choice``);
    without one the ranks within the quota are ticked."""
    campaign, stage, node = _node_pool(request, pk, position, node_pk)
    if request.method == "POST":
        return turn_page(request, _pool_url(stage, node))
    return _render_pool(
        request, campaign, stage, node, number=request.GET.get("page"), chosen=asked_choice(request)
    )


def _render_pool(
    request,
    campaign,
    stage,
    node,
    *,
    number,
    chosen,
    refusal="",
    reason="",
    unscored_refused=False,
    withdraw_form=None,
    status=200,
):
    """The pool's page; a refused confirmation shows it again with its choice, its reason
    typed and why it was refused (``choice.refused_choice``; ``unscored_refused`` when the
    refusal names the candidates nobody scored); a refused withdrawal form (``withdraw_form``),
    with its reason as typed and the error at the field."""
    found = queries.pool(campaign, stage, node, final=stage.last, number=number, chosen=chosen)
    # Above the first stage: the nodes below still to decide, before whom it may not
    # (``lower_stages_waiting``'s rule and words), each linked to its own pool.
    waiting_below = (
        queries.waiting_below(campaign, stage, node, request.user)
        if stage.position > 1 and (found.open or found.nothing_left)
        else None
    )
    # (a refusal for the nodes below still deciding is the notice above, not said twice)
    refusal = shown_refusal(request, "" if waiting_below else refusal, found.open)
    # Nobody may be ticked, and the services refuse an empty list too (``require_nothing_left``:
    # the final pool's rule, ``empty_list_blockers``, or the node's, ``may_choose_nobody``):
    # no confirm form, which could only be refused, but why. Asked only when nobody may be
    # ticked (the kept ranking says so without a query).
    nothing_to_choose = (
        found.open
        and not found.nothing_left
        and not found.choice.picks
        and not (
            services.empty_list_blockers(campaign) is not None
            if stage.last
            else services.may_choose_nobody(stage, node)
        )
    )
    return render(
        request,
        "evaluations/stage_pool.html",
        {
            "campaign": campaign,
            "breadcrumb": stage_trail(request, campaign, stage, node),
            "pool": found,
            "flag_labels": FLAG_LABELS,  # the flags' words (_flag.html)
            "page": found.page,
            "pool_url": _pool_url(stage, node),
            "refusal": refusal,
            "reason": reason,
            "nothing_to_choose": nothing_to_choose,
            # How many nobody scored, unless the refusal shown names them already.
            "unscored_notice": found.unscored
            and not found.final
            and not (refusal and unscored_refused),
            "choice_key": choice_key(chosen),
            # Reviewers are assigned (and first cards bring nominations in) only in 评审.
            "reviewing": campaign.phase == Phase.REVIEWING,
            "before_review": campaign.phase in CONFIGURABLE_PHASES,
            "late_above": stage.closed_at is not None
            and selection_stages.acts_above(request.user, node),
            # The nominations screened eligible whose first pool this is enter it with their
            # first card: until then the pool would look empty without saying why.
            "waiting": selection_stages.awaiting_first_cards(
                campaign, Q(branch__path__startswith=node.path)
            ).get((stage, node), 0)
            if not found.decided
            else 0,
            "waiting_below": waiting_below,
            # Nobody left to choose: the choice is an empty list, with a reason (at the final
            # stage it ends the campaign), offered once the stages below have decided.
            "confirm_empty": found.nothing_left
            and campaign.phase == Phase.REVIEWING
            and not waiting_below
            and (not found.final or selection_notice.review_began(campaign)),
            # The final stage's list confirmed: the 公示 is next, for whoever manages the campaign.
            "notice_next": found.final
            and found.decided
            and campaign.phase == Phase.REVIEWING
            and selection_rules.can_manage_campaign(request.user, campaign),
            # A confirmed choice: why it stands (the rule's words, whatever the phase), or ""
            # when it may still be withdrawn.
            "fixed": rules.stage_choice_fixed(stage, node)
            if found.decided and not found.final
            else None,
            "withdraw_errors": withdraw_form.errors.get("reason", []) if withdraw_form else [],
            "withdraw_reason": withdraw_form["reason"].value() or "" if withdraw_form else "",
        },
        status=status,
    )


@login_required
@require_POST
def confirm(request, pk: int, position: int, node_pk: int):
    campaign, stage, node = _node_pool(request, pk, position, node_pk)
    pending = stage.entries.filter(node=node, decision=StageDecision.PENDING)
    form = ShortlistForm(
        request.POST, ids=list(pending.values_list("nomination_id", flat=True)), allow_empty=True
    )
    if not form.is_valid():
        return _refused(request, campaign, stage, node, _("请选择推荐人选。"))
    chosen, reason = form.cleaned_data["chosen"], form.cleaned_data["reason"]
    try:
        if stage.last:
            stored = services.confirm_shortlist(
                campaign, chosen, by=request.user, reason=reason, request=request
            )
        else:
            stored = services.confirm_stage(
                stage, node, chosen, by=request.user, reason=reason, request=request
            )
    except SelectionError as error:
        return _refused(request, campaign, stage, node, error)
    if stage.last and not stored:
        messages.success(request, _("拟推荐名单确定为空，评选活动已结束（未经公示）。"))
    else:
        messages.success(request, _("本级推荐名单已确定：%(count)d 名。") % {"count": len(stored)})
    return redirect(_pool_url(stage, node))


def _refused(request, campaign, stage, node, error):
    """A refused choice is shown again ticked, with the reason typed, so nothing chosen on any
    page nor written is lost."""
    again = refused_choice(request, error)
    return _render_pool(
        request,
        campaign,
        stage,
        node,
        number=posted_page(request),
        unscored_refused=isinstance(error, ReasonRequired) and "unscored" in error.grounds,
        status=400,
        **again,
    )


@login_required
@require_POST
def assign(request, pk: int, position: int, node_pk: int):
    _campaign, stage, node = _node_pool(request, pk, position, node_pk)
    back = _pool_url(stage, node)
    try:
        created = services.assign_stage(stage, node, by=request.user, request=request)
    except SelectionError as error:
        return refuse(request, error, back)
    messages.success(
        request,
        ngettext(
            "已分配本级评审：%(count)d 份评分表。", "已分配本级评审：%(count)d 份评分表。", created
        )
        % {"count": created},
    )
    return redirect(back)


@login_required
@require_POST
def withdraw(request, pk: int, position: int, node_pk: int):
    """The node withdraws its confirmed choice (the workflow's refusal is a message on the
    pool's page; a reason missing or too long, the page again with the error at the field)."""
    campaign, stage, node = _node_pool(request, pk, position, node_pk)
    back = _pool_url(stage, node)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        # As a refused confirmation: the same page, the reason kept, the error at the field.
        messages.error(request, _("本级推荐名单未撤回：请按提示修改下面标出的项目。"))
        return _render_pool(
            request,
            campaign,
            stage,
            node,
            number=None,
            chosen=None,
            withdraw_form=form,
            status=400,
        )
    try:
        removed = services.withdraw_stage(
            stage, node, by=request.user, reason=form.cleaned_data["reason"], request=request
        )
    except SelectionError as error:
        return refuse(request, error, back)
    messages.success(
        request,
        ngettext(
            "本级推荐名单已撤回，%(count)d 名上报人选已移出上一级推荐池，请重新确定。",
            "本级推荐名单已撤回，%(count)d 名上报人选已移出上一级推荐池，请重新确定。",
            len(removed),
        )
        % {"count": len(removed)},
    )
    return redirect(back)


def _screen(request, pk: int, position: int, node_pk: int, nomination_pk: int, *, eligible: bool):
    """逐级推荐: the node's admin screens an entrant of its pool again (``screen_at_stage``);
    a nomination not in the node's pool at this stage is not found."""
    _campaign, stage, node = _node_pool(request, pk, position, node_pk)
    get_object_or_404(StageEntry, stage=stage, node=node, nomination_id=nomination_pk)
    back = next_or(request, _pool_url(stage, node))
    form = EligibleForm(request.POST) if eligible else ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, form_errors(form) if eligible else _("请填写理由（不超过 2000 字）。")
        )
        return redirect(back)
    reason = form.cleaned_data["override_reason" if eligible else "reason"]
    try:
        services.screen_at_stage(
            stage,
            node,
            nomination_pk,
            by=request.user,
            eligible=eligible,
            reason=reason,
            request=request,
        )
    except SelectionError as error:
        return refuse(request, error, back)
    if eligible:
        messages.success(request, _("本级资格审查通过。"))
    else:
        messages.success(request, _("本级资格审查不通过，该推荐不再参加评选。"))
    return redirect(back)


@login_required
@require_POST
def eligible(request, pk: int, position: int, node_pk: int, nomination_pk: int):
    return _screen(request, pk, position, node_pk, nomination_pk, eligible=True)


@login_required
@require_POST
def ineligible(request, pk: int, position: int, node_pk: int, nomination_pk: int):
    return _screen(request, pk, position, node_pk, nomination_pk, eligible=False)
