"""Reads of a campaign run level by level (逐级推荐): the stages a user sees with the nodes of
each in their scope, and one node's pool at one stage with what each nomination brought up from
the stages below. The query counts do not grow with the rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from members import scope
from members.choices import Role
from members.models import Organization
from selection import stages as selection_stages
from selection.choices import QuotaKind, StageDecision
from selection.models import Campaign, Stage, StageEntry

from .rank import RankRow, ranking


@dataclass
class NodeStatus:
    stage: Stage
    node_id: int
    name: str
    pool: int
    pending: int
    advanced: int

    @property
    def decided(self) -> bool:
        return self.pending == 0

    @property
    def late(self) -> bool:
        """The stage's deadline passed with this node's choice still to make (shown above)."""
        deadline = self.stage.deadline
        return not self.decided and deadline is not None and deadline <= timezone.now()


@dataclass
class StageView:
    stage: Stage
    final: bool
    nodes: list[NodeStatus] = field(default_factory=list)


def overview(user, campaign: Campaign) -> list[StageView]:
    """Every stage of the campaign, with the nodes of each in the user's admin scope (their own
    and those below them: a parent sees which of its nodes are late). Two queries."""
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
            )
        )
    return list(views.values())


@dataclass
class PoolRow:
    entry: StageEntry
    result: RankRow | None
    history: list[StageEntry]

    @property
    def choosable(self) -> bool:
        return self.result is not None and self.result.shortlistable


@dataclass
class Pool:
    campaign: Campaign
    stage: Stage
    node: Organization
    rows: list[PoolRow]
    quota: int | None
    final: bool

    @property
    def decided(self) -> bool:
        return bool(self.rows) and all(
            row.entry.decision != StageDecision.PENDING for row in self.rows
        )


def pool(campaign: Campaign, stage: Stage, node: Organization) -> Pool:
    """One node's pool at one stage: its ranking on this stage's cards, each entry's decision,
    and every earlier stage's entry of the same nominations (their history). Five queries (six
    with a quota by ratio), whatever the size of the pool."""
    results = {row.nomination_id: row for row in ranking(campaign, stage, node)}
    entries = list(
        StageEntry.objects.filter(stage=stage, node=node).select_related(
            "nomination__member", "nomination__branch"
        )
    )
    earlier: dict[int, list[StageEntry]] = {}
    for entry in (
        StageEntry.objects.filter(
            nomination__in=[e.nomination_id for e in entries], stage__position__lt=stage.position
        )
        .select_related("stage", "node")
        .order_by("stage__position")
    ):
        earlier.setdefault(entry.nomination_id, []).append(entry)
    final = not Stage.objects.filter(campaign=campaign, position__gt=stage.position).exists()
    rows = [
        PoolRow(entry, results.get(entry.nomination_id), earlier.get(entry.nomination_id, []))
        for entry in entries
    ]
    rows.sort(
        key=lambda r: (
            r.result is None or r.result.rank is None,
            r.result.rank if r.result and r.result.rank else 0,
            r.entry.nomination_id,
        )
    )
    if final:
        limit = campaign.exemplar_count
    elif stage.quota_kind == QuotaKind.RATIO:
        limit = selection_stages.node_quota(stage, node)
    else:
        limit = int(stage.quota_value)
    return Pool(campaign, stage, node, rows, limit, final)
