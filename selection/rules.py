"""Permission predicates of the selection app: ``(user, object) -> bool``, and the matching
queryset filters. Built on :mod:`members.scope`; used by views, templates and services alike.

Objects a user may not see are 404 for them; objects they may see but not change are 403.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from members import scope
from members.choices import Role

from .choices import (
    CLOSED_STATES,
    EDITABLE_STATES,
    MOVES,
    PHASE_DEADLINES,
    SCREENING_OVER,
    SCREENING_UNFINISHED,
    UNDER_REVIEW,
    Phase,
    StageDecision,
    State,
)
from .errors import SelectionError
from .models import Campaign, Nomination, Stage, StageEntry

#: The phases in which a campaign's nominations are under eligibility review (资格审查): the
#: screening phase, and the nominating phase before it, in which a submitted nomination may
#: already be screened (``choices.MOVES``). The integrity officer's whole view (DESIGN.md §1).
ELIGIBILITY_REVIEW_PHASES = (Phase.NOMINATING, Phase.SCREENING)


def integrity_may_see(user, nomination: Nomination) -> bool:
    """The integrity officer's rule, the one place it is written (``integrity_q`` is the same
    as a filter): a nomination from a branch in their scope, submitted (not a draft), of a
    campaign under eligibility review, or (逐级推荐) waiting in the pool of a stage that asks
    for the opinion again. Past campaigns, and other later phases, are not theirs."""
    # The scope first: it is read from the user's roles, the stage's pool from the database.
    return (
        nomination.state != State.DRAFT
        and scope.within(user, nomination.branch.path, Role.INTEGRITY)
        and (
            nomination.campaign.phase in ELIGIBILITY_REVIEW_PHASES
            or recheck_stage_id(nomination) is not None
        )
    )


def at_recheck_entry(recheck: str) -> Q:
    """A pool's entry, still to be decided, at a stage that asks again for what ``recheck``
    names (a ``Stage`` field: ``recheck_integrity`` or ``recheck_eligibility``)."""
    return Q(
        stage__campaign__phase=Phase.REVIEWING,
        decision=StageDecision.PENDING,
        nomination__state__in=UNDER_REVIEW,
        **{f"stage__{recheck}": True},
    )


#: A pool's entry at a stage that asks for the integrity opinion again, still to be decided.
AT_RECHECK_ENTRY = at_recheck_entry("recheck_integrity")
#: A pool's entry at a stage that screens eligibility again, waiting for that screening.
AWAITING_STAGE_SCREENING = at_recheck_entry("recheck_eligibility") & Q(screened_at__isnull=True)
#: A nomination waiting in such a pool.
AT_RECHECK = Q(
    campaign__phase=Phase.REVIEWING,
    state__in=UNDER_REVIEW,
    stage_entries__stage__recheck_integrity=True,
    stage_entries__decision=StageDecision.PENDING,
)


def recheck_stage_id(nomination: Nomination) -> int | None:
    """The stage whose pool the nomination waits in, when that stage asks for the integrity
    opinion again (逐级推荐); else None."""
    if nomination.campaign.phase != Phase.REVIEWING:
        return None
    return (
        Nomination.objects.filter(AT_RECHECK, pk=nomination.pk)
        .values_list("stage_entries__stage_id", flat=True)
        .first()
    )


def stage_screening_entry(nomination: Nomination) -> StageEntry | None:
    """The entry of the nomination's pool at a stage that screens eligibility again, while that
    pool is still to decide (逐级推荐); else None."""
    if nomination.campaign.phase != Phase.REVIEWING:
        return None
    return (
        StageEntry.objects.filter(at_recheck_entry("recheck_eligibility"), nomination=nomination)
        .select_related("stage", "node", "screened_by")
        .first()
    )


def integrity_q(integrity: list[str]) -> Q:
    """``integrity_may_see`` as a filter on nominations, for the integrity paths given."""
    if not integrity:
        return Q(pk__in=[])
    rechecked = Nomination.objects.filter(AT_RECHECK).values("pk")
    return (
        scope.prefixes_q(integrity, "branch__path")
        & ~Q(state=State.DRAFT)
        & (Q(campaign__phase__in=ELIGIBILITY_REVIEW_PHASES) | Q(pk__in=rechecked))
    )


def nomination_scope(user) -> tuple[list[str], list[str]]:
    """What decides the nominations a user sees: the paths where they are admin or secretary,
    and the paths where they are integrity officer."""
    return scope.paths(user, Role.ADMIN, Role.SECRETARY), scope.paths(user, Role.INTEGRITY)


def nominations_where(managed: list[str], integrity: list[str]) -> Q:
    """Nominations the user may see: admins and secretaries over the nominating branch;
    integrity officers as ``integrity_may_see`` says."""
    return scope.prefixes_q(managed, "branch__path") | integrity_q(integrity)


def nominations_q(user) -> Q:
    return nominations_where(*nomination_scope(user))


def visible_nominations(user) -> QuerySet[Nomination]:
    return Nomination.objects.filter(nominations_q(user))


def followed_entries_q(user) -> Q:
    """逐级推荐: pool entries (``StageEntry``) a lower admin follows up the levels: nominations
    they may see (``nominations_q``, the one rule) in the pool of a node outside their admin
    scope (a node above them decides there). What their own nominations became at that level,
    never anything else of that node's pool: its other entrants and its ranks stay the node's
    (``selection.stages.can_see_node``)."""
    return Q(nomination__in=visible_nominations(user)) & ~scope.scope_q(
        user, [Role.ADMIN], "node__path"
    )


def can_view_nomination(user, nomination: Nomination) -> bool:
    path = nomination.branch.path
    if scope.within(user, path, Role.ADMIN, Role.SECRETARY):
        return True
    return integrity_may_see(user, nomination)


def editing_open(nomination: Nomination, now: datetime.datetime | None = None) -> bool:
    """Whether the nomination may still be changed and submitted: a draft while the campaign
    takes nominations (the phase moves on at its deadline); a nomination returned for revision
    in the phase it was returned in (推荐 or 资格审查), until that phase's deadline. (Returned
    before the phase was recorded: as if in the nominating phase.)"""
    campaign = nomination.campaign
    if nomination.state == State.DRAFT:
        return campaign.phase == Phase.NOMINATING
    if nomination.state != State.RETURNED:
        return False
    phase = nomination.returned_in or Phase.NOMINATING
    if campaign.phase != phase:
        return False
    deadline = getattr(campaign, PHASE_DEADLINES[phase])
    return deadline is None or (now or timezone.now()) < deadline


def nominating_over(campaign: Campaign) -> bool:
    """The campaign's nominating is over: past its 推荐 phase (from the screening on), no place
    is left to use, so a secretary's page counts the places used, not those left."""
    return campaign.phase not in (Phase.DRAFT, Phase.NOMINATING)


