"""``{% link "name" %}``: the URL of a view that takes no arguments, reversed once and then
looked up. The page frame (navigation bar, footer) names up to 13 such views on every page, and
``{% url %}`` reverses each on every render: ~30 µs apiece here, about a trivial request's time
per page in all. Views with arguments keep ``{% url %}``.

``{% asset "css/app.css" %}``: what ``{% static %}`` gives, asked of the storage once per path
(the frame names five files on every page; ``{% static %}`` asks the storage each time, ~20 µs
apiece here, and the manifest storage of production looks the hashed name up as well).

``{% kept "name" LANGUAGE_CODE ... %}…{% endkept %}``: a fragment of the page frame rendered once
per process for each set of values it varies on (the navigation menu of each language and set
of roles, the language switch), then looked up. It replaced ``{% cache None … using="frame" %}``
on a local-memory cache, which made a digest of its key, took the cache's lock and unpickled the
fragment on every page: 73 K instructions apiece, against 16 K (``bench.instructions``' way of
counting, a template of ten).

``{% current_path %}``: ``request.get_full_path``, escaped, worked out once per request (the
footer's language switch and a page's own forms name it: 52 K instructions apiece as a template
variable, which tries ``request["get_full_path"]`` first).

Loaded as ``{% load links %}`` (registered in ``TEMPLATES`` in settings)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import template
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
#: (script prefix, view name, its fixed arguments) → the view's URL before and after its first
#: argument (``url_parts``).
_parts: dict[tuple, tuple[str, str]] = {}
#: Stands in for the first argument when a pattern is reversed once for any value of it.
_SLOT = 918273645
#: (fragment's name, the values it varies on) → the rendered fragment (``{% kept %}``). What
#: the frame varies on is bounded (languages, sets of roles).
_fragments: dict[tuple, str] = {}
#: A safeguard on ``_fragments`` and ``_parts``: emptied when they reach it.
_LIMIT = 512


def once_per_render(context, key: str, make: Callable[[], Any]) -> Any:
    """``make()``, asked once per template rendered and then read from the top of the render
    context (each template rendered, each included one, starts afresh): what a request sets
    before any template renders (the script prefix, the active language) and is a lookup in
    a context-local each time it is asked."""
    state = context.render_context.dicts[-1]
    value = state.get(key)
    if value is None:
        value = state[key] = make()
    return value


class KeptNode(template.Node):
    """A URL made once per script prefix and name (``make(name)``), then looked up in
    ``table``."""

    def __init__(self, table: dict, make, name: str):
        self.table, self.make, self.name = table, make, name

    def render(self, context) -> str:
        # asked of the context-local once per template: half of a link's cost
        key = (once_per_render(context, "config.links.prefix", get_script_prefix), self.name)
        url = self.table.get(key)
        if url is None:
            url = self.table[key] = escape(self.make(self.name))
        return url


def quoted_name(token, tag: str, *, more: bool = False) -> str:
    """The tag's first argument, a quoted literal; nothing after it unless ``more``."""
    bits = token.split_contents()
    if not (
        (len(bits) >= 2 if more else len(bits) == 2)
        and len(bits[1]) > 2
        and bits[1][0] == bits[1][-1] in "'\""
    ):
        raise template.TemplateSyntaxError(f"{{% {tag} %}} takes one quoted name first")
    return bits[1][1:-1]


@register.tag
def link(parser, token) -> KeptNode:
    """``{% link "app:view" %}``, the name a quoted literal (it is the key of the lookup)."""
    return KeptNode(_reversed, reverse, quoted_name(token, "link"))


@register.tag
def asset(parser, token) -> KeptNode:
    """``{% asset "css/app.css" %}``, the path a quoted literal (it is the key of the lookup)."""
    return KeptNode(_assets, static, quoted_name(token, "asset"))


class KeptFragmentNode(template.Node):
    def __init__(self, nodelist, name: str, vary_on: list):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context) -> str:
        key = (self.name, *[value.resolve(context) for value in self.vary_on])
        fragment = _fragments.get(key)
        if fragment is None:
            if len(_fragments) >= _LIMIT:
                _fragments.clear()
            fragment = _fragments[key] = self.nodelist.render(context)
        return fragment


@register.tag
def kept(parser, token) -> KeptFragmentNode:
    """``{% kept "name" value… %}…{% endkept %}``: the name a quoted literal, the values
    template variables (what the fragment shows must depend on nothing else)."""
    name = quoted_name(token, "kept", more=True)
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    vary_on = [parser.compile_filter(bit) for bit in token.split_contents()[2:]]
    return KeptFragmentNode(nodelist, name, vary_on)


def url_parts(name: str, *rest) -> tuple[str, str]:
    """The URL of the view ``name`` for any value of its first argument (the others fixed as
    ``rest``), as what comes before that argument and what comes after it: reversed once per
    process (``reverse`` was 30–70 µs a list page). What ``selection.views.common.url_for``
    builds its rows' links from."""
    key = (get_script_prefix(), name, rest)
    parts = _parts.get(key)
    if parts is None:
        head, tail = reverse(name, args=[_SLOT, *rest]).split(str(_SLOT))
        if len(_parts) >= _LIMIT:
            _parts.clear()
        parts = _parts[key] = (head, tail)
    return parts


class CurrentPathNode(template.Node):
    def render(self, context) -> str:
        request = context.get("request")
        if request is None:
            return ""
        path = request.__dict__.get(_FULL_PATH)
        if path is None:
            path = request.__dict__[_FULL_PATH] = escape(request.get_full_path())
        return path


#: Where a request keeps its full path once a template asked for it.
_FULL_PATH = "_portal_full_path"


@register.tag
def current_path(parser, token) -> CurrentPathNode:
    """``{% current_path %}``: the path and query of the page being made, for a form's
    ``next``."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("{% current_path %} takes no arguments")
    return CurrentPathNode()


def kept_fragment(name: str, *vary_on) -> str | None:
    """The fragment ``{% kept name … %}`` keeps for these values (None: not made yet)."""
    return _fragments.get((name, *vary_on))


def forget_fragments() -> None:
    _fragments.clear()


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs) -> None:
    """Tests that swap the URLconf, the script name or the static files get their own URLs
    (and the fragments that show them)."""
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _reversed.clear()
        _parts.clear()
        _fragments.clear()
    if setting in ("STATIC_URL", "STORAGES", "FORCE_SCRIPT_NAME"):
        _assets.clear()
        _fragments.clear()
    if setting in ("LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"):
        _fragments.clear()


@receiver(file_changed)
def _template_edited(*, file_path, **kwargs) -> None:
    """Development: the frame kept per process (``{% kept %}``: the menu, the language
    switch) is made again after a template is edited, as the template loaders are. (Answers
    None, so the autoreloader still decides whether to restart.)"""
    if file_path.suffix != ".py" and any(
        directory in file_path.parents for directory in get_template_directories()
    ):
        _fragments.clear()
