"""推荐审批表: one A4 form per nomination (personal data, deeds, the branch's opinion, scores, the
integrity and committee opinions, signature boxes); a batch is one PDF with a form per nomination.

Phone, ID number and birth date are masked unless the job asks for them in full
(``ReportJob.unmasked``, audited) and the requester may see them (members.scope). Scores,
totals and ranks are shown as ``rules.shows_scores`` says."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from PIL import ImageOps
from reportlab.lib.units import mm
from reportlab.platypus import Image, PageBreak, Spacer, TableStyle

from config.storage import STORE_ERRORS
from evaluations import queries as review
from members import masking, scope
from selection import images
from selection.choices import StageDecision, State
from selection.models import Stage, StageEntry

from ..queries import nominations_of
from ..rules import WITHHELD, shows_scores, shows_stage_scores, stages_carry_scores
from .common import Styles, Tick, a4_document, grid, write_pdf

STATE_LABELS = dict(State.choices)
PHOTO_SIZE = (28 * mm, 38 * mm)
#: The photo's pixels in the box: 300 dpi, as the form is printed.
PHOTO_PIXELS = (331, 449)
log = logging.getLogger(__name__)


def _photo(nomination, folder: Path):
    """The photo, decoded here and written anew at the box's size into the build's temporary
    ``folder`` (reportlab reads it only when the PDF is written, past any error handling): a
    photo that cannot be read (stored broken, gone, or the storage down) gives a line saying so,
    and never fails the batch."""
    photo = nomination.photo
    if not photo:
        return ""
    try:
        with images.stored(photo, max(PHOTO_PIXELS), of=nomination) as image:
            if image is not None:
                fitted = ImageOps.fit(image.convert("RGB"), PHOTO_PIXELS, centering=(0.5, 0.35))
                path = folder / f"{nomination.pk}.jpg"
                path.write_bytes(images.jpeg_bytes(fitted, quality=85))
                return Image(str(path), width=PHOTO_SIZE[0], height=PHOTO_SIZE[1])
    except STORE_ERRORS as error:
        log.warning("the photo of %s could not be read from the storage: %s", nomination, error)
    return _("照片无法读取")  # centred in the box, where the photo would be


def _date(value) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def _committee_opinion(nomination) -> str:
    if nomination.state in (State.SHORTLISTED, State.IN_NOTICE, State.APPROVED, State.PUBLISHED):
        return _("经评审委员会评审，同意推荐为“四好”党员拟选树对象。")
    if nomination.state in (State.NOT_SELECTED, State.VETOED, State.INELIGIBLE, State.WITHDRAWN):
        return str(STATE_LABELS[nomination.state])
    return ""


def _stage_opinion(entry, shown: bool) -> str:
    """The node's decision, with the rank and total it rests on and the node's reason where
    ``shown`` (``rules.shows_stage_scores``): the reason is the node's whole choice's, which may
    name other branches' nominees (``evaluations.services.choosing``)."""
    if entry.decision == StageDecision.PENDING:
        return _("（待确定）")
    if shown:
        text = _("本级排名第 %(rank)s 名，总分 %(total)s；%(decision)s。") % {
            "rank": entry.rank if entry.rank is not None else "—",
            "total": entry.total if entry.total is not None else "—",
            "decision": entry.get_decision_display(),
        }
    else:
        # Not "评审结束后公布": a node's figures stay the node's after the review too; the box
        # gives its decision alone, as the nomination's page does.
        text = _("%(decision)s。") % {"decision": entry.get_decision_display()}
    if entry.reason and shown:
        text += " " + entry.reason
    return f"{text}　{_date(entry.decided_at)}"


def _stage_boxes(nomination, styles: Styles, width, user) -> list:
    """逐级推荐: one box per stage the nomination reached, with that level's opinion, as the
    paper form has a box per level (a one-stage campaign keeps none)."""
    entries = list(nomination.stage_entries.all())
    if not entries:
        return []
    rows = [
        [
            _("%(node)s意见") % {"node": entry.node.name},
            _stage_opinion(entry, shows_stage_scores(user, entry.node.path)),
        ]
        for entry in entries
    ]
    return [
        styles.p(_("逐级推荐意见"), styles.heading),
        grid(rows, [40 * mm, width - 40 * mm], styles, header=False),
    ]


def _scores(row, criteria, *, shown: bool) -> list[str]:
    """The cells under 评审得分: each criterion, 群众满意度, 总分 and 排名; unless ``shown``
    (``rules.shows_scores``), 评审结束后公布 once, in the first (``form`` spans it across)."""
    count = len(criteria) + 3
    if not shown:
        return [str(WITHHELD)] + [""] * (count - 1)
    if row is None:
        return ["—"] * count
    return [
        *[str(row.criteria.get(c.code) or "—") for c in criteria],
        f"{row.satisfaction * 100:.1f}%" if row.satisfaction is not None else "—",
        str(row.total),
        str(row.rank) if row.rank is not None else "—",
    ]


def _score_box(row, criteria, styles: Styles, width, *, shown: bool) -> list:
    """评审得分: a row of headers and one of ``_scores``."""
    score_headers = [c.label for c in criteria] + [_("群众满意度"), _("总分"), _("排名")]
    scores = grid(
        [score_headers, _scores(row, criteria, shown=shown)],
        [width / len(score_headers)] * len(score_headers),
        styles,
    )
    if not shown:  # one sentence across the row, not cut to fit each narrow cell
        scores.setStyle(TableStyle([("SPAN", (0, 1), (-1, 1))]))
    return [styles.p(_("评审得分"), styles.heading), scores]


