from django import template

from selection import rules as selection_rules
from selection.choices import State

from .. import rules
from ..choices import Kind

register = template.Library()


@register.filter
def can_print_form(user, nomination) -> bool:
    """A 推荐审批表 of this one nomination is offered: submitted, its course not ended
    (``selection.rules.course_ended``; the campaign's batch still has it), and the user may
    ask for it (reports.rules)."""
    return (
        nomination.state != State.DRAFT
        and not selection_rules.course_ended(nomination)
        and rules.can_request(user, Kind.FORMS, nomination.branch)
    )