def draft_too_late(nomination: Nomination, campaign: Campaign | None = None) -> bool:
    """A draft never submitted before nominating closed: it can no longer be submitted nor
    deleted (``editing_open``); only an admin stepping the campaign back to 推荐 lets it be.
    ``campaign``: the nomination's, where the caller has it already."""
    return nomination.state == State.DRAFT and nominating_over(campaign or nomination.campaign)


def can_edit_nomination(user, nomination: Nomination) -> bool:
    return (
        nomination.state in EDITABLE_STATES
        and editing_open(nomination)
        and scope.within(user, nomination.branch.path, Role.SECRETARY)
    )


def can_delete_draft(user, nomination: Nomination) -> bool:
    """删除草稿: the branch's secretary discards a draft never submitted, while the campaign
    takes nominations. A nomination returned for revision is no draft: it keeps its place in
    the quota and its history, and is fixed and resubmitted instead."""
    return nomination.state == State.DRAFT and can_edit_nomination(user, nomination)


def can_move(user, nomination: Nomination, action: str) -> bool:
    """The user holds the role the transition table asks for, over the nominating branch."""
    return scope.within(user, nomination.branch.path, MOVES[action].role)


def screening_left_over(nomination: Nomination) -> bool:
    """The nomination's screening was left unfinished when the review began (submitted and
    never screened, or returned and not resubmitted in time): it cannot join the review under
    way (or the 公示 after it), and the admin closes it as ineligible, with a reason
    (``Action.DECLARE_INELIGIBLE``), from the screening queue; a campaign with nobody left to
    publicise cannot end before (``notice.conclusion_blockers``). Not in an archived year:
    that is read-only. ``SCREENING_LEFT_OVER`` is the same as a filter."""
    return nomination.state in SCREENING_UNFINISHED and screening_is_over(nomination.campaign)


