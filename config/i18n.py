"""``{% load i18n %}``: Django's library, except that ``{% translate "literal" %}`` is rendered
once per language and then looked up.

A page names 20 to 40 literal strings (the frame, form labels, table headings), and Django's
tag resolves, translates, localises and escapes each on every render: ~10 µs apiece here. The
gallery's filter form alone, eleven of them and its ten options, was an eighth of the uncached
gallery page (1.5 M of 12.8 M instructions, ``bench.instructions``). A literal's output
depends only on the active language, the catalogues (read once per process), ``noop`` and
whether the context escapes, so it is kept under those. Everything else — a variable,
a filter, ``context``, ``as`` — renders as Django renders it.

The active language is looked up once per template rendered, not once per literal
(``{% language %}`` opens a scope of its own, where it is looked up again).

Registered under the name ``i18n`` in ``TEMPLATES`` (settings), which takes precedence over
Django's own; ``makemessages`` reads the templates' text and is unaffected.
"""

from __future__ import annotations

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags import i18n as django_i18n
from django.utils.translation import get_language

from config.links import once_per_render

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

#: (language, literal, noop, autoescape) → the rendered text.
_rendered: dict[tuple, str] = {}


class KeptTranslateNode(django_i18n.TranslateNode):
    def __init__(self, filter_expression, noop, asvar=None, message_context=None):
        super().__init__(filter_expression, noop, asvar, message_context)
        variable = filter_expression.var
        #: The literal a kept node translates; None where Django's tag renders it (a variable,
        #: a filter, ``context``, ``as``).
        self.literal = (
            None
            if asvar or message_context or filter_expression.filters or variable.lookups
            else variable.literal
        )

    def render(self, context) -> str:
        literal = self.literal
        if literal is None:
            return super().render(context)
        # The active language, asked once per template rendered: a page names 15 to 40
        # literals, and each get_language() is a lookup in a context-local (about half of a
        # kept literal's cost).
        language = once_per_render(context, "config.i18n.language", get_language)
        key = (language, literal, self.noop, context.autoescape)
        value = _rendered.get(key)
        if value is None:
            value = _rendered[key] = super().render(context)
        return value


class KeptLanguageNode(django_i18n.LanguageNode):
    """``{% language %}``: the language it activates is the one its literals are kept under
    (a scope of its own in the render context, where the language is looked up afresh)."""

    def render(self, context) -> str:
        with context.render_context.push():
            return super().render(context)


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token) -> KeptTranslateNode:
    node = django_i18n.do_translate(parser, token)
    return KeptTranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)


@register.tag("language")
def language(parser, token) -> KeptLanguageNode:
    node = django_i18n.language(parser, token)
    return KeptLanguageNode(node.nodelist, node.language)


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs) -> None:
    """The settings on which Django reloads its catalogues (tests that change them)."""
    if setting in ("LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"):
        _rendered.clear()
