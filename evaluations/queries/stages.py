"""Reads of a campaign run level by level (逐级推荐): the stages a user sees with the nodes of
each in their scope (one node's pool is ``pool``). The query counts do not grow with the rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from members import scope
from members.choices import Role
from selection import stages as selection_stages
from selection.choices import StageDecision
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
class StageView:
    stage: Stage
    final: bool
    nodes: list[NodeStatus] = field(default_factory=list)


def overview(user, campaign: Campaign) -> list[StageView]:
    """Every stage of the campaign, with the nodes of each in the user's admin scope (their own
    and those below them: a parent sees which of its nodes are late), those of the first stage
    with nothing in their pool yet too (``_first_stage_nodes``). Three queries, one more
    while the first stage is open, one more when nominations wait for their first card."""
    stages = list(Stage.objects.filter(campaign=campaign).order_by("position"))
    views = {stage.pk: StageView(stage, stage is stages[-1]) for stage in stages}
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
        _first_stage_nodes(user, campaign, views[stages[0].pk])
    return list(views.values())


def _first_stage_nodes(user, campaign: Campaign, view: StageView) -> None:
    """The first stage lists its nodes with nothing in their pool yet too: every one until the
    stage closes (a node's admin reaches the pool, and forms its committee there, before the
    first cards bring nominations in), and each node at which nominations screened eligible
    wait for their first card, with how many (``waiting``): before the deadline the overview
    says they are on their way rather than that none entered, after it a node which let them
    wait shows late to the node above. Two queries (one once the stage has closed), one more
    when some wait."""
    stage, listed = view.stage, {node.node_id: node for node in view.nodes}
    waiting = selection_stages.awaiting_first_cards(
        stage, campaign, scope.scope_q(user, [Role.ADMIN], "branch__path")
    )
    for node, count in waiting.items():
        if not scope.within(user, node.path, Role.ADMIN):
            continue
        if node.pk not in listed:
            listed[node.pk] = NodeStatus(stage, node.pk, node.name, 0, 0, 0, node.path)
        listed[node.pk].waiting = count
    if stage.closed_at is None:  # once closed, a node with nothing waiting has nothing to do
        idle = (
            selection_stages.stage_nodes(stage, campaign.owner)
            .filter(scope.scope_q(user, [Role.ADMIN], "path"))
            .exclude(pk__in=list(listed))
            .values_list("pk", "name", "path")
        )
        listed |= {pk: NodeStatus(stage, pk, name, 0, 0, 0, path) for pk, name, path in idle}
    view.nodes = sorted(listed.values(), key=lambda node: node.path)


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
