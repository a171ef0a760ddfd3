"""Text bound for a spreadsheet program. The xlsx exports write every text as a text cell
(XlsxWriter's ``write_string``), which Excel and WPS never evaluate; a CSV file has no cell
types, so text that a spreadsheet would take for a formula is neutralised here instead."""

from __future__ import annotations

#: What makes Excel, WPS and LibreOffice read a CSV cell as a formula (or start one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """``value`` as CSV text that opens as text: one leading apostrophe (the spreadsheet shows
    the text, not a formula's result) before text starting like a formula (OWASP's advice)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
