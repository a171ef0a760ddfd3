"""``{% component "components/navbar.html" %}``: ``{% include %}`` of a fixed template, found once
when the including template is compiled.

Django's ``{% include %}`` works out the included template's name relative to the including
one, looks it up in the render's cache (the first time in each render: in the loaders), pushes
the context and the template's render state: 52 K instructions for an empty template, against
28–32 K here, which pushes them as well (a template of ten, counted under callgrind). The page
frame includes three (the navigation bar, the messages, the footer) on every page.

The included template renders as under ``{% include %}`` (the context pushed, so what it sets
stays inside it; a render state of its own); ``with`` and ``only`` are not offered. While
developing, an edited template resets Django's template loaders, and the including template is
compiled again with it.

Loaded as ``{% load components %}`` (registered in ``TEMPLATES`` in settings).
"""

from __future__ import annotations

from django import template

from config.links import quoted_name

register = template.Library()


class ComponentNode(template.Node):
    def __init__(self, component):
        self.component = component

    def render(self, context) -> str:
        component = self.component
        with context.render_context.push_state(component), context.push():
            return component._render(context)


@register.tag
def component(parser, token) -> ComponentNode:
    name = quoted_name(token, "component")
    loader = parser.origin.loader
    engine = loader.engine if loader is not None else template.Engine.get_default()
    return ComponentNode(engine.get_template(name))
