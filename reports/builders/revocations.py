"""撤销名单: the honours of a campaign revoked after the fact, with the reason and the decision's
document reference (for the organisation's records; the public pages never show the reason)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from members.scope import prefixes_q
from selection import queries as selection_queries

from .common import Styles, a4_document, grid, write_pdf


def build(job, path, progress) -> int:
    revocations = list(
        selection_queries.campaign_revocations(job.campaign).filter(
            prefixes_q(job.paths, "nomination__branch__path")
        )
    )
    styles = Styles()
    p = styles.p
    title = _("%(title)s撤销名单") % {"title": job.campaign.title}
    rows = [
        [_("序号"), _("姓名"), _("所在党组织"), _("撤销时间"), _("撤销决定文号"), _("撤销理由")]
    ]
    for index, revocation in enumerate(revocations, start=1):
        nomination = revocation.nomination
        rows.append(
            [
                str(index),
                nomination.member.name,
                nomination.branch.name,
                str(timezone.localtime(revocation.revoked_at).date()),
                revocation.document,
                revocation.reason,
            ]
        )
    story = [p(title, styles.title), Spacer(1, 4 * mm)]
    if revocations:
        story.append(grid(rows, [w * mm for w in (11, 20, 36, 22, 35, 50)], styles))
    else:
        story.append(p(_("本活动没有撤销的荣誉。")))
    write_pdf(a4_document(path, title=title), story)
    progress(1, 1)
    return len(revocations)
