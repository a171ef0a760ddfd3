from django.core.checks import Warning, register

from . import fonts


@register()
def cjk_font_installed(app_configs, **kwargs):
    if fonts.font_path() is None:
        return [
            Warning(
                "No CJK TrueType font found: PDF reports will use the non-embedded CID font "
                "STSong-Light and charts will show boxes for Chinese text.",
                hint="Install fonts-wqy-microhei or set REPORT_FONT_PATH.",
                id="reports.W001",
            )
        ]
    return []
