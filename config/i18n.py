"""``{% load i18n %}``: Django's library, except that ``{% translate "literal" %}`` is rendered
once per language and then looked up.

A page names 20 to 40 literal strings (the frame, form labels, table headings), and Django's
tag resolves, translates, localises and escapes each on every render: ~10 µs apiece here. The
gallery's filter form alone, eleven of them and its ten options, was an eighth of the uncached
gallery page (1.5 M of 12.8 M instructions, ``bench.instructions``). A literal's output
depends only on the active language, the catalogues (read once per process), ``noop`` and
whether the context escapes, so it is kept under those. Everything else — a variable,
a filter, ``context``, ``as`` — renders as Django renders it.

Registered under the name ``i18n`` in ``TEMPLATES`` (settings), which takes precedence over
Django's own; ``makemessages`` reads the templates' text and is unaffected.
"""

from __future__ import annotations

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags import i18n as django_i18n
from django.utils.translation import get_language

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

#: (language, literal, noop, autoescape) → the rendered text.
_rendered: dict[tuple, str] = {}


class KeptTranslateNode(django_i18n.TranslateNode):
    def render(self, context) -> str:
        variable = self.filter_expression.var
        if (
            self.asvar
            or self.message_context
            or self.filter_expression.filters
            or variable.lookups is not None  # a variable, not a literal
        ):
            return super().render(context)
        key = (get_language(), variable.literal, self.noop, context.autoescape)
        value = _rendered.get(key)
        if value is None:
            value = _rendered[key] = super().render(context)
        return value


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token) -> KeptTranslateNode:
    node = django_i18n.do_translate(parser, token)
    return KeptTranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs) -> None:
    """The settings on which Django reloads its catalogues (tests that change them)."""
    if setting in ("LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"):
        _rendered.clear()
