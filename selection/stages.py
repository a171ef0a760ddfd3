"""Stages of a campaign run level by level (逐级推荐): configuring them, placing nominations in
a node's pool (which node decides for a branch at each stage is ``selection.nodes``), and
closing a stage at its deadline. The committee's choice at a stage (which
reads the ranking) is ``evaluations.services.stages``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record
from config.wording import listing
from members import scope
from members.choices import Role
from members.models import Organization

from . import rules
from .choices import UNDER_REVIEW, Phase, QuotaKind, StageDecision, State
from .errors import SelectionError
from .models import Campaign, Nomination, Stage, StageEntry
from .nodes import LEVEL_ORDER, first_pools, is_staged, stages_of


@dataclass(frozen=True)
class StageSpec:
    level: str
    quota_kind: str = QuotaKind.FIXED
    quota_value: int = 1
    deadline: datetime.datetime | None = None
    runs_survey: bool = False
    publicised: bool = False
    recheck_integrity: bool = False
    recheck_eligibility: bool = False


def current_pool(nomination: Nomination) -> tuple[Stage, Organization] | None:
    """Where a nomination of a campaign run level by level is now: the stage and node of the
    latest pool it entered, or, before its review began, its branch's first pool
    (``first_pools``: its first card brings it there). None in a one-stage campaign."""
    stages = stages_of(nomination.campaign)
    if not is_staged(stages):
        return None
    entry = (
        StageEntry.objects.filter(nomination=nomination)
        .select_related("stage", "node")
        .order_by("-stage__position")
        .first()
    )
    if entry is not None:
        return entry.stage, entry.node
    path = nomination.branch.path
    return first_pools(nomination.campaign, [path], stages)[path]


def is_final(stage: Stage) -> bool:
    return not Stage.objects.filter(
        campaign_id=stage.campaign_id, position__gt=stage.position
    ).exists()


def next_stage(stage: Stage) -> Stage | None:
    return (
        Stage.objects.filter(campaign_id=stage.campaign_id, position__gt=stage.position)
        .order_by("position")
        .first()
    )


@transaction.atomic
def set_stages(campaign: Campaign, specs: list[StageSpec], *, by, request=None) -> list[Stage]:
    """Configure the stages, lowest level first (before the review starts). The 民主测评 runs at
    the stages ``survey_stages`` names (the first when none is ticked), and they are stored
    ticked, so what the pages show is what is enforced. Nominations already in review enter the
    first stage's pool. Audited."""
    rules.require_campaign_manager(by, campaign)
    campaign = Campaign.objects.select_for_update().select_related("owner").get(pk=campaign.pk)
    if campaign.phase in (Phase.REVIEWING, Phase.NOTICE, Phase.CONCLUDED):
        raise SelectionError(_("评审开始后不能再调整推荐层级。"))
    if not specs:
        raise SelectionError(_("至少要有一个推荐层级。"))
    levels = [spec.level for spec in specs]
    if len(set(levels)) != len(levels):
        raise SelectionError(_("每个层级只能出现一次。"))
    depth = [LEVEL_ORDER.index(level) for level in levels]
    if depth != sorted(depth, reverse=True):
        raise SelectionError(_("推荐层级须从下级到上级依次排列。"))
    if levels[-1] != campaign.owner.kind:
        raise SelectionError(
            _("最后一级须为主办组织所在层级（%(level)s）。")
            % {"level": campaign.owner.get_kind_display()}
        )
    surveyed = survey_stages(specs)
    specs = [replace(spec, runs_survey=any(spec is s for s in surveyed)) for spec in specs]
    Stage.objects.filter(campaign=campaign).delete()
    stages = Stage.objects.bulk_create(
        Stage(campaign=campaign, position=i, **vars(spec)) for i, spec in enumerate(specs, 1)
    )
    if len(stages) > 1:
        for nomination in Nomination.objects.filter(
            campaign=campaign, state__in=UNDER_REVIEW
        ).select_related("branch"):
            enter(stages[0], nomination)
    Campaign.generation(campaign.pk).bump()
    record(
        "campaign.stages_set",
        actor=by,
        target=campaign,
        org_path=campaign.owner.path,
        after={"stages": levels},
        request=request,
    )
    return stages


def enter(stage: Stage, nomination: Nomination) -> StageEntry:
    """Place a nomination in its node's pool at ``stage``, or at the first later stage with a
    node for its branch when it has none there (``first_pools``: a missing level is skipped),
    once."""
    path = nomination.branch.path
    later = [s for s in stages_of(nomination.campaign_id) if s.position >= stage.position]
    at, node = first_pools(nomination.campaign, [path], later)[path]
    entry, _created = StageEntry.objects.get_or_create(
        stage=at, nomination=nomination, defaults={"node": node}
    )
    return entry


def enter_first_stage(nomination: Nomination) -> None:
    """Called as a nomination goes into review: in a campaign run level by level it enters its
    branch's first pool (``enter``). A one-stage campaign keeps no entries."""
    stages = stages_of(nomination.campaign)
    if is_staged(stages):
        enter(stages[0], nomination)


