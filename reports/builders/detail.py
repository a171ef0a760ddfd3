"""评审明细 (admins only): every submitted scorecard of the scope, per criterion, as the reviewer
submitted it."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations import queries as review
from evaluations.choices import CardState
from evaluations.models import Scorecard

from ..queries import nominations_of
from ..rules import WITHHELD, shows_scores, shows_stage_scores
from . import summary
from .common import header_row, workbook

#: The points recorded on a submitted card, in half points (evaluations.services.record_points).
HALF_COLUMNS = {
    "political": "political_half",
    "performance": "performance_half",
    "public": "public_half",
    "integrity": "integrity_half",
}


def shown(job) -> bool:
    """The cards of the campaign's final stage as ``rules.shows_scores`` says; a stage's cards
    (逐级推荐) to the admins of its nodes in the job's scope (``rules.shows_stage_scores``)."""
    user, campaign = job.requested_by, job.campaign
    if job.stage_id:
        return all(shows_stage_scores(user, path) for path in job.paths)
    return shows_scores(user, campaign)


def build(job, path, progress) -> int:
    """Every submitted card; none before the requester may see them, the sheet saying when."""
    criteria = review.criteria_of(job.campaign)
    cards = Scorecard.objects.filter(
        nomination__in=nominations_of(job).values("pk"), state=CardState.SUBMITTED
    )
    if job.stage_id:  # that stage's cards (a card of the first stage has no stage)
        first = job.stage.position == 1
        cards = cards.filter(stage__isnull=True) if first else cards.filter(stage_id=job.stage_id)
    cards = cards.order_by(
        "nomination__branch__path", "nomination__member__name", "nomination_id", "pk"
    ).values_list(
        "nomination__member__member_no",
        "nomination__member__name",
        "nomination__branch__name",
        "reviewer__username",
        "reviewer__full_name",
        *[HALF_COLUMNS[c.code] for c in criteria],
        "total_half",
        "veto",
        "veto_reason",
        "submitted_at",
        "stage__position",
    )
    total = cards.count()
    book = workbook(path)
    book.set_properties({"title": summary.title(job)})
    sheet = book.add_worksheet(_("评审明细"))
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, 4, 14)
    header_row(
        sheet,
        0,
        [
            _("党员编号"),
            _("姓名"),
            _("所在党组织"),
            _("评审委员账号"),
            _("评审委员"),
            *[c.label for c in criteria],
            _("合计"),
            _("一票否决"),
            _("否决理由"),
            _("提交时间"),
            _("推荐层级"),
        ],
        book,
    )
    if not shown(job):
        sheet.write_string(1, 0, str(WITHHELD))
        book.close()
        progress(0, 0)
        return 0
    number_format = book.formats_["number"]
    count = len(criteria)
    index = 0
    for index, values in enumerate(cards.iterator(chunk_size=2000), start=1):
        member_no, name, branch, username, full_name = values[:5]
        halves = values[5 : 5 + count + 1]
        veto, veto_reason, submitted_at, stage = values[5 + count + 1 :]
        for column, text in enumerate((member_no, name, branch, username, full_name or username)):
            sheet.write_string(index, column, text)
        for offset, half in enumerate(halves):
            if half is not None:
                sheet.write_number(index, 5 + offset, half / 2, number_format)
        sheet.write_string(index, 6 + count, _("是") if veto else _("否"))
        sheet.write_string(index, 7 + count, veto_reason or "")
        if submitted_at:
            sheet.write_string(
                index, 8 + count, timezone.localtime(submitted_at).strftime("%Y-%m-%d %H:%M")
            )
        # 逐级推荐: the stage the card scored at (a card of the first stage has none).
        sheet.write_number(index, 9 + count, stage or 1)
        if index % 2000 == 0:
            progress(index, total)
    book.close()
    progress(total, total)
    return index
