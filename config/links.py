"""``{% link "name" %}``: the URL of a view that takes no arguments, reversed once and then
looked up. The page frame (navigation bar, footer) names up to 13 such views on every page, and
``{% url %}`` reverses each on every render: ~30 µs apiece here, about a trivial request's time
per page in all. Views with arguments keep ``{% url %}``.

``{% asset "css/app.css" %}``: what ``{% static %}`` gives, asked of the storage once per path
(the frame names five files on every page; ``{% static %}`` asks the storage each time, ~20 µs
apiece here, and the manifest storage of production looks the hashed name up as well).

Loaded as ``{% load links %}`` (registered in ``TEMPLATES`` in settings)."""

from __future__ import annotations

from django import template
from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.autoreload import get_template_directories
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.autoreload import file_changed
from django.utils.html import escape

register = template.Library()

#: (script prefix, view name) → URL, bounded by the names the templates use. The URLconf is
#: not part of the key (asking for it costs as much as the lookup): it is the one in settings,
#: as no middleware of the portal sets ``request.urlconf``, and a change of the setting empties
#: the table.
_reversed: dict[tuple, str] = {}
#: (script prefix, path) → the static file's URL. The storage's manifest is read when the
#: process starts; a new collectstatic comes with a restart.
_assets: dict[tuple, str] = {}


class KeptNode(template.Node):
    """A URL made once per script prefix and name (``make(name)``), then looked up in
    ``table``."""

    def __init__(self, table: dict, make, name: str):
        self.table, self.make, self.name = table, make, name

    def render(self, context) -> str:
        key = (get_script_prefix(), self.name)
        url = self.table.get(key)
        if url is None:
            url = self.table[key] = escape(self.make(self.name))
        return url


def _quoted(token, tag: str) -> str:
    bits = token.split_contents()
    if not (len(bits) == 2 and len(bits[1]) > 2 and bits[1][0] == bits[1][-1] in "'\""):
        raise template.TemplateSyntaxError(f"{{% {tag} %}} takes one quoted name")
    return bits[1][1:-1]


@register.tag
def link(parser, token) -> KeptNode:
    """``{% link "app:view" %}``, the name a quoted literal (it is the key of the lookup)."""
    return KeptNode(_reversed, reverse, _quoted(token, "link"))


@register.tag
def asset(parser, token) -> KeptNode:
    """``{% asset "css/app.css" %}``, the path a quoted literal (it is the key of the lookup)."""
    return KeptNode(_assets, static, _quoted(token, "asset"))


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs) -> None:
    """Tests that swap the URLconf, the script name or the static files get their own URLs."""
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _reversed.clear()
    if setting in ("STATIC_URL", "STORAGES", "FORCE_SCRIPT_NAME"):
        _assets.clear()


@receiver(file_changed)
def _template_edited(*, file_path, **kwargs) -> None:
    """Development: the frame kept per process (``CACHES["frame"]``: the menu, the language
    switch) is made again after a template is edited, as the template loaders are. (Answers
    None, so the autoreloader still decides whether to restart.)"""
    if file_path.suffix != ".py" and any(
        directory in file_path.parents for directory in get_template_directories()
    ):
        caches["frame"].clear()
