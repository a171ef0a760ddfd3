"""Words shared by every message that lists things, or runs several sentences together."""

from django.utils.translation import gettext, pgettext


def listing(items) -> str:
    """Names in a sentence, joined as the active language joins them: 张伟、王芳 in Chinese,
    "Zhang Wei, Wang Fang" in English."""
    return gettext("、").join(str(item) for item in items)


def sentences(items) -> str:
    """Whole sentences one after the other, as the active language runs them on: 尚未发布公示。
    还有未处理的异议。 in Chinese, "... has not opened yet. Some objections ..." in English (a
    space after each full stop)."""
    text = ""
    for item in items:
        text = (
            pgettext("two sentences one after the other", "%(before)s%(after)s")
            % {"before": text, "after": item}
            if text
            else str(item)
        )
    return text