def survey_stages(stages: list) -> list:
    """The one rule of where a campaign run level by level holds its 民主测评 (stages, or the
    specs ``set_stages`` stores): at the stages ticked, else at the first. 群众评价 blends the
    survey's satisfaction rate in (DESIGN.md §4), so some stage always runs it."""
    return [stage for stage in stages if stage.runs_survey] or stages[:1]


def survey_counts_at(stage: Stage) -> bool:
    """Whether the survey's quorum and satisfaction count at ``stage``: from the first stage
    that runs it on (its results go up with the nomination); a stage below it, where no code
    can be issued yet (``in_survey_stage``), ranks on the reviewers' cards alone. One query."""
    first = survey_stages(list(Stage.objects.filter(campaign_id=stage.campaign_id)))[0]
    return stage.position >= first.position


def in_survey_stage(nomination: Nomination) -> bool:
    """A nomination's 民主测评 runs while it waits in a survey stage's pool (before review, it
    is headed for its first pool), or in its first pool when its branch skipped the survey
    stages below it (``first_pools``), so that it too comes up with its results; once that
    pool's node has decided about it, or it has moved on to a stage that runs none, the survey
    is over. A one-stage campaign: always."""
    return not survey_stages_away(nomination)


def survey_stages_away(nomination: Nomination) -> list[Stage]:
    """The stages running the 民主测评 (``survey_stages``) when ``nomination`` is not waiting
    where its survey runs (``in_survey_stage``), so that a refusal can name them without reading
    the stages again; [] while it is, and always in a one-stage campaign (known without a query
    when the nomination was loaded with ``staged``, as ``queries.nomination_page`` loads it).
    Two queries (one with its ``history`` read), one more for a nomination in no pool yet or
    in its first one above the survey stages."""
    if getattr(nomination, "staged", None) is False:
        return []
    stages = stages_of(nomination.campaign)
    if not is_staged(stages):
        return []
    surveyed = survey_stages(stages)
    path = nomination.branch.path
    entered = history(nomination)
    if not entered:
        at = first_pools(nomination.campaign, [path], stages)[path][0]
    elif entered[-1].decision != StageDecision.PENDING:
        return surveyed
    else:
        at = entered[-1].stage
    if at in surveyed:
        return []
    # Waiting above the survey stages: its survey runs there only if that is its first pool
    # (its branch skipped them); one that came up from a pool below has had its survey.
    skipped = surveyed[0].position < at.position and len(entered) <= 1
    if skipped and at == first_pools(nomination.campaign, [path], stages)[path][0]:
        return []
    return surveyed


def awaiting_first_cards(
    campaign: Campaign, within: Q | None = None, stages: list[Stage] | None = None
) -> dict[tuple[Stage, Organization], int]:
    """The nominations screened eligible and not yet in review (their first card brings them
    into their branch's first pool, ``workflow.start_review``), counted by that pool's stage
    and node (``first_pools``), which is still to decide about them. ``within``: only those of
    the branches it selects. One query when none waits; else one more a stage looked at, and
    one without ``stages``."""
    eligible = Nomination.objects.filter(campaign=campaign, state=State.ELIGIBLE)
    if within is not None:
        eligible = eligible.filter(within)
    by_branch = dict(eligible.values_list("branch__path").annotate(n=Count("pk")).order_by())
    if not by_branch:
        return {}
    pools = first_pools(campaign, by_branch, stages)
    waiting: dict[tuple[Stage, Organization], int] = {}
    for path, count in by_branch.items():
        waiting[pools[path]] = waiting.get(pools[path], 0) + count
    return waiting


def undecided_below(
    campaign: Campaign, stage: Stage | None = None, node: Organization | None = None
) -> list[Pool]:
    """The pools of the stages below ``stage`` (the final one when None), and within ``node``'s
    subtree when given, still to decide (``undecided_pools``), lowest stage first: what
    ``undecided_nodes`` names, and what the pool page links, each to its own pool. A node late
    at its stage's deadline stays here until the node above decides for it
    (``confirm_stage``). None in a one-stage campaign."""
    stages = stages_of(campaign)
    if not is_staged(stages):
        return []
    position = stages[-1].position if stage is None else stage.position
    earlier = [s for s in stages if s.position < position]
    return undecided_pools(campaign, stages, earlier, node)


def pool_label(pool: Pool) -> str:
    """A pool as the pages and messages name it: its node, with its stage."""
    return _("%(node)s（第%(position)d级）") % {"node": pool.name, "position": pool.position}


def undecided_nodes(
    campaign: Campaign, stage: Stage | None = None, node: Organization | None = None
) -> list[str]:
    """The nodes still to decide below ``stage`` (``undecided_below``), named with their
    stage, lowest stage first."""
    return [pool_label(pool) for pool in undecided_below(campaign, stage, node)]


@dataclass(frozen=True, order=True)
class Pool:
    """A node's pool at a stage, known by the stage's position and the node's path, name and
    id (what the pages name and link)."""

    position: int
    path: str
    name: str
    node_id: int


