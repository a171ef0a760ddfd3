"""Reads of the reminders: who has what left before (or after) a deadline, and the sign-in
reminders a user has not dismissed."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Case, Count, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from evaluations.choices import REVIEWABLE, CardState
from evaluations.models import Scorecard
from evaluations.rules import card_closed_q
from members import scope
from members.choices import MemberStatus, Role
from members.models import Member, RoleAssignment, User
from selection import stages as selection_stages
from selection.choices import QUOTA_STATES, Phase, State
from selection.models import Campaign, Nomination, Objection, QuotaOverride, Stage
from selection.nodes import is_staged, stages_of
from selection.quota import Quota, nearest_of, quotas
from selection.stages import Pool

from .choices import STAGE_KINDS, Kind
from .models import ReminderLog

#: Campaigns in which a deadline may still be ahead or work still be left.
ACTIVE_PHASES = (Phase.NOMINATING, Phase.SCREENING, Phase.REVIEWING, Phase.NOTICE)


def campaigns_to_remind() -> QuerySet[Campaign]:
    """Running campaigns whose reminders are on, with what the deadlines are read from."""
    return Campaign.objects.filter(reminders_enabled=True, phase__in=ACTIVE_PHASES).select_related(
        "owner", "notice"
    )


def open_cards(campaign: Campaign) -> dict[User, list[Scorecard]]:
    """Each active reviewer's cards not yet submitted, on nominations still taking cards, their
    list not confirmed (``evaluations.rules.card_closed``)."""
    cards = (
        Scorecard.objects.filter(
            nomination__campaign=campaign,
            nomination__state__in=REVIEWABLE,
            reviewer__is_active=True,
        )
        .exclude(state=CardState.SUBMITTED)
        .exclude(card_closed_q())
        .select_related("reviewer", "nomination__member", "nomination__branch")
        .order_by("reviewer_id", "nomination_id")
    )
    found: dict[User, list[Scorecard]] = defaultdict(list)
    for card in cards:
        found[card.reviewer].append(card)
    return dict(found)


def places_left(campaign: Campaign) -> dict[User, list[Quota]]:
    """Each active secretary's branches (in the campaign's tree) with quota places not used."""
    branches = list(scope.branches_within([campaign.owner.path]).order_by("path"))
    left = [q for q in quotas(campaign, branches).values() if q.left > 0]
    if not left:
        return {}
    above = {path for q in left for path in scope.ancestor_paths(q.branch.path)}
    seats = RoleAssignment.objects.filter(
        role=Role.SECRETARY, user__is_active=True, organization__path__in=above
    ).select_related("user", "organization")
    found: dict[User, dict[int, Quota]] = defaultdict(dict)
    for seat in seats:
        for quota in left:
            if quota.branch.path.startswith(seat.organization.path):
                found[seat.user][quota.branch.pk] = quota
    return {user: list(by_branch.values()) for user, by_branch in found.items()}


def campaign_admins(campaign: Campaign) -> list[User]:
    """The active admins of the campaign's owner, or, where it has none, of the nearest
    organisation above it that has some."""
    return nearest_admins([campaign.owner.path])[campaign.owner.path]


def nearest_admins(paths, *, above: bool = False) -> dict[str, list[User]]:
    """For each organisation path, the active admins of the nearest organisation on it or above
    it that has some (``above``: strictly above it), by path; [] where none is. One query."""
    paths = set(paths)
    wanted = {a for path in paths for a in scope.ancestor_paths(path)}
    by_org: dict[str, list[User]] = defaultdict(list)
    for seat in (
        RoleAssignment.objects.filter(
            role=Role.ADMIN, user__is_active=True, organization__path__in=wanted
        )
        .select_related("user", "organization")
        .order_by("user_id")
    ):
        by_org[seat.organization.path].append(seat.user)
    found = {}
    for path in paths:
        candidates = [a for a in scope.ancestor_paths(path) if not (above and a == path)]
        found[path] = next((by_org[a] for a in reversed(candidates) if by_org.get(a)), [])
    return found


def stage_deadlines(campaign: Campaign) -> tuple[list[Stage], dict[datetime.datetime, list]]:
    """A campaign under review run level by level (逐级推荐): its stages, and the deadlines of
    the stages below the final one (whose choice is the shortlist, reminded as the review's),
    with the stages due at each. Nothing else for another campaign. One query."""
    if campaign.phase != Phase.REVIEWING:
        return [], {}
    stages = stages_of(campaign)
    if not is_staged(stages):
        return stages, {}
    due: dict[datetime.datetime, list[Stage]] = defaultdict(list)
    for stage in stages[:-1]:
        if stage.deadline is not None:
            due[stage.deadline].append(stage)
    return stages, dict(due)


def reminded_stages(kind: str, at: list[Stage]) -> list[Stage]:
    """Of the stages due at one deadline, those a stage reminder of ``kind`` is about: every
    one before the deadline; after it, those the beat has closed (late, as the pool page and
    ``confirm_stage`` take it)."""
    if kind == Kind.STAGE_OVERDUE:
        return [stage for stage in at if stage.closed_at is not None]
    return list(at)


def told_of(pools: list[Pool], *, above: bool) -> dict[User, list[Pool]]:
    """The one rule of whom a stage reminder tells of which nodes still to decide, its digest
    and its banner alike: each node's own admins (or, where it has none, the nearest above it
    that has some), who confirm its choice (``can_see_node``); or, ``above``, the nearest admins
    above the node, who may decide for it once its deadline has passed (``acts_above``). An
    admin with nodes below that have admins of their own is told of none of those. One query
    (none for no pools)."""
    admins = nearest_admins({pool.path for pool in pools}, above=above)
    found: dict[User, list[Pool]] = defaultdict(list)
    for pool in pools:
        for user in admins[pool.path]:
            found[user].append(pool)
    return dict(found)


def pools_to_confirm(
    campaign: Campaign, stages: list[Stage], at: list[Stage], *, above: bool
) -> dict[User, list[Pool]]:
    """The nodes still to decide at the stages ``at`` (``undecided_pools``), by whom a stage
    reminder tells of them (``told_of``): what its digest lists to each recipient."""
    return told_of(selection_stages.undecided_pools(campaign, stages, at), above=above)


def pools_left_for(user, logs: list[ReminderLog]) -> dict[int, int]:
    """Of each stage reminder of ``logs`` (by id), how many of the nodes it is about for the
    user are still to decide now: those of its stages (``reminded_stages``) still undecided,
    that the user is told of by the digest's rule (``told_of``), so the banner counts what the
    e-mail listed, less what has been decided since. Two queries a campaign, and one for each
    rule of whom it tells (``above`` or not) among its reminders: a pool's admins do not
    depend on the other pools, so its undecided pools are told of once and counted per
    reminder."""
    left = {}
    by_campaign: dict[int, list[ReminderLog]] = defaultdict(list)
    for log in logs:
        by_campaign[log.campaign_id].append(log)
    for reminded in by_campaign.values():
        campaign = reminded[0].campaign
        stages, due = stage_deadlines(campaign)
        about = {log.pk: reminded_stages(log.kind, due.get(log.deadline, [])) for log in reminded}
        at = list({stage.pk: stage for found in about.values() for stage in found}.values())
        undecided = selection_stages.undecided_pools(campaign, stages, at)
        mine: dict[bool, list[Pool]] = {}  # by ``above``: the undecided pools told to the user
        for log in reminded:
            above = log.kind == Kind.STAGE_OVERDUE
            if above not in mine:
                told = told_of(undecided, above=above)
                mine[above] = [
                    pool for who, pools in told.items() if who.pk == user.pk for pool in pools
                ]
            positions = {stage.position for stage in about[log.pk]}
            left[log.pk] = sum(1 for pool in mine[above] if pool.position in positions)
    return left


def _open_cards(campaign) -> QuerySet:
    """Cards not submitted of the campaign's nominations in review (``campaign``: a campaign or
    an ``OuterRef`` to one), their list not confirmed: what reviewers are reminded of."""
    return (
        Scorecard.objects.filter(nomination__campaign=campaign, nomination__state__in=REVIEWABLE)
        .exclude(state=CardState.SUBMITTED)
        .exclude(card_closed_q())
    )


def _unscreened(campaign) -> QuerySet:
    return Nomination.objects.filter(campaign=campaign, state=State.SUBMITTED)


def _open_objections(campaign) -> QuerySet:
    return Objection.objects.filter(notice__campaign=campaign, status=Objection.Status.OPEN)


def work_left(campaign: Campaign, kind: str) -> dict[str, int]:
    """What is still open of the phase an overdue reminder is about, by what it is (only
    the non-zero counts)."""
    if kind == Kind.SCREENING_OVERDUE:
        submitted = _unscreened(campaign)
        counts = {
            "unscreened": submitted.count(),
            "opinions": submitted.filter(integrity_opinion__isnull=True).count(),
        }
    elif kind == Kind.REVIEWING_OVERDUE:
        counts = {"cards": _open_cards(campaign).count()}
    else:
        counts = {"objections": _open_objections(campaign).count()}
    return {what: n for what, n in counts.items() if n}


def banner(user, now: datetime.datetime) -> list[ReminderLog]:
    """The user's sign-in reminders: not dismissed, still current and with work still open now,
    newest first, one per deadline (the 24 h reminder, not the 72 h one as well). Each has
    ``left``: what is open now (the row's ``items`` stays what the digest listed when sent).

    One query, at most four more where a nominating reminder is among them, whatever their
    number, and a few more a campaign with a stage's reminder among them."""
    if not user.is_authenticated:
        return []
    logs = (
        ReminderLog.objects.filter(recipient=user, dismissed_at__isnull=True, show_until__gt=now)
        .annotate(left=open_now())
        .select_related("campaign__owner")
    )
    shown: dict[tuple, ReminderLog] = {}
    for log in logs:
        shown.setdefault((log.campaign_id, log.kind, log.deadline), log)
    nominating = [log for log in shown.values() if log.kind == Kind.NOMINATING]
    if nominating:
        left = places_left_for(user, [log.campaign for log in nominating])
        for log in nominating:
            log.left = left.get(log.campaign_id, 0)
    staged = [log for log in shown.values() if log.kind in STAGE_KINDS]
    if staged:
        left = pools_left_for(user, staged)
        for log in staged:
            log.left = left[log.pk]
    return [log for log in shown.values() if log.left][:5]


def _count(rows: QuerySet, campaign: str) -> Coalesce:
    """The number of ``rows`` (those of the outer reminder's campaign, the field ``campaign``)
    as a subquery, 0 where none."""
    counted = rows.order_by().values(campaign).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted), 0)


