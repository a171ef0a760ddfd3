"""A screening queue's rows, each rule in one line: built in Python, since the template loop
over 50 rows × 6 rules was most of the queue's time, and, once the rules were built here, the
row's own cells were still a quarter of the page (each of their variables is looked up level by
level, a failed ``row[...]`` first)."""

from __future__ import annotations

import functools
from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..queries import QueueRow

register = template.Library()


@functools.lru_cache(maxsize=4096)
def _rule_item(label: str, passed: bool, detail: str, language: str) -> str:
    """A rule's list item, escaped. It depends only on the rule, its facts and the language
    (``language`` is the active one: the pass/fail word is translated here), and a page of 50
    rows repeats most of them (every "同意", every "近 3 年无处分"): built once, not 300 times
    a page. Its mark (✓, ✗) and colours come from the stylesheet (``.rules``): a page of 50
    rows carried them 300 times (92.5 KB on the benchmark's city, now 60.8 KB)."""
    if passed:
        word, kind, text = _("通过"), "ok", detail
    else:
        word, kind, text = _("未通过"), "no", f"{label}（{detail}）"
    return (
        f'<li class="{kind}" title="{escape(label)}"><span class="visually-hidden">'
        f"{escape(word)}：</span>{escape(text)}</li>"
    )


def _row(row: QueueRow, screen_label: str, language: str) -> str:
    """The row's tick box (only where every rule passes), member, branch, rules and the link to
    screen it; the member's name is the box's label for screen readers. Passed rules are shown
    by their facts (the rule itself as a tooltip), failed ones by rule and facts, in red; the
    pass/fail word is there for screen readers, the mark for the eye. Escaped with the
    standard library's ``html.escape`` (what Django's ``escape`` calls, without its
    lazy-string wrapper) and joined as plain strings: ``format_html`` per rule took half of the
    time. One loop over the rules builds the items and finds whether all passed (a generator
    for each was a quarter of the rows' time)."""
    items, all_passed = [], True
    for rule in row.rules:
        items.append(_rule_item(rule.label, rule.passed, rule.detail, language))
        all_passed = all_passed and rule.passed
    pk, url = row.pk, escape(row.url)
    box = (
        f'<input class="form-check-input" type="checkbox" name="nominations" value="{pk}" '
        f'aria-labelledby="name-{pk}">'
        if all_passed
        else ""
    )
    return (
        f'<tr id="n-{pk}"><td>{box}</td>'
        f'<td><a id="name-{pk}" href="{url}">{escape(row.name)}</a></td>'
        f'<td>{escape(row.branch)}</td><td><ul class="rules">{"".join(items)}</ul></td>'
        f'<td><a class="btn btn-sm btn-outline-primary" href="{url}#screening">'
        f"{screen_label}</a></td></tr>"
    )


@register.filter
def screening_rows(rows: list[QueueRow], screen_label: str) -> str:
    """The queue's rows, all in one call (a template loop over 50 rows cost more than
    building them)."""
    language, label = get_language(), escape(screen_label)
    # every part was escaped above
    return mark_safe("\n".join([_row(row, label, language) for row in rows]))
