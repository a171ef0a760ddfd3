"""公示名单 (the notice as a printable document) and 公示结果 (after it ends: 无异议, or the
objections and their outcomes). Only what the public notice shows: no phone, ID number or full
birth date, and never the names of those who objected. Both list everyone the notice listed
(``noticed_entries``): one withdrawn during it or whose honour was revoked since is marked, not
left out, so that the copy the yearly archive keeps is the notice as it ran."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from selection import queries as selection_queries
from selection.models import Objection, PublicNotice

from .common import Styles, a4_document, grid, write_pdf

WIDTH = 174 * mm


def _notice(job) -> PublicNotice:
    return PublicNotice.objects.select_related("campaign").get(campaign=job.campaign)


def _header(public_notice: PublicNotice, styles: Styles, title: str) -> list:
    return [styles.p(title, styles.title), Spacer(1, 4 * mm)]


def build_list(job, path, progress) -> int:
    public_notice = _notice(job)
    entries = list(selection_queries.noticed_entries(public_notice))
    styles = Styles()
    p = styles.p
    title = _("%(title)s拟推荐人选公示") % {"title": public_notice.campaign.title}
    rows = [
        [
            _("序号"),
            _("姓名"),
            _("性别"),
            _("民族"),
            _("出生年份"),
            _("入党年份"),
            _("所在党组织"),
            _("职务/职称"),
            _("备注"),
        ]
    ]
    for index, n in enumerate(entries, start=1):
        member = n.member
        rows.append(
            [
                str(index),
                member.name,
                member.get_gender_display(),
                member.get_ethnicity_display(),
                str(member.birth_date.year),
                str(member.joined_on.year),
                n.branch.name,
                member.post,
                selection_queries.notice_mark(n.state),
            ]
        )
    widths = [w * mm for w in (10, 18, 10, 14, 14, 14, 40, 32, 22)]
    story = [
        *_header(public_notice, styles, title),
        p(_("经推荐、资格审查和评审委员会评审，拟推荐以下同志为“四好”党员选树对象，现予以公示。")),
        Spacer(1, 3 * mm),
        grid(rows, widths, styles),
        p(_("主要事迹"), styles.heading),
    ]
    for n in entries:
        story.append(p(f"{n.member.name}（{n.branch.name}）：{n.deeds_summary}"))
    story += [
        Spacer(1, 4 * mm),
        p(
            ngettext(
                "公示时间：%(start)s 至 %(end)s（%(days)d 个工作日）。"
                "公示期间如有异议，请实名反映。",
                "公示时间：%(start)s 至 %(end)s（%(days)d 个工作日）。"
                "公示期间如有异议，请实名反映。",
                public_notice.working_days,
            )
            % {
                "start": public_notice.starts_on,
                "end": public_notice.ends_on,
                "days": public_notice.working_days,
            }
        ),
        p(_("受理联系方式：%(contact)s") % {"contact": public_notice.contact}),
    ]
    write_pdf(a4_document(path, title=title), story)
    progress(1, 1)
    return len(entries)


def build_result(job, path, progress) -> int:
    public_notice = _notice(job)
    entries = list(selection_queries.noticed_entries(public_notice))
    objections: dict[int, list[Objection]] = {}
    for objection in public_notice.objections.order_by("created_at"):
        objections.setdefault(objection.nomination_id, []).append(objection)
    styles = Styles()
    p = styles.p
    title = _("%(title)s公示结果") % {"title": public_notice.campaign.title}
    rows = [[_("序号"), _("姓名"), _("所在党组织"), _("公示结果")]]
    for index, n in enumerate(entries, start=1):
        found = objections.get(n.pk, [])
        if not found:
            outcome = _("无异议")
        else:
            outcome = "\n".join(
                _("异议（%(date)s）：%(status)s。%(resolution)s")
                % {
                    "date": timezone.localtime(o.created_at).date(),
                    "status": o.get_status_display(),
                    "resolution": o.resolution,
                }
                for o in found
            )
        mark = selection_queries.notice_mark(n.state)
        if mark:
            outcome = f"{outcome}\n{mark}"
        rows.append(
            [
                str(index),
                n.member.name,
                n.branch.name,
                outcome,
            ]
        )
    count = sum(len(v) for v in objections.values())
    story = [
        *_header(public_notice, styles, title),
        p(
            ngettext(
                "公示时间：%(start)s 至 %(end)s。公示期间共收到异议 %(count)d 件。",
                "公示时间：%(start)s 至 %(end)s。公示期间共收到异议 %(count)d 件。",
                count,
            )
            % {"start": public_notice.starts_on, "end": public_notice.ends_on, "count": count}
        ),
        Spacer(1, 3 * mm),
        grid(rows, [w * mm for w in (12, 24, 50, 88)], styles),
    ]
    write_pdf(a4_document(path, title=title), story)
    progress(1, 1)
    return len(entries)