def screening_is_over(campaign: Campaign) -> bool:
    """Past the screening phase, not archived: a nomination of the campaign still waiting for
    its screening is left over (``screening_left_over``)."""
    return campaign.phase in SCREENING_OVER and not campaign_is_archived(campaign)


#: ``screening_left_over`` as a filter on nominations.
SCREENING_LEFT_OVER = Q(
    state__in=SCREENING_UNFINISHED,
    campaign__phase__in=SCREENING_OVER,
    campaign__archived_at__isnull=True,
)


def screening_left_over_for(user) -> Q:
    """``SCREENING_LEFT_OVER`` in the user's admin scope, where they close them: what the
    screening queue lists and the campaign list and the 推荐 page count."""
    return SCREENING_LEFT_OVER & scope.prefixes_q(scope.paths(user, Role.ADMIN), "branch__path")


def can_give_integrity_opinion(user, nomination: Nomination) -> bool:
    return integrity_may_see(user, nomination)


def can_run_survey(user, nomination: Nomination) -> bool:
    """民主测评: the nominating branch's secretary and the admins over it issue codes and read
    results, once the nomination has been submitted."""
    return nomination.state != State.DRAFT and scope.within(
        user, nomination.branch.path, Role.SECRETARY, Role.ADMIN
    )


def course_ended(nomination: Nomination) -> bool:
    """The nomination stopped short of the honour (资格审查未通过, 一票否决, 未入选, 撤销推荐), or
    its screening was left over (``screening_left_over``: all that is left is the admin's
    conclusion, ineligible): what carries a nomination forward — its 民主测评 (its results stay
    readable), a 推荐审批表 of it alone — is no longer offered on its page, and refused when
    asked for anyway
    (``reports.rules.require_request``, ``evaluations.rules.survey_closed``)."""
    return nomination.state in CLOSED_STATES or screening_left_over(nomination)


def can_nominate_in(user, branch_path: str) -> bool:
    return scope.within(user, branch_path, Role.SECRETARY)


def _above(paths) -> list[str]:
    return sorted({path for org_path in paths for path in scope.ancestor_paths(org_path)})


#: Roles that see the campaigns of the organisations above (and at) theirs. Not the integrity
#: officer's (only campaigns under eligibility review: ``campaigns_where``), nor the auditor's:
#: the audit trail is all an auditor sees (DESIGN.md §1).
CAMPAIGN_ROLES = (Role.ADMIN, Role.SECRETARY, Role.REVIEWER)


def campaign_scope(user) -> tuple[list[str], list[str], list[str], list[str]]:
    """What decides the campaigns a user sees (``campaigns_where``): the paths of every
    organisation above (and at) each of theirs in ``CAMPAIGN_ROLES``, the paths they administer;
    and, for the integrity officer's role, the paths above (and at) theirs and their own paths."""
    assignments = scope.assignments(user)
    integrity = scope.paths(user, Role.INTEGRITY)
    return (
        _above(path for role, path in assignments if role in CAMPAIGN_ROLES),
        scope.paths(user, Role.ADMIN),
        _above(integrity),
        integrity,
    )


