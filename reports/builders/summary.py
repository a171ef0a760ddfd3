"""汇总表: every nomination of the scope with its four criteria, satisfaction, total and rank
(the campaign-wide rank of DESIGN.md §4), ranked ones first."""

from __future__ import annotations

from django.utils.translation import gettext as _

from config.wording import listing
from evaluations import queries as review
from evaluations.choices import FLAG_LABELS
from selection.choices import State
from selection.stages import is_staged, stages_of

from ..queries import nominations_of
from ..rules import WITHHELD, shows_scores, shows_stage_scores
from ..stages import StageFigures, decision_labels, figures, stage_label
from .common import header_row, number, workbook


def headers(criteria) -> list[str]:
    return [
        _("排名"),
        _("党员编号"),
        _("姓名"),
        _("所在党组织"),
        _("状态"),
        _("评审人数"),
        *[c.label for c in criteria],
        _("群众满意度"),
        _("总分"),
        _("提示"),
    ]


def rounding_rule() -> str:
    """The rule the figures follow, stated with them (as on the results page)."""
    return _(
        "计分规则：每项得分精确计算后四舍五入到 0.01 分（恰为 0.005 时进位），"
        "总分为四项四舍五入后得分之和。"
    )


def stage_columns(stages) -> list[str]:
    """逐级推荐: a group of columns per stage, for the figures of each stage reached."""
    return [
        _("%(stage)s：%(column)s") % {"stage": stage_label(stage), "column": column}
        for stage in stages
        for column in (_("推荐组织"), _("评审人数"), _("总分"), _("排名"), _("决定"), _("意见"))
    ]


def stage_values(reached: list[StageFigures], stages, decisions, shown) -> list:
    """A row's figures at each stage, empty for the stages it did not reach; its cards, total,
    rank and the node's reason at a stage only where ``shown(step)``
    (``rules.shows_stage_scores``)."""
    at = {step.stage.pk: step for step in reached}
    values = []
    for stage in stages:
        step = at.get(stage.pk)
        if step is None:
            values += [None] * 6
            continue
        cells = [step.cards, number(step.total), step.rank] if shown(step) else [str(WITHHELD)] * 3
        values += [step.node, *cells, decisions[step.decision], step.reason if shown(step) else ""]
    return values


def trail(reached: list[StageFigures], decisions, shown) -> str:
    """Each stage's node, rank and decision: 东区机关党委 第1名 推荐上报 → 江城市委 第1名 …
    (the rank only where ``shown(step)``)."""
    steps = []
    for step in reached:
        if not shown(step):
            steps.append(f"{step.node} {decisions[step.decision]}")
            continue
        place = _("第%(rank)s名") % {"rank": step.rank} if step.rank is not None else "—"
        steps.append(f"{step.node} {place} {decisions[step.decision]}")
    return " → ".join(steps)


