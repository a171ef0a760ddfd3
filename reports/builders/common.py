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
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from .. import fonts

# reportlab's Table pads each cell by 6 points left and right unless told otherwise.
CELL_PADDING = 6
# Texts up to this length (labels, headings, names, dates) are parsed once per document.
SHARED_PARSE_LENGTH = 80

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
        self._parsed: dict[tuple[str, ParagraphStyle], tuple] = {}

    def fit(self, text, width: float) -> str | Paragraph:
        """A table cell's text: as it is when it fits the column on one line, else wrapped."""
        text = str(text if text is not None else "")
        if "\n" not in text and (
            stringWidth(text, self.font, self.cell.fontSize) <= width - 2 * CELL_PADDING
        ):
            return text
        return self.p(text, self.cell)

    def p(self, text, style=None) -> Paragraph:
        """A paragraph of plain text (escaped; line breaks kept).

        A short text is parsed once per document and style: a batch of 500 forms repeats the
        same labels, headings and choice labels on every form, and reportlab's markup parser
        was a quarter of the batch's time. The parsed fragments are shared, which the CJK line
        breaking allows: it reads them and builds its lines apart."""
        markup = escape(str(text if text is not None else "")).replace("\n", "<br/>")
        style = style or self.body
        if len(markup) > SHARED_PARSE_LENGTH:
            return Paragraph(markup, style)
        key = (markup, style)
        parsed = self._parsed.get(key)
        if parsed is None:
            paragraph = Paragraph(markup, style)
            self._parsed[key] = (paragraph.style, paragraph.frags)
            return paragraph
        parsed_style, frags = parsed
        return Paragraph(markup, parsed_style, frags=frags)


def grid(rows, widths, styles: Styles, *, header: bool = True) -> Table:
    """A table with lines. A cell is a flowable (a paragraph, an image) or text; text that
    fits its column on one line is drawn as it is, longer text wraps (a paragraph in the cell
    style): laying out and drawing a paragraph costs several times a plain string, and most
    cells are short."""
    rows = [
        [
            cell if isinstance(cell, Flowable) else styles.fit(cell, width)
            for cell, width in zip(row, widths, strict=True)
        ]
        for row in rows
    ]
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    commands = [
        ("FONT", (0, 0), (-1, -1), styles.font, styles.cell.fontSize),
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
