"""``{% state_badge nomination %}``: a nomination's state as a coloured badge
(components/state_badge.html); the tag only picks the badge's colour and label."""

from django import template

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
    # Not chosen is an outcome, not a fault of the nomination: neither red nor the green of
    # those still in the running or honoured.
    State.NOT_SELECTED: "text-bg-secondary",
}


@register.inclusion_tag("components/state_badge.html")
def state_badge(nomination) -> dict:
    """The badge of ``nomination.state`` (a nomination or a row with its ``state``), its label
    in the active language."""
    state = nomination.state
    return {
        "state": state,
        "colour": COLOURS.get(state, "text-bg-success"),
        "label": State(state).label,
    }
