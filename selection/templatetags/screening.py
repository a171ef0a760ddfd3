"""A screening queue's row, its eligibility rules in one line: built in Python, since the
template loop over 50 rows × 6 rules was most of the queue's time, and, once the rules were
built here, the row's own cells were still a quarter of the page (each of their variables is
looked up level by level, a failed ``row[...]`` first)."""

from __future__ import annotations

import functools
from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..eligibility import RuleResult
from ..queries import QueueRow

register = template.Library()


@functools.lru_cache(maxsize=256)
def _rule_start(code: str, label: str, passed: bool, language: str) -> str:
    """A rule's item up to its facts, escaped. It depends only on the rule and the language
    (not on the member), so a page of 50 rows × 6 rules builds it six to twelve times, not
    300 (``language`` is the active one: the pass/fail word is translated here)."""
    if passed:
        word, colour, mark, emphasis = _("通过"), "success", "✓", "text-body"
    else:
        word, colour, mark, emphasis = _("未通过"), "danger", "✗", "text-danger fw-semibold"
    return (
        f'<li class="list-inline-item rule-{escape(code)} {emphasis}" title="{escape(label)}">'
        f'<span class="text-{colour}" aria-hidden="true">{mark}</span>'
        f'<span class="visually-hidden">{escape(word)}：</span>'
    )


@register.filter
def rule_summary(rules: list[RuleResult]) -> str:
    """Passed rules by their facts (the rule itself as a tooltip), failed ones by rule and facts,
    in red; the pass/fail word is there for screen readers, the mark for the eye. Escaped here
    with the standard library's ``html.escape`` (what Django's ``escape`` calls, without its
    lazy-string wrapper, which was a third of this filter's time) and joined as plain strings:
    ``format_html`` per rule took half of it."""
    language = get_language()
    items = []
    for rule in rules:
        text = rule.detail if rule.passed else f"{rule.label}（{rule.detail}）"
        start = _rule_start(rule.code, rule.label, rule.passed, language)
        items.append(f"{start}{escape(text)}</li>")
    # every part was escaped above
    return mark_safe(f'<ul class="list-inline small mb-0 rules">{"".join(items)}</ul>')


@register.filter
def screening_row(row: QueueRow, screen_label: str) -> str:
    """The row's tick box (only where every rule passes), member, branch, rules and the link to
    screen it; the member's name is the box's label for screen readers."""
    pk, url = row.pk, escape(row.url)
    box = (
        f'<input class="form-check-input" type="checkbox" name="nominations" value="{pk}" '
        f'aria-labelledby="name-{pk}">'
        if row.all_passed
        else ""
    )
    # every part was escaped above or here
    return mark_safe(
        f'<tr class="screening-row" id="n-{pk}"><td>{box}</td>'
        f'<td><a id="name-{pk}" href="{url}">{escape(row.name)}</a></td>'
        f"<td>{escape(row.branch)}</td><td>{rule_summary(row.rules)}</td>"
        f'<td><a class="btn btn-sm btn-outline-primary" href="{url}#screening">'
        f"{escape(screen_label)}</a></td></tr>"
    )
