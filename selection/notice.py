"""Writes of the public notice (公示) and its objections, the approvals that follow, and the
campaign's conclusion (DESIGN.md §6). Nomination states move through :mod:`selection.workflow`."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.services import record
from config import languages
from members.masking import mask_contact

from . import emails, rules, signals, stages, workdays, workflow
from .choices import SCREENING_UNFINISHED, STILL_RUNNING, Action, Phase, StageDecision, State
from .errors import SelectionError
from .models import (
    Campaign,
    Nomination,
    Objection,
    PublicNotice,
    StageEntry,
    Transition,
)

MIN_WORKING_DAYS = 5


def lock_campaign(campaign: Campaign, by) -> Campaign:
    """The campaign, locked for a change by ``by``, who must manage it."""
    locked = Campaign.objects.select_for_update().select_related("owner").get(pk=campaign.pk)
    rules.require_campaign_manager(by, locked)
    return locked


def open_notice(
    campaign: Campaign,
    *,
    starts_on: datetime.date,
    working_days: int,
    contact: str,
    by,
    request=None,
) -> PublicNotice:
    """Open the 公示 of the confirmed shortlist: at least 5 working days on the Chinese
    calendar. Side effects: every nomination still in review (the shortlist decides the ranked
    ones only) ends as 未入选 and its cards not submitted are withdrawn, by the review
    (``signals.notice_opening``, ``evaluations.services.end_unranked``); the campaign enters its
    notice phase; every shortlisted nomination goes into the notice; audited. Refused while a
    stage below the final one has not decided, or while a nomination's screening is not done
    (``screening_unfinished``): nothing after the 公示 would close it."""
    if working_days < MIN_WORKING_DAYS:
        raise SelectionError(_("公示期不少于 %(n)d 个工作日。") % {"n": MIN_WORKING_DAYS})
    with transaction.atomic():
        locked = lock_campaign(campaign, by)
        if locked.phase != Phase.REVIEWING:
            raise SelectionError(_("只有评审阶段确定拟推荐名单后才能发布公示。"))
        if PublicNotice.objects.filter(campaign=locked).exists():
            raise SelectionError(_("本活动已发布公示。"))
        waiting = stages.lower_stages_waiting(locked) or screening_unfinished(locked)
        if waiting:
            raise SelectionError(waiting)
        shortlisted = list(locked.nominations.filter(state=State.SHORTLISTED))
        if not shortlisted:
            raise SelectionError(_("还没有确定拟推荐人选。"))
        notice = PublicNotice.objects.create(
            campaign=locked,
            starts_on=starts_on,
            ends_on=workdays.end_after(starts_on, working_days),
            working_days=working_days,
            contact=contact.strip(),
            opened_by=by,
        )
        # Before the phase moves on: 未入选 is a move of the review phase.
        signals.notice_opening.send(Campaign, campaign=locked, by=by, request=request)
        locked.phase = Phase.NOTICE
        locked.save(update_fields=["phase"])
        for nomination in shortlisted:
            workflow.open_notice_for(nomination, by=by, request=request)
        record(
            "notice.opened",
            actor=by,
            target=locked,
            org_path=locked.owner.path,
            after={
                "starts_on": str(notice.starts_on),
                "ends_on": str(notice.ends_on),
                "nominations": [n.pk for n in shortlisted],
            },
            request=request,
        )
    return notice


def screening_unfinished(campaign: Campaign) -> str:
    """Why the campaign can neither open its 公示 (``open_notice``) nor end without one
    (``conclusion_blockers``): nominations whose screening is not done
    (``SCREENING_UNFINISHED``), which neither path would ever close; "" when there are none.
    One query."""
    unfinished = campaign.nominations.filter(state__in=SCREENING_UNFINISHED).count()
    if not unfinished:
        return ""
    return ngettext(
        "还有 %(n)d 份推荐未完成资格审查（待审查，或退回修改后未重新提交）："
        "请先在“资格审查”页面逐份作出结论，再发布公示或结束活动。",
        "还有 %(n)d 份推荐未完成资格审查（待审查，或退回修改后未重新提交）："
        "请先在“资格审查”页面逐份作出结论，再发布公示或结束活动。",
        unfinished,
    ) % {"n": unfinished}


def unranked_warning(campaign: Campaign) -> str:
    """What opening the 公示 will record 未入选 (``open_notice``), for the admin who opens it;
    "" when nothing. Said by the review (``signals.notice_warning``), in one query."""
    answers = signals.notice_warning.send(Campaign, campaign=campaign)
    return " ".join(text for _receiver, text in answers if text)


def is_running(notice: PublicNotice, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return notice.starts_on <= today <= notice.ends_on


def file_objection(
    notice: PublicNotice,
    nomination: Nomination,
    *,
    name: str,
    contact: str,
    text: str,
    language: str = "",
    request=None,
) -> Objection:
    """Anyone files an objection (实名) while the notice runs; the same objection again (same
    nomination, name and text) is refused. ``language`` is the page's, kept for the answer
    (blank, or one the portal does not offer: the portal's). Audited with the visitor's
    address, as every public action is; bumps the campaign's generation once committed (the
    notice's count). Rate limiting is the view's."""
    rules.require_writable(notice.campaign)
    if not is_running(notice):
        raise SelectionError(_("公示期外不受理异议。"))
    with transaction.atomic():
        # Locked: two identical objections sent at once are seen as one.
        nomination = (
            Nomination.objects.select_for_update(of=("self",))
            .select_related("branch")
            .get(pk=nomination.pk)
        )
        if nomination.campaign_id != notice.campaign_id or nomination.state != State.IN_NOTICE:
            raise SelectionError(_("请选择公示名单中的人员。"))
        if Objection.objects.filter(
            notice=notice, nomination=nomination, name=name, text=text
        ).exists():
            raise SelectionError(
                _("您已反映过相同的内容，请勿重复提交；如有新的情况，请补充后再提交。")
            )
        objection = Objection.objects.create(
            notice=notice,
            nomination=nomination,
            name=name,
            contact=contact,
            text=text,
            language=language if languages.offered(language) else "",
        )
        record(
            "notice.objection_filed",
            target=nomination,
            org_path=nomination.branch.path,
            after={"objection": objection.pk},
            request=request,
        )
        # The public notice counts the objections: it is made again once this one is in.
        transaction.on_commit(Campaign.generation(notice.campaign_id).bump)
    return objection


def resolve_objection(
    objection: Objection,
    *,
    upheld: bool,
    reason: str,
    by,
    investigator: str = "",
    finding: str = "",
    answer: str = "",
    request=None,
) -> Objection:
    """Dismiss or uphold an objection with a written reason, recording who investigated it,
    what they found and the answer to the person who raised it; the answer is e-mailed to the
    contact they gave when it is an e-mail address. Upheld withdraws the nomination."""
    reason = (reason or "").strip()
    investigator, finding, answer = (
        (investigator or "").strip(),
        (finding or "").strip(),
        (answer or "").strip(),
    )
    if not reason:
        raise SelectionError(_("请填写处理意见。"))
    with transaction.atomic():
        locked = (
            Objection.objects.select_for_update(of=("self",))
            .select_related("nomination__campaign__owner", "nomination__branch")
            .get(pk=objection.pk)
        )
        rules.require_campaign_manager(by, locked.nomination.campaign)
        if locked.status != Objection.Status.OPEN:
            raise SelectionError(_("该异议已处理。"))
        locked.status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
        locked.resolution = reason
        locked.resolved_by = by
        locked.resolved_at = timezone.now()
        locked.investigator, locked.finding, locked.answer = investigator, finding, answer
        locked.answer_sent_to = (
            locked.contact.strip() if answer and _is_email(locked.contact) else ""
        )
        locked.save(
            update_fields=[
                "status",
                "resolution",
                "resolved_by",
                "resolved_at",
                "investigator",
                "finding",
                "answer",
                "answer_sent_to",
            ]
        )
        if upheld and locked.nomination.state == State.IN_NOTICE:
            workflow.withdraw(locked.nomination, by=by, reason=reason, request=request)
        record(
            "notice.objection_resolved",
            actor=by,
            target=locked.nomination,
            org_path=locked.nomination.branch.path,
            after={
                "objection": locked.pk,
                "status": locked.status,
                "reason": reason,
                "investigator": investigator,
                "finding": finding,
                "answer": answer,
                # The audit trail keeps that an answer went, not the objector's address.
                "answer_sent_to": mask_contact(locked.answer_sent_to),
            },
            request=request,
        )
        # The public notice shows the outcome count.
        Campaign.generation(locked.nomination.campaign_id).bump()
        if locked.answer_sent_to:
            transaction.on_commit(lambda: emails.objection_answered(locked.pk))
    return locked


def _is_email(contact: str) -> bool:
    try:
        validate_email((contact or "").strip())
    except ValidationError:
        return False
    return True


def has_ended(notice: PublicNotice) -> bool:
    return timezone.localdate() > notice.ends_on


def approval_blocker(notice: PublicNotice | None) -> str:
    """Why the outcome of ``notice`` cannot be confirmed yet (``approve_all``), or "" when it
    can: the one rule of confirming, for the service and for the page that shows the button."""
    if notice is None or not has_ended(notice):
        return _("公示期结束后才能确认公示结果。")
    return ""


def approve_all(campaign: Campaign, *, by, request=None) -> int:
    """After the notice has ended, approve every nomination still in it with no open
    objection. Returns how many were approved."""
    with transaction.atomic():
        locked = lock_campaign(campaign, by)
        notice = PublicNotice.objects.filter(campaign=locked).first()
        blocker = approval_blocker(notice)
        if blocker:
            raise SelectionError(blocker)
        open_ids = set(
            Objection.objects.filter(notice=notice, status=Objection.Status.OPEN).values_list(
                "nomination_id", flat=True
            )
        )
        approved = 0
        for nomination in locked.nominations.filter(state=State.IN_NOTICE).exclude(pk__in=open_ids):
            workflow.approve(nomination, by=by, request=request)
            approved += 1
    return approved


def review_began(campaign: Campaign) -> bool:
    """Whether any nomination of the campaign entered its review: before that nobody can have
    dropped out on the way, and an empty final list would end a campaign that never ran."""
    return Transition.objects.filter(
        nomination__campaign=campaign, action=Action.START_REVIEW
    ).exists()


def conclusion_blockers(campaign: Campaign) -> list[str]:
    """Why the campaign cannot conclude yet (empty when it can). The one rule of concluding:
    after its 公示 has ended with nothing open; or, in review with no 公示, once every
    candidate has dropped out on the way (vetoed, found ineligible, not chosen), no
    nomination still waits for its screening (``SCREENING_UNFINISHED``) and the final list has
    been confirmed empty: nobody is left to publicise (the end that confirming the empty
    final list brings, ``phases.end_without_notice``, with its reason)."""
    notice = PublicNotice.objects.filter(campaign=campaign).first()
    if notice is None:
        if (
            campaign.phase != Phase.REVIEWING
            or campaign.nominations.filter(state__in=STILL_RUNNING).exists()
        ):
            return [_("尚未发布公示。")]
        if not review_began(campaign):
            return [_("评审尚未开始：没有人选进入评审，不能不经公示结束活动。")]
        unfinished = screening_unfinished(campaign)
        if unfinished:
            return [unfinished]
        waiting = stages.lower_stages_waiting(campaign)
        if waiting:
            return [waiting]
        if StageEntry.objects.filter(
            stage__campaign=campaign, decision=StageDecision.PENDING
        ).exists():
            return [_("最后一级尚未确定名单：请在最后一级确定空名单，写明理由。")]
        return []
    problems = []
    if not has_ended(notice):
        problems.append(
            _("公示期至 %(date)s 结束，结束前不能结束活动。") % {"date": notice.ends_on}
        )
    if Objection.objects.filter(notice=notice, status=Objection.Status.OPEN).exists():
        problems.append(_("还有未处理的异议。"))
    if campaign.nominations.filter(state=State.IN_NOTICE).exists():
        problems.append(_("还有公示中的人员未确认结果。"))
    waiting = stages.lower_stages_waiting(campaign)
    if waiting:
        problems.append(waiting)
    return problems
