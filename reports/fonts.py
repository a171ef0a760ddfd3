"""The CJK font of every PDF and chart.

A TrueType font (``REPORT_FONT_PATHS``: the one ``REPORT_FONT_PATH`` names, else WenQuanYi Micro
Hei, shipped in ``reports/assets/``) is embedded, subset, in each PDF and used by matplotlib, so a
document prints the same on any machine, including one without Chinese fonts. Without one (the
shipped file removed and nothing configured), PDFs fall back to Adobe's standard CID font
STSong-Light, which is not embedded (readers substitute a local font): the system check
``reports.W001`` warns about it.
"""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings

PDF_FONT = "CJK"
FALLBACK_CID_FONT = "STSong-Light"


def font_path() -> Path | None:
    for candidate in settings.REPORT_FONT_PATHS:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


@functools.cache
def pdf_font() -> str:
    """Register the font with reportlab (once per process) and return its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    path = font_path()
    if path is None:
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CID_FONT))
        return FALLBACK_CID_FONT
    pdfmetrics.registerFont(TTFont(PDF_FONT, str(path), subfontIndex=0))
    return PDF_FONT


@functools.cache
def chart_font():
    """A matplotlib FontProperties for the CJK font, loaded from its file (so matplotlib's font
    cache, built before the font was installed, does not matter)."""
    from matplotlib import font_manager

    path = font_path()
    if path is None:
        return font_manager.FontProperties()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path))
