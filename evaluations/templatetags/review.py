"""The reviewer queue's rows and the scoring page's criteria, built in Python: the queue's
cells were two fifths of its time as template variables (each looked up level by level, a
failed ``row[...]`` first), for 50 rows a page of a queue of 1,250 cards, and the scoring
form's four criteria a third of the scoring page's template (each field's name, id, label and
value looked up through its bound field). The queue's rows are one filter call, with the button
and state labels translated once a page, not per row. Escaped with the standard library's
``html.escape``, as ``selection``'s screening rows are."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..choices import CardState
from ..queries import QueueRow

register = template.Library()


@register.filter
def review_rows(cards: Iterable[QueueRow]) -> str:
    """One table row per card: the nominee, branch, campaign, the card's state and the link to
    score it (to view it, once submitted)."""
    states = {state: escape(str(label)) for state, label in CardState.choices}
    buttons = {
        True: ("btn-outline-secondary", escape(_("查看"))),
        False: ("btn-party", escape(_("评分"))),
    }
    rows = []
    for card in cards:
        button, label = buttons[card.submitted]
        # every part is escaped here
        rows.append(
            f"<tr><td>{escape(card.name)}</td><td>{escape(card.branch)}</td>"
            f"<td>{escape(card.campaign)}</td><td>{states[card.state]}</td>"
            f'<td><a class="btn btn-sm {button}" href="{escape(card.url)}">{label}</a></td>'
            "</tr>\n  "
        )
    return mark_safe("".join(rows))


@register.simple_tag
def scorecard_criteria(form) -> str:
    """Each criterion of a ``ScorecardForm``: its points (a number up to the criterion's
    maximum, in half points) and comment, with the rubric; the values as the bound fields give
    them (the card's, or what was posted)."""
    # the template's msgid (its percent signs doubled, as {% translate %} looks them up)
    comment_label = escape(_("评语（低于 40%% 或高于 95%% 时必填）").replace("%%", "%"))
    parts = []
    for criterion in form.criteria:
        points, comment = form[f"points_{criterion.pk}"], form[f"comment_{criterion.pk}"]
        points_id, comment_id = escape(points.id_for_label), escape(comment.id_for_label)
        points_value, comment_value = points.value(), comment.value()
        # every part is escaped here
        parts.append(
            f'<div class="card mb-2 criterion-{escape(criterion.code)}"><div class="card-body">'
            f'<label class="form-label fw-bold" for="{points_id}">{escape(str(points.label))}'
            f'</label><p class="small text-muted mb-2">{escape(criterion.rubric)}</p>'
            f'<input type="number" name="{escape(points.html_name)}" id="{points_id}" '
            f'value="{escape(str("" if points_value is None else points_value))}" min="0" '
            f'max="{escape(str(criterion.max_points))}" step="0.5" inputmode="decimal" '
            'class="form-control mb-2 w-auto">'
            f'<label class="form-label small" for="{comment_id}">{comment_label}</label>'
            f'<textarea name="{escape(comment.html_name)}" id="{comment_id}" rows="2" '
            'maxlength="2000" class="form-control">'
            f"{escape(str('' if comment_value is None else comment_value))}</textarea>"
            "</div></div>"
        )
    return mark_safe("\n".join(parts))
