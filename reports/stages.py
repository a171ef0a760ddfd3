"""What the reports read of a campaign run level by level (逐级推荐): each nomination's figures
at every stage it reached — the node, its cards, total and rank there, the node's decision and
opinion — and the labels naming a stage. The queries do not grow with the rows: one for the
entries, three per stage for its ranking (``evaluations.queries.node_ranking``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from evaluations.queries import RankRow, node_ranking
from selection.choices import StageDecision
from selection.models import Campaign, Stage, StageEntry


@dataclass
class StageFigures:
    """One nomination at one stage. ``row``: its figures on that stage's cards (None without
    a submitted card). The rank and total are the node's snapshot once it decided (later
    cards do not change them), the live ranking's before."""

    stage: Stage
    node: str
    node_path: str
    decision: str
    reason: str
    rank: int | None
    total: Decimal | None
    row: RankRow | None

    @property
    def cards(self) -> int:
        return self.row.cards if self.row else 0


def stage_label(stage: Stage) -> str:
    """第1级·党(工)委"""
    return _("第%(n)d级·%(level)s") % {"n": stage.position, "level": stage.get_level_display()}


def stage_at(campaign: Campaign, position: int) -> Stage | None:
    """The campaign's stage at ``position`` (as the report form and the API name it)."""
    return Stage.objects.filter(campaign=campaign, position=position).first()


def decision_labels() -> dict[str, str]:
    """Translated once per report, not once per row."""
    return {code: str(label) for code, label in StageDecision.choices}


def figures(
    campaign: Campaign, stages: list[Stage], nominations: QuerySet, live: list[Stage] | None = None
) -> dict[int, list[StageFigures]]:
    """Each nomination's figures at the given stages it reached, in stage order. The cards and
    criteria are read for the ``live`` stages (all of them unless told): a report of one stage
    shows only the node, rank and decision of the stages before it."""
    ranked = {stage.pk: {} for stage in stages}
    ranked.update({stage.pk: node_ranking(campaign, stage) for stage in live or stages})
    by_pk = {stage.pk: stage for stage in stages}
    found: dict[int, list[StageFigures]] = {}
    for pk, stage_id, node, path, decision, reason, rank, total in (
        StageEntry.objects.filter(stage__in=stages, nomination__in=nominations.values("pk"))
        .order_by("stage__position")
        .values_list(
            "nomination_id",
            "stage_id",
            "node__name",
            "node__path",
            "decision",
            "reason",
            "rank",
            "total",
        )
    ):
        row = ranked[stage_id].get(pk)
        if decision == StageDecision.PENDING and row is not None:
            rank, total = row.rank, row.total
        found.setdefault(pk, []).append(
            StageFigures(by_pk[stage_id], node, path, decision, reason, rank, total, row)
        )
    return found
