"""The PDF font travels with the project: a machine without any Chinese font still embeds one."""

from pathlib import Path

from django.conf import settings
from django.core import checks

from reports import fonts


def test_without_configuration_the_font_shipped_with_the_portal_is_used():
    assert settings.REPORT_FONT_PATHS[0] == ""  # REPORT_FONT_PATH is not set
    assert fonts.font_path() == Path(settings.BASE_DIR) / "reports" / "assets" / "wqy-microhei.ttc"


def test_the_shipped_font_has_truetype_outlines_that_reportlab_can_embed():
    from reportlab.pdfbase.ttfonts import TTFont

    font = TTFont("ShippedCJK", str(settings.REPORT_FONT_PATHS[-1]), subfontIndex=0)

    assert font.face.charToGlyph.get(ord("党"))  # it has the glyphs of a nomination form


def test_a_configured_font_is_preferred_to_the_shipped_one(settings, tmp_path):
    own = tmp_path / "own.ttf"
    own.write_bytes(b"")
    settings.REPORT_FONT_PATHS = [str(own), *settings.REPORT_FONT_PATHS[1:]]

    assert fonts.font_path() == own


def test_the_system_check_warns_only_when_no_font_is_found(settings, tmp_path):
    assert [m.id for m in checks.run_checks() if m.id == "reports.W001"] == []

    settings.REPORT_FONT_PATHS = ["", str(tmp_path / "missing.ttc")]

    assert [m.id for m in checks.run_checks() if m.id == "reports.W001"] == ["reports.W001"]
