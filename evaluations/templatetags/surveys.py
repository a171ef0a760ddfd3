"""What a nomination's page offers of its 民主测评, by the survey page's own rule."""

from django import template

from .. import rules
from ..models import Survey

register = template.Library()


@register.simple_tag
def survey_link(user, nomination) -> str:
    """ "survey" while the survey takes codes and answers (``rules.survey_closed``); "results"
    once it is over, if codes were issued: the survey page then shows what came back; "" when
    the user may not run it, or it is over with nothing issued — a link to a page that only says
    it is over would be a dead end."""
    if not rules.can_run_survey(user, nomination):
        return ""
    if not rules.survey_closed(nomination):
        return "survey"
    return "results" if Survey.objects.filter(nomination=nomination).exists() else ""