def undecided_pools(
    campaign: Campaign, stages: list[Stage], earlier: list[Stage], node: Organization | None = None
) -> list[Pool]:
    """The one rule of which nodes are still to decide at the stages ``earlier`` (of the
    campaign's ``stages``), and within ``node``'s subtree when given, lowest stage first: those
    holding a nomination still pending in their pool, and those whose pool nominations wait to
    enter with their first card while nothing is decided there (``awaiting_first_cards``).
    Two queries, and more where nominations wait for their first card."""
    if not earlier:
        return []
    pending = StageEntry.objects.filter(stage__in=earlier, decision=StageDecision.PENDING)
    within = None
    if node is not None:
        pending = pending.filter(node__path__startswith=node.path)
        within = Q(branch__path__startswith=node.path)
    fields = ("stage__position", "node__path", "node__name", "node_id")
    undecided = {Pool(*row) for row in pending.values_list(*fields).distinct()}
    waiting = [
        (at, late) for at, late in awaiting_first_cards(campaign, within, stages) if at in earlier
    ]
    if waiting:
        decided = set(
            StageEntry.objects.filter(stage__in=earlier)
            .exclude(decision=StageDecision.PENDING)
            .values_list("stage_id", "node_id")
        )
        undecided |= {
            Pool(at.position, late.path, late.name, late.pk)
            for at, late in waiting
            if (at.pk, late.pk) not in decided
        }
    return sorted(undecided)


def lower_stages_waiting(
    campaign: Campaign, stage: Stage | None = None, node: Organization | None = None
) -> str:
    """The one rule that a stage waits for the stages below it (逐级推荐): a node confirms its
    choice at ``stage`` only once every node below it at the earlier stages has decided; the
    final stage (None) confirms its shortlist, opens its 公示 and concludes only once every
    node below has (``undecided_nodes``), so that no nomination arrives late in a pool already
    decided, or is left in review in a pool nobody decides any more. Why not, naming the nodes;
    "" when nothing waits (always in a one-stage campaign)."""
    undecided = undecided_nodes(campaign, stage, node)
    if not undecided:
        return ""
    return waiting_sentence(listing(undecided))


def waiting_sentence(nodes: str) -> str:
    """``lower_stages_waiting``'s words around ``nodes`` (the pool page puts links there)."""
    return _(
        "以下组织尚未确定本级推荐名单：%(nodes)s。下级全部确定后才能继续；"
        "逾期未确定的，由上级组织代为确定。"
    ) % {"nodes": nodes}


def can_see_node(user, node: Organization) -> bool:
    """A node's pool is seen by admins of the node or above it (never a sibling's)."""
    return can_see_node_path(user, node.path)


def can_see_node_path(user, node_path: str) -> bool:
    """``can_see_node`` for a node known by its path (a report's rows carry only the path)."""
    return scope.within(user, node_path, Role.ADMIN)


def history_entries() -> QuerySet[StageEntry]:
    """Entries as a nomination's way through the stages reads them: with their stage and node,
    from the first stage on (``history``; ``queries.nomination_page`` prefetches them)."""
    return StageEntry.objects.select_related("stage", "node").order_by("stage__position")


def history(nomination: Nomination) -> list[StageEntry]:
    """The nomination's way through the stages: its entry in each stage's pool it entered,
    from the first stage on. One query; none when it was read with the nomination
    (``stage_history``, as ``queries.nomination_page`` reads it)."""
    known = getattr(nomination, "stage_history", None)
    if known is not None:
        return known
    return list(history_entries().filter(nomination=nomination))


def acts_above(user, node: Organization) -> bool:
    """An admin above the node (its parent's, or higher): may decide for a node that missed its
    stage's deadline."""
    return acts_above_path(user, node.path)


def acts_above_path(user, node_path: str) -> bool:
    """``acts_above`` for a node known by its path (a reminder's pools carry only the path)."""
    return any(
        node_path.startswith(prefix) and node_path != prefix
        for prefix in scope.paths(user, Role.ADMIN)
    )


def close_due_stages(now: datetime.datetime | None = None) -> list[int]:
    """Beat: close every stage of a campaign under review whose deadline has passed. Nodes still
    pending then show as late to the node above. Idempotent."""
    now = now or timezone.now()
    closed = []
    due = Stage.objects.filter(
        campaign__phase=Phase.REVIEWING, closed_at__isnull=True, deadline__lte=now
    ).values_list("pk", flat=True)
    for pk in due:
        with transaction.atomic():
            stage = Stage.objects.select_for_update().select_related("campaign__owner").get(pk=pk)
            if stage.closed_at is not None:
                continue
            stage.closed_at = now
            stage.save(update_fields=["closed_at"])
            Campaign.generation(stage.campaign_id).bump()
            late = sorted(
                StageEntry.objects.filter(stage=stage, decision="pending")
                .values_list("node__name", flat=True)
                .distinct()
            )
            record(
                "campaign.stage_closed",
                target=stage.campaign,
                org_path=stage.campaign.owner.path,
                after={"stage": stage.position, "late": late},
            )
            closed.append(pk)
    return closed
