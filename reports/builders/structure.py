"""结构分析: nominees vs. exemplars vs. all members of the scope, by organisation, gender, age
band, ethnicity, education and party age — a PDF with a chart per table, and an xlsx of the same
tables."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Image, KeepTogether, Spacer

from .. import fonts
from ..queries import Dimension, share, structure
from ..stage_structure import StageTable, stage_structure
from .common import Styles, a4_document, grid, header_row, workbook, write_pdf


def _columns() -> list[str]:
    return [
        _("类别"),
        _("全体党员"),
        _("占比"),
        _("推荐人选"),
        _("占比"),
        _("选树对象"),
        _("占比"),
    ]


def _cells(line, totals) -> list:
    return [
        line.label,
        line.members,
        share(line.members, totals.members),
        line.nominees,
        share(line.nominees, totals.nominees),
        line.exemplars,
        share(line.exemplars, totals.exemplars),
    ]


def chart(dimension: Dimension) -> io.BytesIO:
    """A grouped bar chart of the three populations' shares, as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    font = fonts.chart_font()
    totals = dimension.totals
    labels = [line.label for line in dimension.lines]
    series = [
        (_("全体党员"), [share(line.members, totals.members) * 100 for line in dimension.lines]),
        (_("推荐人选"), [share(line.nominees, totals.nominees) * 100 for line in dimension.lines]),
        (
            _("选树对象"),
            [share(line.exemplars, totals.exemplars) * 100 for line in dimension.lines],
        ),
    ]
    figure = Figure(figsize=(6.8, 2.6), dpi=150)
    axes = figure.add_subplot()
    width = 0.27
    positions = range(len(labels))
    for offset, (name, values) in enumerate(series):
        axes.bar([x + (offset - 1) * width for x in positions], values, width, label=name)
    axes.set_xticks(list(positions))
    axes.set_xticklabels(labels, fontproperties=font, fontsize=7)
    axes.set_ylabel("%", fontproperties=font)
    axes.set_title(dimension.title, fontproperties=font, fontsize=10)
    axes.legend(prop=font, fontsize=7)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    buffer.seek(0)
    return buffer


def _title(job) -> str:
    return _("%(campaign)s · %(organization)s 结构分析") % {
        "campaign": job.campaign.title,
        "organization": job.scope_label,
    }


def build_pdf(job, path, progress) -> int:
    dimensions = structure(job)
    styles = Styles()
    p = styles.p
    story = [p(_title(job), styles.title), Spacer(1, 4 * mm)]
    width = 174 * mm
    for index, dimension in enumerate(dimensions, start=1):
        totals = dimension.totals
        rows = [list(_columns())]
        for line in [*dimension.lines, totals]:
            label, members, m_share, nominees, n_share, exemplars, e_share = _cells(line, totals)
            rows.append(
                [
                    label,
                    str(members),
                    f"{m_share:.1%}",
                    str(nominees),
                    f"{n_share:.1%}",
                    str(exemplars),
                    f"{e_share:.1%}",
                ]
            )
        story.append(
            KeepTogether(
                [
                    p(dimension.title, styles.heading),
                    grid(rows, [width * 0.28] + [width * 0.12] * 6, styles),
                    Spacer(1, 2 * mm),
                    Image(chart(dimension), width=width, height=width * 2.6 / 6.8),
                ]
            )
        )
        progress(index, len(dimensions))
    tables = stage_structure(job)
    if tables:
        story.append(p(_("逐级结构对比"), styles.title))
    for table in tables:
        rows = [[_("类别"), *table.columns]]
        rows += [[line.label, *_stage_cells(line, table)] for line in [*table.lines, table.totals]]
        first = width * 0.22
        rest = (width - first) / len(table.columns)
        story.append(
            KeepTogether(
                [
                    p(table.title, styles.heading),
                    grid(rows, [first] + [rest] * len(table.columns), styles),
                ]
            )
        )
    write_pdf(a4_document(path, title=_title(job), author=str(job.requested_by)), story)
    return len(dimensions)


def _stage_cells(line, table: StageTable) -> list[str]:
    """Each stage's count with its share of that stage's pool."""
    totals = table.totals.counts
    return [f"{n}（{share(n, totals[i]):.0%}）" for i, n in enumerate(line.counts)]


def build_xlsx(job, path, progress) -> int:
    dimensions = structure(job)
    book = workbook(path)
    percent = book.formats_["percent"]
    bold = book.formats_["bold"]
    for index, dimension in enumerate(dimensions, start=1):
        sheet = book.add_worksheet(dimension.title)
        sheet.set_column(0, 0, 24)
        sheet.set_column(1, 6, 11)
        header_row(sheet, 0, _columns(), book)
        totals = dimension.totals
        for row, line in enumerate([*dimension.lines, totals], start=1):
            cells = _cells(line, totals)
            sheet.write_string(row, 0, cells[0], bold if line is totals else None)
            for column, value in enumerate(cells[1:], start=1):
                sheet.write_number(row, column, value, percent if column % 2 == 0 else None)
        progress(index, len(dimensions))
    tables = stage_structure(job)
    if tables:
        sheet = book.add_worksheet(_("逐级结构对比"))
        sheet.set_column(0, 0, 24)
        row = 0
        for table in tables:
            sheet.write_string(row, 0, table.title, bold)
            header_row(sheet, row + 1, [_("类别"), *table.columns], book)
            row += 2
            for line in [*table.lines, table.totals]:
                sheet.write_string(row, 0, line.label, bold if line.label == _("合计") else None)
                for column, value in enumerate(line.counts, start=1):
                    sheet.write_number(row, column, value)
                row += 1
            row += 1
    book.close()
    return len(dimensions)
