"""Words shared by every message that lists things."""

from django.utils.translation import gettext


def listing(items) -> str:
    """Names in a sentence, joined as the active language joins them: 张伟、王芳 in Chinese,
    "Zhang Wei, Wang Fang" in English."""
    return gettext("、").join(str(item) for item in items)
