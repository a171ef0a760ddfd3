"""The bare primitive of each measured job, run on the same data in the same run: what the job
would cost if it did nothing but the one thing at its heart. Absolute seconds drift on a shared
machine by tens of per cent within minutes; the ratio of a job to its primitive timed beside it does
not, so it shows whether a change to the job made it slower.

- ranking: one plain ``GROUP BY`` of the campaign's submitted scores (mean per nomination and
  criterion), fetched through a bare cursor;
- summary xlsx: xlsxwriter writing the same nominations' columns (one query for them), in
  the same streaming mode, with the criteria's means from the ranking's primitive;
- batch PDF: reportlab's canvas drawing each of the same nominations on a page of its own (name,
  branch, deeds) in the same CJK font, no layout engine;
- roster import: python-calamine reading every row of the same file and PostgreSQL's COPY of
  those rows into a temporary table (rolled back).
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from django.db import connection, transaction

from reports.queries import nominations_of

_SCORES_SQL = """
SELECT c.nomination_id, s.criterion_id, AVG(s.points), COUNT(*)
FROM evaluations_score s
JOIN evaluations_scorecard c ON c.id = s.scorecard_id
JOIN selection_nomination n ON n.id = c.nomination_id
WHERE n.campaign_id = %s AND c.state = 'submitted'
GROUP BY c.nomination_id, s.criterion_id
"""


def scores_by_nomination(campaign) -> dict[int, dict[int, float]]:
    with connection.cursor() as cursor:
        cursor.execute(_SCORES_SQL, [campaign.pk])
        rows = cursor.fetchall()
    means: dict[int, dict[int, float]] = {}
    for nomination_id, criterion_id, mean, _count in rows:
        means.setdefault(nomination_id, {})[criterion_id] = float(mean)
    return means


def summary_xlsx(job) -> int:
    """The job's nominations and their criteria means, written to a streaming workbook."""
    import xlsxwriter

    means = scores_by_nomination(job.campaign)
    criteria = sorted({c for per in means.values() for c in per})
    entries = nominations_of(job).values_list(
        "pk", "member__member_no", "member__name", "branch__name", "state"
    )
    with tempfile.TemporaryDirectory() as folder:
        book = xlsxwriter.Workbook(str(Path(folder) / "bare.xlsx"), {"constant_memory": True})
        sheet = book.add_worksheet()
        count = 0
        for row, (pk, member_no, name, branch, state) in enumerate(entries, start=1):
            sheet.write_number(row, 0, row)
            for column, text in enumerate((member_no, name, branch, state), start=1):
                sheet.write_string(row, column, text)
            for column, criterion in enumerate(criteria, start=5):
                if criterion in means.get(pk, {}):
                    sheet.write_number(row, column, means[pk][criterion])
            count = row
        book.close()
    return count


def forms_pdf(job) -> int:
    """A page per nomination of the job, drawn straight on the canvas."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from reports import fonts

    font = fonts.pdf_font()
    entries = nominations_of(job).values_list(
        "member__name", "branch__name", "deeds_summary", "state"
    )
    count = 0
    with tempfile.TemporaryDirectory() as folder:
        canvas = Canvas(str(Path(folder) / "bare.pdf"), pagesize=A4)
        for name, branch, deeds, state in entries:
            canvas.setFont(font, 16)
            canvas.drawString(60, 780, name)
            canvas.setFont(font, 10.5)
            canvas.drawString(60, 750, branch)
            canvas.drawString(60, 730, state)
            y = 700
            for start in range(0, len(deeds), 40):  # 40 CJK characters a line
                canvas.drawString(60, y, deeds[start : start + 40])
                y -= 16
                if y < 60:
                    break
            canvas.showPage()
            count += 1
        canvas.save()
    return count


def roster_import(path: Path) -> int:
    """Every row of the roster read with calamine, then COPYed as text into a temporary table."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    header, body = rows[0], rows[1:]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter="\t", lineterminator="\n").writerows(body)
    buffer.seek(0)
    columns = ", ".join(f"c{i} text" for i in range(len(header)))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE bare_roster ({columns})")
        if connection.vendor == "postgresql":
            cursor.cursor.copy_expert(
                "COPY bare_roster FROM STDIN WITH (FORMAT csv, DELIMITER E'\\t')", buffer
            )
        else:  # the SQLite variant: no COPY
            marks = ", ".join(["%s"] * len(header))
            cursor.executemany(f"INSERT INTO bare_roster VALUES ({marks})", body)
        cursor.execute("SELECT COUNT(*) FROM bare_roster")
        (count,) = cursor.fetchone()
        transaction.set_rollback(True)  # the table goes with the rollback
    return count
