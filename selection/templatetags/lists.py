"""The nomination dashboard's rows, built in Python: per row the template reversed the detail
URL, formatted the local time and looked up each value as a template variable (a branch's list
on the secretary's home page, 50 rows a page of the admin's list). The secretary's branches
as well, each a section with its quota and rows: a template loop over them looked up a dozen
variables and translated the quota's sentence per branch. Escaped with the standard library's
``html.escape``, as the queues' rows are; the tests compare them with the markup they
replaced."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..queries import BranchNomination
from .states import badge_of

register = template.Library()


def _cells(
    pk: int, name: str, state: str, moment, url: Callable[[int], str]
) -> tuple[str, str, str]:
    link = f'<a href="{escape(url(pk))}">{escape(name)}</a>'
    updated = timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
    return link, badge_of(state), updated


@register.filter
def branch_row(nomination: BranchNomination, url: Callable[[int], str]) -> str:
    """A row of a branch's nominations: the nominee (linked), the state, the last change."""
    link, badge, updated = _cells(
        nomination.pk, nomination.name, nomination.state, nomination.updated_at, url
    )
    # every part is escaped here or by state_badge
    return mark_safe(f"<tr><td>{link}</td><td>{badge}</td><td>{updated}</td></tr>")


@register.filter
def scope_row(nomination, url: Callable[[int], str]) -> str:
    """A row of the nominations in an admin's or integrity officer's scope: the nominee
    (linked), the branch, the state, the integrity opinion's verdict, the last change."""
    link, badge, updated = _cells(
        nomination.pk, nomination.member.name, nomination.state, nomination.updated_at, url
    )
    opinion = getattr(nomination, "integrity_opinion", None)
    verdict = escape(str(opinion.get_verdict_display())) if opinion is not None else "—"
    # every part is escaped here or by state_badge
    return mark_safe(
        f"<tr><td>{link}</td><td>{escape(nomination.branch.name)}</td><td>{badge}</td>"
        f"<td>{verdict}</td><td>{updated}</td></tr>"
    )


@register.filter
def branch_sections(rows, url: Callable[[int], str]) -> str:
    """The secretary's branches (``BranchDashboard``), each a card with its quota (used, of,
    left) and a table of its nominations (``branch_row``)."""
    # gettext outside the f-strings: makemessages does not read into them
    nominee, state, updated, nothing = (
        _("被推荐人"),
        _("状态"),
        _("更新时间"),
        _("本支部尚未推荐。"),
    )
    heads = f"<th>{escape(nominee)}</th><th>{escape(state)}</th><th>{escape(updated)}</th>"
    none = f'<tr><td colspan="3" class="text-muted">{escape(nothing)}</td></tr>'
    sentence = _("名额：已用 %(used)s / 共 %(limit)s，剩余 %(left)s")
    sections = []
    for row in rows:
        quota, branch = row.quota, row.quota.branch
        line = sentence % {"used": quota.used, "limit": quota.limit, "left": quota.left}
        body = "".join([branch_row(nomination, url) for nomination in row.nominations]) or none
        sections.append(
            f'<section class="card mb-3 branch-quota" id="branch-{branch.pk}">'
            '<div class="card-header d-flex justify-content-between flex-wrap">'
            f"<strong>{escape(branch.name)}</strong><span>{escape(line)}</span></div>"
            '<div class="table-responsive"><table class="table table-sm mb-0">'
            f"<thead><tr>{heads}</tr></thead><tbody>{body}</tbody></table></div></section>"
        )
    # every part is escaped here or by branch_row
    return mark_safe("".join(sections))
