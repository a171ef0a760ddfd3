"""``rules|failed_count``: how many of a member's eligibility rules (``RuleResult``s, as
components/eligibility.html shows them) failed, for the question the submit buttons ask
before a nomination that fails some goes on to screening and takes one of the branch's
places. A rule still waiting for someone (the integrity opinion not yet given) has not failed."""

from django import template

from ..eligibility import failed

register = template.Library()


@register.filter
def failed_count(rules) -> int:
    return len(failed(rules))
