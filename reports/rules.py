"""Who may ask for which report over which organisation, and who may download a job's file.

Built on :mod:`members.scope` and :mod:`selection.rules`. A job is its requester's: anyone else
gets a 404, and so does the requester once the report is no longer within their rights (a role
taken away, a scope narrowed): the check runs on every download.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members import scope
from members.choices import Role
from members.models import Organization
from selection import rules as selection_rules
from selection.choices import Phase, State
from selection.models import Campaign, Nomination, Stage
from selection.stages import LEVEL_ORDER, can_see_node_path

from .choices import SPECS, Kind
from .errors import ReportError
from .models import ReportJob

#: The reports that can be asked for one stage's pools (逐级推荐).
STAGE_KINDS = (Kind.SUMMARY, Kind.DETAIL)

#: The phases in which a campaign's scores and ranks are final: the 公示 opened (or the
#: campaign concluded). Before, in review, a submitted card may still be reopened and changed
#: (``evaluations.rules.reopen_refused``) and a confirmed shortlist revised
#: (``evaluations.services.confirm_shortlist``): a confirmed shortlist is not final yet.
RESULTS_FINAL_PHASES = (Phase.NOTICE, Phase.CONCLUDED)
#: What a report says in place of a score, a total or a rank it may not show yet.
WITHHELD = gettext_lazy("评审结束后公布")


def results_final(campaign: Campaign) -> bool:
    """The campaign's review is closed: its scores and ranks no longer change."""
    return campaign.phase in RESULTS_FINAL_PHASES


def shows_scores(user, campaign: Campaign) -> bool:
    """The one rule of scores, totals and ranks in reports (and on the nomination's page,
    through ``queries.page_scores``): the campaign's admins — the committee's side, who see
    the results page — at any time; anyone else (a branch secretary, an admin of a lower
    organisation) once the results are final. Reviewers never see other reviewers' cards
    before the round closes (DESIGN.md §1); neither does a nominee's branch."""
    return results_final(campaign) or selection_rules.can_manage_campaign(user, campaign)


def stages_carry_scores(campaign: Campaign, *, staged: bool, ranked: bool = False) -> bool:
    """逐级推荐 (``staged``): a nomination's figures are its stages' own (逐级推荐经过 on its
    page, 逐级推荐意见 on its 推荐审批表), each shown to whoever sees that node's pool
    (``shows_stage_scores``), so there is no 评审得分 box beside them: one saying 评审结束后公布
    beside a stage's rank and total the reader does see would contradict them, one of dashes
    says nothing. Once the results are final, a nomination in the final ranking (``ranked``)
    has the box, as in any campaign: the final stage's scores are the campaign's."""
    return staged and not (results_final(campaign) and ranked)


def can_print_form(user, nomination: Nomination) -> bool:
    """A 推荐审批表 of this one nomination is offered on its page: submitted, its course not
    ended (``selection.rules.course_ended``; the campaign's batch still has it), and the user
    may ask for it."""
    return (
        nomination.state != State.DRAFT
        and not selection_rules.course_ended(nomination)
        and can_request(user, Kind.FORMS, nomination.branch)
    )


def shows_stage_scores(user, node_path: str) -> bool:
    """逐级推荐: a node's ranks and totals at a stage stay the node's, whatever the phase, and so
    does the reason of its choice (the whole choice's, which may name any nominee of the pool):
    shown to whoever sees the node's pool (``selection.stages.can_see_node``), as its pool page
    and the nomination's page show them."""
    return can_see_node_path(user, node_path)


def may_unmask(user, kind: str, paths) -> bool:
    """A 推荐审批表 with the full phone, ID number and birth date: asked for by an admin of
    every organisation it covers (``members.scope.can_see_personal_data``); masked by
    default, audited when asked."""
    return kind == Kind.FORMS and all(scope.within(user, path, Role.ADMIN) for path in paths)


def kinds_for(user) -> list[str]:
    """The reports the user may ask for at all (their roles allow it somewhere)."""
    held = scope.roles(user)
    return [kind for kind, spec in SPECS.items() if held.intersection(spec.roles)]


def can_request(user, kind: str, organization: Organization) -> bool:
    return can_request_paths(user, kind, [organization.path])


def can_request_paths(user, kind: str, paths) -> bool:
    """The user may ask for ``kind`` over every one of these organisation paths."""
    spec = SPECS.get(kind)
    return spec is not None and all(scope.within(user, path, *spec.roles) for path in paths)


