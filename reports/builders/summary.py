"""汇总表: every nomination of the scope with its four criteria, satisfaction, total and rank
(the campaign-wide rank of DESIGN.md §4), ranked ones first."""

from __future__ import annotations

from django.utils.translation import gettext as _

from evaluations import queries as review
from evaluations.choices import FLAG_LABELS
from selection.choices import StageDecision, State
from selection.models import StageEntry

from ..queries import nominations_of
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


def stage_trails(job) -> dict[int, str]:
    """逐级推荐: each nomination's way up, stage by stage (node, rank, decision); empty for a
    campaign of one stage. One query."""
    trails: dict[int, list[str]] = {}
    decisions = {code: str(label) for code, label in StageDecision.choices}
    for pk, node, rank, decision in (
        StageEntry.objects.filter(nomination__in=nominations_of(job).values("pk"))
        .order_by("stage__position")
        .values_list("nomination_id", "node__name", "rank", "decision")
    ):
        place = _("第%(rank)s名") % {"rank": rank} if rank is not None else "—"
        trails.setdefault(pk, []).append(f"{node} {place} {decisions[decision]}")
    return {pk: " → ".join(steps) for pk, steps in trails.items()}


def build(job, path, progress) -> int:
    campaign = job.campaign
    criteria = review.criteria_of(campaign)
    ranked = {row.nomination_id: row for row in review.ranking(campaign)}
    entries = list(
        nominations_of(job).values_list(
            "pk", "member__member_no", "member__name", "branch__name", "branch__path", "state"
        )
    )

    def order(entry):
        rank = ranked[entry[0]].rank if entry[0] in ranked else None
        return (rank is None, rank or 0, entry[4], entry[2])

    entries.sort(key=order)
    trails = stage_trails(job)
    book = workbook(path)
    sheet = book.add_worksheet(_("汇总表"))
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 4, 16)
    sheet.set_column(5, 9 + len(criteria), 11)
    header_row(sheet, 0, headers(criteria) + ([_("逐级推荐")] if trails else []), book)
    number_format = book.formats_["number"]
    # Translated once, not once per row (5,000 rows made 10,000 gettext calls).
    states = {code: str(label) for code, label in State.choices}
    flags = {code: str(label) for code, label in FLAG_LABELS.items()}
    total = len(entries)
    ranked_count = 0
    for index, (pk, member_no, name, branch, _path, state) in enumerate(entries, start=1):
        row = ranked.get(pk)
        values = [
            row.rank if row else None,
            member_no,
            name,
            branch,
            states.get(state, state),
            row.cards if row else 0,
            *[number(row.criteria.get(c.code)) if row else None for c in criteria],
            number(row.satisfaction) if row else None,
            number(row.total) if row else None,
            "、".join(flags.get(f, f) for f in row.flags) if row else "",
        ]
        if trails:
            values.append(trails.get(pk, ""))
        if row and row.rank is not None:
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
    sheet.write_number(total + 1, 4, ranked_count, bold)
    sheet.write_string(total + 1, 6, rounding_rule())
    book.close()
    progress(total, total)
    return total
