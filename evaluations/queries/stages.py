"""Reads of a campaign run level by level (逐级推荐): the stages a user sees with the nodes of
each in their scope (one node's pool is ``pool``). The query counts do not grow with the rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from members import scope
from members.choices import Role
from members.models import Organization
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

    @property
    def decided(self) -> bool:
        return self.pool > 0 and self.pending == 0

    @property
    def late(self) -> bool:
        """The stage's deadline passed with this node's choice still to make (shown above)."""
        deadline = self.stage.deadline
        waiting = self.pool > 0 and not self.decided
        return waiting and deadline is not None and deadline <= timezone.now()


@dataclass
class StageView:
    stage: Stage
    final: bool
    nodes: list[NodeStatus] = field(default_factory=list)


def overview(user, campaign: Campaign) -> list[StageView]:
    """Every stage of the campaign, with the nodes of each in the user's admin scope (their own
    and those below them: a parent sees which of its nodes are late). The first stage lists its
    nodes with nothing in their pool yet too: a node's admin reaches the pool, and forms its
    committee there, before the first cards bring nominations in (until the stage closes). Three
    queries."""
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
    if stages and stages[0].closed_at is None:  # once closed, an empty node has nothing to do
        first = views[stages[0].pk]
        listed = [node.node_id for node in first.nodes]
        idle = (
            Organization.objects.filter(
                kind=first.stage.level, path__startswith=campaign.owner.path
            )
            .filter(scope.scope_q(user, [Role.ADMIN], "path"))
            .exclude(pk__in=listed)
            .values_list("pk", "name", "path")
        )
        first.nodes += [NodeStatus(first.stage, pk, name, 0, 0, 0, path) for pk, name, path in idle]
        first.nodes.sort(key=lambda node: node.path)
    return list(views.values())


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