def campaigns_where(
    above: list[str],
    administered: list[str],
    integrity_above: list[str] = (),
    integrity: list[str] = (),
) -> Q:
    """Campaigns whose owner is above one of the user's organisations, once opened (past 筹备),
    or inside an admin's (``can_manage_campaign``: its admins see it from the start); for an
    integrity officer, campaigns under eligibility review (or asking for the opinion again at
    a stage) whose owner is above their organisation or inside it (a district's or a
    committee's own campaign is theirs too).

    A campaign in 筹备 is its admins' alone: nobody else has anything to do in it yet, and its
    settings (quotas, dates, rules) may still change; for everyone else it does not exist
    (404) until it opens for nominations."""
    seen = (Q(owner__path__in=above) & ~Q(phase=Phase.DRAFT)) | scope.prefixes_q(
        administered, "owner__path"
    )
    if integrity:
        # 逐级推荐: and campaigns under review with a stage that asks for the opinion again.
        rechecking = Stage.objects.filter(
            recheck_integrity=True, campaign__phase=Phase.REVIEWING
        ).values("campaign_id")
        seen |= (Q(phase__in=ELIGIBILITY_REVIEW_PHASES) | Q(pk__in=rechecking)) & (
            Q(owner__path__in=integrity_above) | scope.prefixes_q(integrity, "owner__path")
        )
    return seen


def reviewed_campaigns(user) -> QuerySet:
    """The ids of the campaigns the user holds score cards in (a subquery): a committee's
    member may score in a campaign their own organisation does not reach."""
    return Nomination.objects.filter(scorecards__reviewer=user).values("campaign_id")


def campaigns_q(user) -> Q:
    """The campaigns a user sees, the pages and the API alike: ``campaigns_where`` over their
    scope, and a reviewer's campaigns of their cards."""
    seen = campaigns_where(*campaign_scope(user))
    if scope.has_role(user, Role.REVIEWER):
        seen |= Q(pk__in=reviewed_campaigns(user))
    return seen


def visible_campaigns(user) -> QuerySet[Campaign]:
    return Campaign.objects.filter(campaigns_q(user))


def campaign_is_archived(campaign: Campaign) -> bool:
    """An archived year is read-only: its documents are frozen (``archives``)."""
    return campaign.archived_at is not None


def require_writable(campaign: Campaign) -> None:
    """For every service that writes a campaign's data (the campaign, its quotas, nominations,
    moves, the notice, profiles, the review): refuse (409) once the campaign is archived.
    The one exception, revoking an honour, is a move marked ``after_archive``."""
    if campaign_is_archived(campaign):
        raise SelectionError(
            _("《%(title)s》已于 %(date)s 归档，只能查看，不能再修改。")
            % {
                "title": campaign.title,
                "date": timezone.localtime(campaign.archived_at).date(),
            },
            status=409,
        )


def can_manage_campaign(user, campaign: Campaign) -> bool:
    return scope.within(user, campaign.owner.path, Role.ADMIN)


def require_campaign_manager(user, campaign: Campaign) -> None:
    """For services that change a campaign: refuse (403) unless the user may manage it, and
    (409) once it is archived."""
    if not can_manage_campaign(user, campaign):
        raise SelectionError(_("您只能管理本组织范围内的评选活动。"), status=403)
    require_writable(campaign)


def require_campaign_editor(user, campaign: Campaign) -> None:
    """For creating or editing a campaign's settings: the user manages it with the owner it is
    given and, for an edit, with the owner it has (moving a campaign from above into one's own
    subtree would be taking it over)."""
    require_campaign_manager(user, campaign)
    if campaign.pk is not None:
        require_campaign_manager(user, Campaign.objects.select_related("owner").get(pk=campaign.pk))


def can_create_campaigns(user) -> bool:
    return scope.has_role(user, Role.ADMIN)


def can_read_calendar(user) -> bool:
    """节假日与调休: every admin reads the list the notice's working days are counted by (it is
    public through the API as well). The /campaigns/ and notice pages, admins' only, link to it."""
    return scope.has_role(user, Role.ADMIN)


def can_keep_calendar(user) -> bool:
    """Only the admins of a whole tree (市委/区委组织部) add and delete its days."""
    return scope.covers_whole_tree(user, Role.ADMIN)
