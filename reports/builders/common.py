"""What the builders share: the nominations a job covers, A4 PDF documents in the CJK font, and
streaming xlsx workbooks."""

from __future__ import annotations

from xml.sax.saxutils import escape

import xlsxwriter
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from .. import fonts

# --- PDF --------------------------------------------------------------------------------------


class Styles:
    """Paragraph styles in the CJK font (built per document: the font registers lazily)."""

    def __init__(self):
        font = fonts.pdf_font()
        self.font = font
        base = {"fontName": font, "wordWrap": "CJK"}
        self.title = ParagraphStyle("title", fontSize=16, leading=22, alignment=TA_CENTER, **base)
        self.subtitle = ParagraphStyle(
            "subtitle", fontSize=10.5, leading=15, alignment=TA_CENTER, **base
        )
        self.heading = ParagraphStyle(
            "heading", fontSize=12, leading=18, spaceBefore=8, spaceAfter=4, **base
        )
        self.body = ParagraphStyle("body", fontSize=10.5, leading=16, **base)
        self.cell = ParagraphStyle("cell", fontSize=9.5, leading=13, **base)
        self.small = ParagraphStyle("small", fontSize=8.5, leading=12, **base)

    def p(self, text, style=None) -> Paragraph:
        """A paragraph of plain text (escaped; line breaks kept)."""
        markup = escape(str(text if text is not None else "")).replace("\n", "<br/>")
        return Paragraph(markup, style or self.body)


def grid(rows, widths, styles: Styles, *, header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    commands = [
        ("FONT", (0, 0), (-1, -1), styles.font, 9.5),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")))
    table.setStyle(TableStyle(commands))
    return table


class Tick(Flowable):
    """An invisible flowable that reports progress when the layout reaches it: a batch PDF's
    progress follows the pages actually drawn, not only the data read."""

    def __init__(self, callback, done: int, total: int):
        super().__init__()
        self.callback, self.done, self.total = callback, done, total

    def wrap(self, available_width, available_height):
        return (0, 0)

    def draw(self):
        self.callback(self.done, self.total)


def a4_document(path, *, title: str, author: str = "") -> SimpleDocTemplate:
    def number_pages(canvas, document):
        canvas.saveState()
        canvas.setFont(fonts.pdf_font(), 8)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, _("第 %(page)d 页") % {"page": document.page})
        canvas.restoreState()

    document = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        title=title,
        author=author,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
    )
    document.number_pages = number_pages
    return document


def write_pdf(document: SimpleDocTemplate, story: list) -> None:
    document.build(story, onFirstPage=document.number_pages, onLaterPages=document.number_pages)


# --- xlsx -------------------------------------------------------------------------------------


def workbook(path) -> xlsxwriter.Workbook:
    """A workbook written row by row to temporary files (memory does not grow with rows)."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    book.formats_ = {
        "header": book.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1}),
        "title": book.add_format({"bold": True, "font_size": 14}),
        "number": book.add_format({"num_format": "0.00"}),
        "percent": book.add_format({"num_format": "0.00%"}),
        "bold": book.add_format({"bold": True}),
    }
    return book


def header_row(sheet, row: int, headers: list[str], book) -> None:
    for column, text in enumerate(headers):
        sheet.write_string(row, column, text, book.formats_["header"])


def number(value):
    """Decimals as floats for the sheet; missing values stay empty."""
    return None if value is None else float(value)
