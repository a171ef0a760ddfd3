"""The eligibility rules of a queue row in one line: built in Python, since the template loop
over 50 rows × 6 rules was most of the screening queue's time."""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..eligibility import RuleResult

register = template.Library()


@register.filter
def rule_summary(rules: list[RuleResult]) -> str:
    """Passed rules by their facts (the rule itself as a tooltip), failed ones by rule and facts,
    in red; the pass/fail word is there for screen readers, the mark for the eye. Escaped here
    with the standard library's ``html.escape`` (what Django's ``escape`` calls, without its
    lazy-string wrapper, which was a third of this filter's time) and joined as plain strings:
    ``format_html`` per rule took half of it."""
    words = {
        True: (_("通过"), "success", "✓", "text-body"),
        False: (_("未通过"), "danger", "✗", "text-danger fw-semibold"),
    }
    items = []
    for rule in rules:
        word, colour, mark, emphasis = words[rule.passed]
        text = rule.detail if rule.passed else f"{rule.label}（{rule.detail}）"
        items.append(
            f'<li class="list-inline-item rule-{escape(rule.code)} {emphasis}" '
            f'title="{escape(rule.label)}"><span class="text-{colour}" aria-hidden="true">{mark}'
            f'</span><span class="visually-hidden">{escape(word)}：</span>{escape(text)}</li>'
        )
    # every part was escaped above
    return mark_safe(f'<ul class="list-inline small mb-0 rules">{"".join(items)}</ul>')
