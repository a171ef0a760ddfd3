"""``value|points``: a score as the scorecard, the results and a nomination's page show it;
``value|maximum``: a criterion's maximum points, as typed."""

from django import template
from django.template.defaultfilters import floatformat

from config.wording import as_typed

register = template.Library()


@register.filter(name="points")
def points_text(value) -> str:
    """A score (a criterion's points or maximum, a card's total, a mean, a spread) in one
    format everywhere: two decimals, as the results are computed to the cent (86.50, 25.00),
    with the reader's decimal mark (``floatformat:2``). "" for no score (None), so that
    ``|default:"—"`` after it shows a dash, and a score of 0 shows 0.00."""
    if value is None or value == "":
        return ""
    return floatformat(value, 2)


@register.filter(name="maximum")
def maximum_text(value) -> str:
    """A criterion's maximum points as the admin types them (25, 12.5), wherever it is shown:
    the criteria's boxes and their refusal, the scorecard's labels and refusals, the audit
    log. Not a score: no cents to show."""
    if value is None or value == "":
        return ""
    return as_typed(value)