def build(job, path, progress) -> int:
    """The campaign's result (its final ranking; for a campaign run level by level, each
    stage's figures too), or with ``job.stage`` the pools of that stage's nodes in the job's
    scope, on that stage's cards and ranks. Figures the requester may not see yet
    (``rules.shows_scores``) read 评审结束后公布, and the rows are then in the order of the
    organisations, not of the ranks."""
    campaign = job.campaign
    user = job.requested_by
    withheld_str = str(WITHHELD)
    withheld: set[int] = set()  # the nominations whose figures read WITHHELD
    everyone = shows_scores(user, campaign)  # the campaign's ranking (not a stage's)

    def shown(step: StageFigures) -> bool:
        return shows_stage_scores(user, step.node_path)

    criteria = review.criteria_of(campaign)
    stages = stages_of(campaign)
    nominations = nominations_of(job)
    if job.stage_id:
        stage = next(s for s in stages if s.pk == job.stage_id)
        stages = [s for s in stages if s.position <= stage.position]
    reached = {}
    if job.stage_id:
        reached = figures(campaign, stages, nominations, live=[stage])
    elif is_staged(stages):
        reached = figures(campaign, stages, nominations)
    here = {}
    if job.stage_id:
        here = {pk: steps[-1] for pk, steps in reached.items() if steps[-1].stage.pk == stage.pk}
        withheld = {pk for pk, f in here.items() if not shown(f)}
        ranked = {pk: (f.rank, f.total, f.row) for pk, f in here.items() if pk not in withheld}
        extra = [_("推荐组织"), _("本级决定"), _("本级意见")]
        extra += [_("下级推荐经过")] if stage.position > 1 else []
    else:
        rows = review.ranking(campaign) if everyone else []
        ranked = {row.nomination_id: (row.rank, row.total, row) for row in rows}
        extra = [*stage_columns(stages), _("逐级推荐")] if reached else []
    entries = list(
        nominations.values_list(
            "pk", "member__member_no", "member__name", "branch__name", "branch__path", "state"
        )
    )
    if not job.stage_id and not everyone:
        withheld = {entry[0] for entry in entries}

    def order(entry):
        rank = ranked[entry[0]][0] if entry[0] in ranked else None
        node = here[entry[0]].node_path if entry[0] in here else ""
        return (node, rank is None, rank or 0, entry[4], entry[2])

    entries.sort(key=order)
    book = workbook(path)
    book.set_properties({"title": title(job)})
    sheet = book.add_worksheet(_("汇总表"))
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 4, 16)
    sheet.set_column(5, 9 + len(criteria), 11)
    header_row(sheet, 0, headers(criteria) + extra, book)
    number_format = book.formats_["number"]
    # Translated once, not once per row (5,000 rows made 10,000 gettext calls).
    states = {code: str(label) for code, label in State.choices}
    flags = {code: str(label) for code, label in FLAG_LABELS.items()}
    decisions = decision_labels()
    total = len(entries)
    ranked_count = 0
    for index, (pk, member_no, name, branch, _path, state) in enumerate(entries, start=1):
        rank, points, row = ranked.get(pk, (None, None, None))
        if pk in withheld:
            # 评审人数, each criterion, 群众满意度, 总分, 提示
            cells = [withheld_str] * (len(criteria) + 4)
            values = [withheld_str, member_no, name, branch, states.get(state, state), *cells]
        else:
            values = [
                rank,
                member_no,
                name,
                branch,
                states.get(state, state),
                row.cards if row else 0,
                *[number(row.criteria.get(c.code)) if row else None for c in criteria],
                number(row.satisfaction) if row else None,
                number(points),
                listing(flags.get(f, f) for f in row.flags) if row else "",
            ]
        steps = reached.get(pk, [])
        if job.stage_id:
            at = here.get(pk)
            reason = at.reason if at and shown(at) else ""
            values += [at.node, decisions[at.decision], reason] if at else ["", "", ""]
            if stage.position > 1:
                values.append(trail(steps[:-1], decisions, shown))
        elif extra:
            values += stage_values(steps, stages, decisions, shown)
            values.append(trail(steps, decisions, shown))
        if rank is not None:
            ranked_count += 1
        for column, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, float):
                sheet.write_number(index, column, value, number_format)
            elif isinstance(value, int):
                sheet.write_number(index, column, value)
            else:
                sheet.write_string(index, column, value)
        if index % 500 == 0:
            progress(index, total)
    bold = book.formats_["bold"]
    sheet.write_string(total + 1, 0, _("合计"), bold)
    sheet.write_string(total + 1, 1, _("推荐人数"), bold)
    sheet.write_number(total + 1, 2, total, bold)
    sheet.write_string(total + 1, 3, _("参与排名人数"), bold)
    if withheld:
        sheet.write_string(total + 1, 4, withheld_str, bold)
    else:
        sheet.write_number(total + 1, 4, ranked_count, bold)
    sheet.write_string(total + 1, 6, rounding_rule())
    book.close()
    progress(total, total)
    return total


def title(job) -> str:
    """The document's title: the campaign, the report, and the stage and scope it covers."""
    parts = [job.campaign.title, str(job.get_kind_display())]
    if job.stage_id:
        parts.append(stage_label(job.stage))
    parts.append(job.scope_name)
    return " · ".join(parts)