def form(
    nomination,
    row,
    criteria,
    styles: Styles,
    *,
    unmasked: bool,
    photos: Path,
    user,
    shown: bool,
    staged: bool = False,
) -> list:
    """The story of one form, for ``user`` (who asked for it); ``shown``: its scores;
    ``staged``: its campaign is run level by level (``rules.stages_carry_scores``)."""
    member = nomination.member
    p = styles.p
    phone = member.phone if unmasked else masking.mask_phone(member.phone)
    id_number = member.id_number if unmasked else masking.mask_id_number(member.id_number)
    birth = _date(member.birth_date) if unmasked else masking.mask_birth_date(member.birth_date)
    width = 174 * mm
    label = 24 * mm
    value = (width - PHOTO_SIZE[0] - 4 * mm - 2 * label) / 2
    personal = grid(
        [
            [
                _("姓名"),
                member.name,
                _("性别"),
                member.get_gender_display(),
                _photo(nomination, photos),
            ],
            [
                _("民族"),
                member.get_ethnicity_display(),
                _("出生日期"),
                birth,
                "",
            ],
            [
                _("学历"),
                member.get_education_display(),
                _("入党日期"),
                _date(member.joined_on),
                "",
            ],
            [
                _("党员编号"),
                member.member_no,
                _("联系电话"),
                phone,
                "",
            ],
            [
                _("身份证号"),
                id_number,
                _("职务/职称"),
                member.post,
                "",
            ],
            [
                _("工作单位"),
                member.work_unit,
                _("所在党组织"),
                nomination.branch.name,
                "",
            ],
        ],
        [label, value, label, value, PHOTO_SIZE[0] + 4 * mm],
        styles,
        header=False,
    )
    personal.setStyle([("SPAN", (4, 0), (4, 5)), ("ALIGN", (4, 0), (4, 0), "CENTER")])
    story = [
        p(_("“四好”党员推荐审批表"), styles.title),
        p(nomination.campaign.title, styles.subtitle),
        Spacer(1, 4 * mm),
        personal,
        p(_("主要事迹摘要"), styles.heading),
        p(nomination.deeds_summary),
        p(_("详细事迹"), styles.heading),
        p(nomination.deeds),
    ]
    for title, text in nomination.evidence:
        story += [p(title, styles.heading), p(text)]
    story += [
        p(_("支部大会(支委会)意见"), styles.heading),
        p(nomination.branch_opinion),
        p(_("会议日期：%(date)s") % {"date": _date(nomination.branch_meeting_date)}),
    ]
    if not stages_carry_scores(nomination.campaign, staged=staged, ranked=row is not None):
        story += _score_box(row, criteria, styles, width, shown=shown)
    opinion = getattr(nomination, "integrity_opinion", None)
    signature = _("（盖章）　　年　　月　　日")
    story += [
        p(_("纪检部门廉洁意见"), styles.heading),
        p(
            f"{opinion.get_verdict_display()}　{opinion.reason}"
            if opinion is not None
            else _("（未出具）")
        ),
        p(_("评审委员会意见"), styles.heading),
        p(_committee_opinion(nomination)),
        *_stage_boxes(nomination, styles, width, user),
        Spacer(1, 6 * mm),
        grid(
            [
                [_("组织部门意见"), signature],
                [_("党委意见"), signature],
            ],
            [40 * mm, width - 40 * mm],
            styles,
            header=False,
        ),
    ]
    return story


def build(job, path, progress) -> int:
    """The forms of the job's nominations. Phone, ID number and birth date in full only when
    the job asks for it (``job.unmasked``) and the requester may see them; the scores as
    ``rules.shows_scores`` says."""
    campaign = job.campaign
    user = job.requested_by
    criteria = review.criteria_of(campaign)
    shown = shows_scores(user, campaign)
    staged = Stage.objects.filter(campaign=campaign, position__gt=1).exists()
    ranked = {row.nomination_id: row for row in review.ranking(campaign)} if shown else {}
    nominations = (
        nominations_of(job)
        .select_related("member", "member__organization", "branch", "integrity_opinion", "campaign")
        .prefetch_related(
            Prefetch(
                "stage_entries",
                queryset=StageEntry.objects.select_related("node").order_by("stage__position"),
            )
        )
        .order_by("branch__path", "member__name", "pk")
    )
    total = nominations.count()
    styles = Styles()
    story: list = []
    with tempfile.TemporaryDirectory(prefix="approval-photos-") as photos:
        for index, nomination in enumerate(nominations.iterator(chunk_size=200), start=1):
            unmasked = job.unmasked and scope.can_see_personal_data(user, nomination.member)
            if story:
                story.append(PageBreak())
            row = ranked.get(nomination.pk)
            story += form(
                nomination,
                row,
                criteria,
                styles,
                unmasked=unmasked,
                photos=Path(photos),
                user=user,
                shown=shown,
                staged=staged,
            )
            story.append(Tick(progress, index, total))
        if not story:
            story.append(styles.p(_("所选范围内没有推荐人选。")))
        title = _("“四好”党员推荐审批表")
        write_pdf(a4_document(path, title=title, author=str(job.requested_by)), story)
    progress(total, total)
    return total
