"""结构分析, stage by stage (逐级推荐): did the structure of the pool — gender, age band,
ethnicity, education — survive each level's cut? One table per dimension, a column per stage's
pool and one for the final choice; counted in the database (a query per dimension)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Q, Value, When
from django.utils.translation import gettext as _

from members.choices import Education, Ethnicity, Gender
from members.scope import prefixes_q
from selection.choices import StageDecision
from selection.models import Stage, StageEntry

from .queries import AGE_BANDS, _bands, _choices


@dataclass
class StageLine:
    label: str
    counts: list[int]


@dataclass
class StageTable:
    title: str
    columns: list[str]
    lines: list[StageLine]

    @property
    def totals(self) -> StageLine:
        return StageLine(
            _("合计"),
            [sum(line.counts[i] for line in self.lines) for i in range(len(self.columns))],
        )


def stage_structure(job) -> list[StageTable]:
    """The tables, or none for a campaign of one stage."""
    stages = list(Stage.objects.filter(campaign=job.campaign).order_by("position"))
    if len(stages) < 2:
        return []
    entries = StageEntry.objects.filter(stage__campaign=job.campaign).filter(
        prefixes_q(job.paths, "nomination__branch__path")
    )
    if job.nomination_id:
        entries = entries.filter(nomination_id=job.nomination_id)
    columns = [
        _("第%(n)d级·%(level)s人选") % {"n": s.position, "level": s.get_level_display()}
        for s in stages
    ] + [_("最终确定")]
    positions = [s.position for s in stages]
    reference = job.campaign.reference_date
    prefix = "nomination__member__"

    def table(title, expression, labels) -> StageTable:
        counted = (
            entries.annotate(category=expression)
            .values("stage__position", "category")
            .annotate(
                n=Count("pk"),
                chosen=Count("pk", filter=Q(decision=StageDecision.SELECTED)),
            )
            .order_by()
        )
        pool: dict[tuple[int, str], int] = {}
        chosen: dict[str, int] = {}
        for row in counted:
            pool[(row["stage__position"], row["category"])] = row["n"]
            chosen[row["category"]] = chosen.get(row["category"], 0) + row["chosen"]
        lines = [
            StageLine(str(label), [pool.get((p, key), 0) for p in positions] + [chosen.get(key, 0)])
            for key, label in labels
        ]
        return StageTable(title, columns, lines)

    return [
        table(_("按性别"), _choices(f"{prefix}gender", Gender.choices), Gender.choices),
        table(
            _("按年龄段"),
            _bands(f"{prefix}birth_date", reference, AGE_BANDS, inclusive=True),
            [(label, _(label)) for _bound, label in AGE_BANDS],
        ),
        table(
            _("按民族"),
            Case(
                When(**{f"{prefix}ethnicity": Ethnicity.HAN}, then=Value("han")),
                default=Value("minority"),
                output_field=CharField(),
            ),
            [("han", _("汉族")), ("minority", _("少数民族"))],
        ),
        table(_("按学历"), _choices(f"{prefix}education", Education.choices), Education.choices),
    ]