def require_request(
    user,
    kind: str,
    campaign: Campaign,
    organization: Organization,
    nomination: Nomination | None = None,
    *,
    paths: list[str] = (),
    stage: Stage | None = None,
) -> None:
    """Refuse (403) a report outside the user's rights; 400 for a request that makes no sense.
    ``paths``: the organisations of a job over several (the user's whole scope). ``stage``:
    the report of that stage's pools (逐级推荐) in the scope."""
    if not can_request(user, kind, organization) or not can_request_paths(user, kind, paths):
        raise ReportError(_("您无权生成该范围的这份报表。"), status=403)
    if not selection_rules.visible_campaigns(user).filter(pk=campaign.pk).exists():
        raise ReportError(_("您无权生成该范围的这份报表。"), status=403)
    if not reaches_campaign(campaign, list(paths) or [organization.path]):
        raise ReportError(
            _(
                "《%(title)s》由%(owner)s主办，所选党组织不在其中，报表将没有内容："
                "请选择%(owner)s或其下级党组织。"
            )
            % {"title": campaign.title, "owner": campaign.owner.name}
        )
    if nomination is not None:
        if kind != Kind.FORMS:
            raise ReportError(_("只有推荐审批表可以按单个人选生成。"))
        if nomination.campaign_id != campaign.pk or not organization.contains(nomination.branch):
            raise ReportError(_("该人选不在所选的活动或组织范围内。"))
        if selection_rules.course_ended(nomination):
            raise ReportError(
                _("该人选未完成资格审查，待组织部门作出资格审查结论，不能单独生成推荐审批表。")
                if selection_rules.screening_left_over(nomination)
                else _("该人选已不再参加评选，不能单独生成推荐审批表。")
            )
    if stage is not None:
        require_stage(kind, campaign, stage, list(paths) or [organization.path])


def reaches_campaign(campaign: Campaign, paths) -> bool:
    """Every organisation lies in the campaign's tree, or above its owner: a report over one
    elsewhere (another 党委's branch for a 党委's campaign) would have no rows. Refused when
    asked rather than reported empty when done: the paths decide it before any job is queued."""
    owner = campaign.owner.path
    return all(path.startswith(owner) or owner.startswith(path) for path in paths)


def require_stage(kind: str, campaign: Campaign, stage: Stage, paths: list[str]) -> None:
    """A report of one stage's pools: a report that has one (汇总表, 评审明细), of a campaign
    run level by level, over organisations at the stage's level or above it — a node's own
    pool, or the pools of the nodes below an organisation. An organisation below the stage's
    level (a 党委 asking for its 区委's pool) is refused with a message (the form offers only the
    levels some organisation of the user's may ask for, ``offered_stage_levels``, but the
    organisation chosen may be a lower one; a sibling's or parent's organisation is refused
    above, 403, for its rights)."""
    if kind not in STAGE_KINDS:
        raise ReportError(_("只有汇总表和评审明细可以按推荐层级生成。"))
    if stage.campaign_id != campaign.pk:
        raise ReportError(_("所选的推荐层级不属于该活动。"))
    if not Stage.objects.filter(campaign_id=campaign.pk, position__gt=1).exists():
        raise ReportError(_("该活动只有一级推荐，无需选择推荐层级。"))
    kinds = Organization.objects.filter(path__in=paths).values_list("kind", flat=True)
    if stage.level not in stage_levels(kinds):
        raise ReportError(
            _("所选范围在该推荐层级之下：只能查看本组织及下级组织在该层级的推荐名单。")
        )


def stage_levels(kinds) -> list[str]:
    """The levels of the stages whose pools may be asked for over organisations of these
    levels (``kinds``, together): the deepest one's and those below it. A stage above an
    organisation is a higher node's pool (a 党委's 区委), not the organisation's."""
    depth = max((LEVEL_ORDER.index(kind) for kind in kinds), default=0)
    return LEVEL_ORDER[depth:]


def offered_stage_levels(user) -> set[str]:
    """The levels of the stages the user may ask for over some organisation of theirs (the
    report form offers only these): what the top of any of their scopes may ask for. One
    query."""
    roles = {role for kind in STAGE_KINDS for role in SPECS[kind].roles}
    tops = Organization.objects.filter(path__in=scope.paths(user, *roles))
    return {level for kind in tops.values_list("kind", flat=True) for level in stage_levels([kind])}


def organizations_for(user) -> QuerySet[Organization]:
    """Organisations the user may pick as a report's scope."""
    roles = {role for kind in kinds_for(user) for role in SPECS[kind].roles}
    return scope.organizations(user, *roles) if roles else Organization.objects.none()


def organization_choices(user) -> QuerySet[Organization]:
    """The organisations offered in the report form's select: the top of each of the user's
    scopes and their direct children, a few dozen even for a city's administrator. A report for
    an organisation further down stays allowed (``organizations_for``), asked from its page."""
    roles = {role for kind in kinds_for(user) for role in SPECS[kind].roles}
    tops = scope.paths(user, *roles) if roles else []
    return Organization.objects.filter(Q(path__in=tops) | Q(parent__path__in=tops))


def own_jobs(user) -> QuerySet[ReportJob]:
    return ReportJob.objects.filter(requested_by=user)


def can_download(user, job: ReportJob) -> bool:
    return job.requested_by_id == user.pk and can_request_paths(user, job.kind, job.paths)