def open_now() -> Case:
    """What is open now of what each reminder is about, as an annotation: the recipient's cards
    not submitted while the campaign is in review (scoring), or what ``work_left`` counts for an
    overdue reminder. 0 for a nominating reminder and a stage's, whose places and nodes left
    are counted in Python (``places_left_for``, ``pools_left_for``)."""
    campaign = OuterRef("campaign_id")
    cards = _open_cards(campaign)
    submitted = _unscreened(campaign)
    unopined = submitted.filter(integrity_opinion__isnull=True)
    objections = _open_objections(campaign)
    mine = cards.filter(reviewer=OuterRef("recipient_id"))
    return Case(
        When(
            kind=Kind.SCORING,
            campaign__phase=Phase.REVIEWING,
            then=_count(mine, "nomination__campaign"),
        ),
        When(kind=Kind.REVIEWING_OVERDUE, then=_count(cards, "nomination__campaign")),
        When(
            kind=Kind.SCREENING_OVERDUE,
            then=_count(submitted, "campaign") + _count(unopined, "campaign"),
        ),
        When(kind=Kind.NOTICE_OVERDUE, then=_count(objections, "notice__campaign")),
        default=Value(0),
    )


def places_left_for(user, campaigns: list[Campaign]) -> dict[int, int]:
    """Quota places not used now in the user's branches (as secretary) of each campaign's tree,
    by campaign id, while it takes nominations: what a nominating reminder is about. Four
    queries for any number of campaigns (``places_left`` counts one campaign's, for all its
    secretaries)."""
    branches = list(scope.branches(user, Role.SECRETARY))
    if not branches:
        return {}
    ids = [campaign.pk for campaign in campaigns]
    full = dict(
        Member.objects.filter(status=MemberStatus.FULL, organization__in=branches)
        .order_by()
        .values_list("organization_id")
        .annotate(n=Count("*"))
    )
    used: dict[int, dict[int, int]] = defaultdict(dict)
    for campaign_id, branch_id, n in (
        Nomination.objects.filter(campaign_id__in=ids, branch__in=branches, state__in=QUOTA_STATES)
        .order_by()
        .values_list("campaign_id", "branch_id")
        .annotate(n=Count("*"))
    ):
        used[campaign_id][branch_id] = n
    above = {path for branch in branches for path in scope.ancestor_paths(branch.path)}
    overrides: dict[int, dict[str, tuple]] = defaultdict(dict)
    for campaign_id, path, kind, value in QuotaOverride.objects.filter(
        campaign_id__in=ids, organization__path__in=above
    ).values_list("campaign_id", "organization__path", "kind", "value"):
        overrides[campaign_id][path] = (kind, value)
    left = {}
    for campaign in campaigns:
        if campaign.phase != Phase.NOMINATING:
            continue
        mine = [b for b in branches if b.path.startswith(campaign.owner.path)]
        nearest = {b.pk: nearest_of(b.path, overrides[campaign.pk]) for b in mine}
        table = quotas(campaign, mine, used=used[campaign.pk], full=full, nearest=nearest)
        left[campaign.pk] = sum(q.left for q in table.values())
    return left


def reminder_for(user, pk: int) -> ReminderLog | None:
    """One of the user's own reminders (another's is as good as absent: a 404)."""
    return ReminderLog.objects.filter(recipient=user, pk=pk).first()
