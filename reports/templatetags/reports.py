from django import template

from selection.choices import State

from .. import rules
from ..choices import Kind

register = template.Library()


@register.filter
def can_print_form(user, nomination) -> bool:
    """A 推荐审批表 of this one nomination may be asked for (reports.rules)."""
    return nomination.state != State.DRAFT and rules.can_request(
        user, Kind.FORMS, nomination.branch
    )
