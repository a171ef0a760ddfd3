"""``{% link "name" %}``: the URL of a view that takes no arguments, reversed once and then
looked up. The page frame (navigation bar, footer) names up to 13 such views on every page, and
``{% url %}`` reverses each on every render: ~30 µs apiece here, about a trivial request's time
per page in all. Views with arguments keep ``{% url %}``.

Loaded as ``{% load links %}`` (registered in ``TEMPLATES`` in settings)."""

from __future__ import annotations

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.html import escape

register = template.Library()

#: (script prefix, view name) → URL, bounded by the names the templates use. The URLconf is
#: not part of the key (asking for it costs as much as the lookup): it is the one in settings,
#: as no middleware of the portal sets ``request.urlconf``, and a change of the setting empties
#: the table.
_reversed: dict[tuple, str] = {}


class LinkNode(template.Node):
    def __init__(self, name: str):
        self.name = name

    def render(self, context) -> str:
        key = (get_script_prefix(), self.name)
        url = _reversed.get(key)
        if url is None:
            url = _reversed[key] = escape(reverse(self.name))
        return url


@register.tag
def link(parser, token) -> LinkNode:
    """``{% link "app:view" %}``, the name a quoted literal (it is the key of the lookup)."""
    bits = token.split_contents()
    quoted = len(bits) == 2 and len(bits[1]) > 2 and bits[1][0] == bits[1][-1] in "'\""
    if not quoted:
        raise template.TemplateSyntaxError("{% link %} takes one quoted view name")
    return LinkNode(bits[1][1:-1])


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs) -> None:
    """Tests that swap the URLconf or the script name get their own URLs."""
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _reversed.clear()
