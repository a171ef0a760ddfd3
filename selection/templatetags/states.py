"""``{% state_badge nomination %}``: a nomination's state as a coloured badge. A tag rather than
an included template: lists show one per row, and an include costs about ten times as much."""

import functools
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ..choices import State

register = template.Library()

COLOURS = {
    State.DRAFT: "text-bg-secondary",
    State.RETURNED: "text-bg-warning",
    State.INELIGIBLE: "text-bg-danger",
    State.VETOED: "text-bg-danger",
    State.WITHDRAWN: "text-bg-danger",
    State.REVOKED: "text-bg-danger",
    State.SUBMITTED: "text-bg-info",
}


@functools.lru_cache(maxsize=64)
def _badge(state: str, language: str | None) -> SafeString:
    """The badge of ``state`` in ``language`` (the active one: the label is translated here).
    Made once: built with ``format_html`` per row it was a tenth of the secretary dashboard's
    time on the benchmark (a dozen rows)."""
    return mark_safe(
        f'<span class="badge state-{escape(state)} {COLOURS.get(state, "text-bg-success")}">'
        f"{escape(str(State(state).label))}</span>"
    )


def badge_of(state: str) -> SafeString:
    """The badge of ``state`` in the active language."""
    return _badge(state, get_language())


@register.simple_tag
def state_badge(nomination) -> SafeString:
    return badge_of(nomination.state)
