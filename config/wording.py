"""Words shared by every message that lists things, or runs several sentences together, and
texts an admin may edit that start as the portal's own (``in_user_language``)."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import translation
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


def form_errors(*forms) -> str:
    """The forms' errors in one line, for the message on top of the page; each is a sentence
    with its own full stop. A field's error is said with the field's label ("出生日期：输入一个
    有效的日期。"): Django's own messages name no field, and the message is read apart from the
    boxes. An error that names its field already, a hidden field's (no box to name) and the
    form's own errors are said as they are."""
    return " ".join(
        _labelled(form, name, str(error))
        for form in forms
        for name, errors in form.errors.items()
        for error in errors
    )


def _labelled(form, name: str, error: str) -> str:
    field = form.fields.get(name)
    if field is None or field.widget.is_hidden:
        return error
    label = str(form[name].label)
    if label in error:
        return error
    return label + gettext("：") + error


def in_user_language(stored: str, default) -> str:
    """A text an admin may edit that starts as a translatable ``default``: the default in the
    user's language while the stored text is the default in any of the portal's languages (it
    is stored in the language it was created in), else the admin's own text as written."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            if stored == str(default):
                break
    else:
        return stored
    return str(default)  # in the user's language, the override ended


def as_typed(number) -> str:
    """A decimal as its form takes it, not as the column stores it: a criterion's maximum of
    25 (stored "25.0") as "25", 12.5 as "12.5", a fixed quota of 1 (stored "1.00") as "1";
    text that is no finite number as it is. The same in either language (no decimal mark of
    the reader's: it is what a number box takes back)."""
    try:
        value = Decimal(str(number))
    except InvalidOperation:
        return str(number)
    return format(value.normalize(), "f") if value.is_finite() else str(number)
