from django.core.checks import Warning, register

from . import fonts


@register()
def cjk_font_installed(app_configs, **kwargs):
    if fonts.font_path() is None:
        return [
            Warning(
                "No CJK TrueType font found: PDF reports will use the non-embedded CID font "
                "STSong-Light and charts will show boxes for Chinese text.",
                hint=(
                    "Restore reports/assets/wqy-microhei.ttc or set REPORT_FONT_PATH to a "
                    "TrueType CJK font."
                ),
                id="reports.W001",
            )
        ]
    return []
