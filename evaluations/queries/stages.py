"""Reads of a campaign run level by level (逐级推荐): the stages a user sees with the nodes of
each in their scope (one node's pool is ``pool``). The query counts do not grow with the rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone

from members import scope
from members.choices import Role
from members.models import Organization
from selection import nodes as selection_nodes
from selection import rules as selection_rules
from selection import stages as selection_stages
from selection.choices import UNDER_REVIEW, StageDecision, State
from selection.models import Campaign, Stage, StageEntry
from selection.rules import AWAITING_STAGE_SCREENING

from .rank import RankRow, ranking


@dataclass
class NodeStatus:
    stage: Stage
    node_id: int
    name: str
    pool: int
    pending: int
    advanced: int
    path: str = ""
    #: Entrants waiting for the stage's eligibility screening (a stage that screens again).
    unscreened: int = 0
    #: First stage: nominations screened eligible still waiting for their first card, which
    #: brings them into this node's pool.
    waiting: int = 0

    @property
    def decided(self) -> bool:
        return self.pool > 0 and self.pending == 0

    @property
    def late(self) -> bool:
        """The stage's deadline passed with this node's choice still to make (shown above): a
        nomination pending in its pool, or some waiting for their first card and nothing
        decided there (``selection.stages.undecided_nodes``, which holds the final stage)."""
        deadline = self.stage.deadline
        undecided = self.pending > 0 or (self.waiting > 0 and self.pending == self.pool)
        return undecided and deadline is not None and deadline <= timezone.now()


@dataclass
class FollowedRow:
    """A nomination from within a lower admin's scope in the pool of a node above them: who,
    from which branch, in whose pool, and where it stands there (no rank, no total: those are
    the node's, ``selection.stages.can_see_node``)."""

    nomination_id: int
    name: str
    branch: str
    node: str
    decision: str
    state: str

    @property
    def standing(self) -> str:
        """The node's decision; while none is made, a nomination ended meanwhile (a veto, a
        screening at the stage) says so rather than that it waits."""
        if self.decision == StageDecision.PENDING and self.state not in UNDER_REVIEW:
            return State(self.state).label
        return StageDecision(self.decision).label


@dataclass
class StageView:
    stage: Stage
    final: bool
    nodes: list[NodeStatus] = field(default_factory=list)
    #: The stage is decided above the user's organisations (逐级推荐): no node of it is theirs.
    above: bool = False
    #: Their nominations in the pools of nodes above them at this stage (``followed_entries_q``).
    followed: list[FollowedRow] = field(default_factory=list)
    #: Their nominations screened eligible on their way to their first pool, at a node above them.
    followed_waiting: int = 0
    #: The 民主测评 runs at this stage (``selection.stages.survey_stages``).
    survey: bool = False
    #: None of their nominations is here yet because a level below has still to decide about
    #: one (so the page does not say that theirs did not come up).
    below_undecided: bool = False


def overview(user, campaign: Campaign) -> list[StageView]:
    """Every stage of the campaign, with the nodes of each in the user's admin scope (their own
    and those below them: a parent sees which of its nodes are late), those of the first stage
    with nothing in their pool yet too (``_awaited_nodes``). Three queries, one more
    while the first stage is open, one more when nominations wait for their first card; for an
    admin below the campaign's owner, what became of their nominations at the levels above
    them (``_follow``): one or two more."""
    stages = list(Stage.objects.filter(campaign=campaign).order_by("position"))
    surveyed = selection_stages.survey_stages(stages)
    views = {
        stage.pk: StageView(stage, stage is stages[-1], survey=stage in surveyed)
        for stage in stages
    }
    counted = (
        StageEntry.objects.filter(stage__campaign=campaign)
        .filter(scope.scope_q(user, [Role.ADMIN], "node__path"))
        .values("stage_id", "node_id", "node__name", "node__path")
        .annotate(
            pool=Count("pk"),
            pending=Count("pk", filter=Q(decision=StageDecision.PENDING)),
            advanced=Count(
                "pk", filter=Q(decision__in=[StageDecision.ADVANCED, StageDecision.SELECTED])
            ),
            unscreened=Count("pk", filter=AWAITING_STAGE_SCREENING),
        )
        .order_by("stage_id", "node__path")
    )
    for row in counted:
        view = views[row["stage_id"]]
        view.nodes.append(
            NodeStatus(
                view.stage,
                row["node_id"],
                row["node__name"],
                row["pool"],
                row["pending"],
                row["advanced"],
                row["node__path"],
                row["unscreened"],
            )
        )
    if stages:
        _awaited_nodes(user, campaign, list(views.values()))
        if not scope.within(user, campaign.owner.path, Role.ADMIN):
            _follow(user, campaign, list(views.values()))
    return list(views.values())


def _follow(user, campaign: Campaign, views: list[StageView]) -> None:
    """For an admin below the campaign's owner: at each stage, their nominations in the pools
    of nodes above them, each with where it stands, and whether the stage is decided above
    them, so that an empty level says so rather than that nobody is there. One query, one
    more when a stage holds neither a node of theirs nor a nomination of theirs."""
    by_stage = {view.stage.pk: view for view in views}
    rows = (
        StageEntry.objects.filter(stage__campaign=campaign)
        .filter(selection_rules.followed_entries_q(user))
        .values_list(
            "stage_id",
            "nomination_id",
            "nomination__member__name",
            "nomination__branch__name",
            "node__name",
            "decision",
            "nomination__state",
        )
        .order_by("stage_id", "node__path", "nomination_id")
    )
    for stage_id, *row in rows:
        by_stage[stage_id].followed.append(FollowedRow(*row))
    levels = lowest = None
    for view in views:
        if view.followed or view.followed_waiting:
            view.above = not view.nodes
        elif not view.nodes:
            if levels is None:
                levels = _admin_levels(user)
                lowest = _lowest_undecided(user, campaign)
            view.above = _is_above(view.stage.level, levels)
            view.below_undecided = lowest is not None and lowest < view.stage.position


def _lowest_undecided(user, campaign: Campaign) -> int | None:
    """The lowest stage at which one of the user's nominations still waits for a decision
    there (0: screened eligible, before its first card brings it into the first stage); None
    when none waits. One query, two when none waits in a pool."""
    theirs = selection_rules.visible_nominations(user).filter(campaign=campaign)
    lowest = StageEntry.objects.filter(
        stage__campaign=campaign,
        decision=StageDecision.PENDING,
        nomination__in=theirs.filter(state__in=UNDER_REVIEW),
    ).aggregate(low=Min("stage__position"))["low"]
    if lowest is None and theirs.filter(state=State.ELIGIBLE).exists():
        return 0
    return lowest


def _admin_levels(user) -> list[str]:
    """The levels (``OrgKind``) of the organisations the user administers. One query."""
    return list(
        Organization.objects.filter(path__in=scope.paths(user, Role.ADMIN)).values_list(
            "kind", flat=True
        )
    )


def _is_above(level: str, levels: list[str]) -> bool:
    """A stage's level is higher than every one of ``levels``."""
    order = selection_stages.LEVEL_ORDER
    return bool(levels) and all(order.index(level) < order.index(own) for own in levels)


def _awaited_nodes(user, campaign: Campaign, views: list[StageView]) -> None:
    """Each stage lists the nodes at which nominations screened eligible wait for their first
    card, with how many (``waiting``; their first pool, ``selection.nodes.first_pools``: the
    first stage's, or a later one's when their branch skips a missing level): before the
    deadline the overview says they are on their way rather than that none entered, after it
    a node which let them wait shows late to the node above. The first stage lists its nodes
    with nothing in their pool yet too, every one until the stage closes (a node's admin
    reaches the pool, and forms its committee there, before the first cards bring nominations
    in). Two queries (one once the first stage has closed), one more a stage looked at when
    some wait."""
    stages = [view.stage for view in views]
    listed = {view.stage.pk: {node.node_id: node for node in view.nodes} for view in views}
    waiting = selection_stages.awaiting_first_cards(
        campaign, scope.scope_q(user, [Role.ADMIN], "branch__path"), stages
    )
    by_stage = {view.stage.pk: view for view in views}
    for (stage, node), count in waiting.items():
        if not scope.within(user, node.path, Role.ADMIN):
            # Theirs, on the way to a node above them (``_follow``).
            by_stage[stage.pk].followed_waiting += count
            continue
        nodes = listed[stage.pk]
        if node.pk not in nodes:
            nodes[node.pk] = NodeStatus(stage, node.pk, node.name, 0, 0, 0, node.path)
        nodes[node.pk].waiting = count
    first = stages[0]
    if first.closed_at is None:  # once closed, a node with nothing waiting has nothing to do
        idle = (
            selection_nodes.stage_nodes(first, campaign.owner, stages)
            .filter(scope.scope_q(user, [Role.ADMIN], "path"))
            .exclude(pk__in=list(listed[first.pk]))
            .values_list("pk", "name", "path")
        )
        listed[first.pk] |= {
            pk: NodeStatus(first, pk, name, 0, 0, 0, path) for pk, name, path in idle
        }
    for view in views:
        view.nodes = sorted(listed[view.stage.pk].values(), key=lambda node: node.path)


def node_ranking(campaign: Campaign, stage: Stage) -> dict[int, RankRow]:
    """Every node's pool at ``stage`` ranked at once, each nomination with its node's figures
    and its rank within its node: what ``ranking(campaign, stage, node)`` gives node by node
    (the stage's order restricted to a node is that node's order), in three queries whatever
    the number of nodes (the reports read every node of a stage)."""
    nodes = dict(
        StageEntry.objects.filter(stage=stage).values_list("nomination_id", "node_id").order_by()
    )
    places: dict[int, int] = {}
    rows = {}
    for row in ranking(campaign, stage):  # unvetoed first, in the stage's rank order
        if row.rank is not None:
            node = nodes.get(row.nomination_id)
            places[node] = places.get(node, 0) + 1
            row.rank = places[node]
        rows[row.nomination_id] = row
    return rows


def waiting_below(
    campaign: Campaign, stage: Stage | None, node: Organization | None, user
) -> dict | None:
    """The pools below ``node`` (below the final stage, the whole campaign's, when ``stage`` and
    ``node`` are None) still to decide (``selection.stages.undecided_below``), for the notice
    that names them (``lower_stages_waiting``'s words before and after the names) on a pool
    page and the results page, each name linked to its own pool, where its admin, or one above
    it once it is late, decides: linked only when ``user`` may open that pool (the pool page's
    own rule, ``can_see_node_path``), else named alone. The queries of ``undecided_below``,
    none for each name. None when nothing waits."""
    pools = selection_stages.undecided_below(campaign, stage, node)
    if not pools:
        return None
    before, _mark, after = selection_stages.waiting_sentence("\x1f").partition("\x1f")
    links = [
        (
            selection_stages.pool_label(pool),
            reverse("evaluations:stage_pool", args=[campaign.pk, pool.position, pool.node_id])
            if selection_stages.can_see_node_path(user, pool.path)
            else "",
        )
        for pool in pools
    ]
    return {"before": before, "after": after, "pools": links}
