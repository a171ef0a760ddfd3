"""A campaign's phases: which phase it may be moved to by hand, and why not (the rule of the
backward moves; the phase form offers what this allows), and the moves themselves, by hand
(``set_phase``), at the deadlines (``advance_due_campaigns``) or, nobody being left to
publicise, with the empty final list (``end_without_notice``)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Exists, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record
from config.wording import sentences

from . import signals
from .choices import (
    PHASE_DEADLINES,
    PHASE_ORDER,
    Phase,
    StageDecision,
    State,
    next_phase,
    previous_phase,
)
from .errors import SelectionError
from .models import Campaign, Nomination, PublicNotice, StageEntry
from .notice import conclusion_blockers, lock_campaign

#: States a nomination reaches only once its review has begun.
REVIEW_BEGUN = (
    State.IN_REVIEW,
    State.SCORED,
    State.SHORTLISTED,
    State.NOT_SELECTED,
    State.IN_NOTICE,
    State.APPROVED,
    State.PUBLISHED,
    State.WITHDRAWN,
    State.REVOKED,
)
#: States a nomination reaches only once the review has produced a result.
REVIEW_DECIDED = (State.SCORED, State.SHORTLISTED, State.NOT_SELECTED)


def is_backwards(campaign: Campaign, phase: str) -> bool:
    """Moving ``campaign`` to ``phase`` would take it back (undoing the work of a phase)."""
    return phase in PHASE_ORDER and PHASE_ORDER.index(phase) < PHASE_ORDER.index(campaign.phase)


def _review_has_results(campaign: Campaign) -> bool:
    """A reviewer saved or submitted scores (the review's work, ``signals.review_work``), a
    nomination was scored or decided, or (逐级推荐) a stage's node decided about its pool. One
    query."""
    answers = signals.review_work.send(Campaign, campaign=campaign)
    done = Q(Exists(Nomination.objects.filter(campaign=campaign, state__in=REVIEW_DECIDED))) | Q(
        Exists(
            StageEntry.objects.filter(stage__campaign=campaign).exclude(
                decision=StageDecision.PENDING
            )
        )
    )
    for _receiver, rows in answers:
        if rows is not None:
            done |= Q(Exists(rows))
    return Campaign.objects.filter(pk=campaign.pk).filter(done).exists()


def backward_blocker(campaign: Campaign, phase: str, now: datetime.datetime | None = None) -> str:
    """Why ``campaign`` cannot go back to ``phase`` ("" when it can). The one rule of the
    backward moves: going back must leave every nomination in a state the phase can handle.

    - 公示 → 评审: never once the 公示 was published: it is public, and its nominees are in
      the notice; one is taken off by an objection upheld (撤销推荐), not by reopening the
      review.
    - 评审 → 资格审查: not once the review has results (scores saved or submitted, a
      nomination scored, the shortlist or a stage's choice confirmed): no move of the
      screening phase could carry them on.
    - 资格审查 → 推荐: not once a nomination has gone into review.
    - Back to a phase whose deadline has passed (筹备's is the opening time): the scheduler
      would move the campaign on again at once (``services.advance_due_campaigns``); the
      deadline is to be moved first.
    """
    if not is_backwards(campaign, phase):
        return ""
    if phase == Phase.REVIEWING and PublicNotice.objects.filter(campaign=campaign).exists():
        return _(
            "公示已发布，名单已对外公开，不能退回“评审”阶段。需要撤下公示中的人员，"
            "请通过异议核实属实（撤销推荐）办理。"
        )
    if phase == Phase.SCREENING and _review_has_results(campaign):
        return _(
            "评审已有结果（已保存或提交的评分、已确定的名单），不能退回“资格审查”阶段。"
            "个别推荐有问题的，请在评审阶段不予推荐，或由纪检部门一票否决。"
        )
    if (
        phase == Phase.NOMINATING
        and Nomination.objects.filter(campaign=campaign, state__in=REVIEW_BEGUN).exists()
    ):
        return _("已有推荐进入评审，不能退回“推荐”阶段。")
    field = PHASE_DEADLINES.get(phase)
    deadline = getattr(campaign, field) if field else None
    if deadline is not None and deadline <= (now or timezone.now()):
        # Said as a refusal and as the note of the phase form, which does not offer the phase:
        # not offered now, and what would make it so.
        return _(
            "%(field)s（%(deadline)s）已过，不能退回“%(phase)s”阶段：退回后系统会立即再次进入"
            "下一阶段。如需退回，请先修改%(field)s。"
        ) % {
            "field": Campaign._meta.get_field(field).verbose_name,
            "phase": Phase(phase).label,
            "deadline": timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M"),
        }
    return ""


def phase_options(campaign: Campaign) -> tuple[list[str], str]:
    """The phases the phase form offers (the current one, the next, and the previous one when
    ``backward_blocker`` allows it), and why the previous one is not offered ("" when it is).

    公示 is not offered before its notice is published: the campaign enters it by publishing
    the notice on its own page (``notice.open_notice``; ``services.set_phase`` refuses it), and
    the campaign page points there instead."""
    previous = previous_phase(campaign.phase)
    held_back = backward_blocker(campaign, previous) if previous else ""
    offered = [previous] if previous and not held_back else []
    offered.append(campaign.phase)
    following = next_phase(campaign.phase)
    if following == Phase.NOTICE and not PublicNotice.objects.filter(campaign=campaign).exists():
        following = None
    if following:
        offered.append(following)
    return offered, held_back


# --- Moving a campaign -----------------------------------------------------------------------


def _move_phase(campaign: Campaign, phase: str, *, by, reason: str = "", request=None) -> None:
    source = campaign.phase
    campaign.phase = phase
    campaign.save(update_fields=["phase"])
    # What is kept of the campaign depends on its phase (an integrity officer's nominations).
    Campaign.generation(campaign.pk).bump()
    record(
        "campaign.phase_changed",
        actor=by,
        target=campaign,
        org_path=campaign.owner.path,
        before={"phase": source},
        after={"phase": phase} | ({"reason": reason} if reason else {}),
        request=request,
    )


def set_phase(campaign: Campaign, phase: str, *, by, reason: str = "", request=None) -> Campaign:
    """An admin moves the campaign to another phase by hand: forward, or, to correct a mistake,
    back one step — only with a written reason, kept in the audit, and only where
    ``phases.backward_blocker`` allows it. The 公示 opens on its own page
    (``notice.open_notice``); a campaign wrongly taken back from it returns to the notice
    already published. Not from 评审 straight to 结束: that end is the confirmation of an empty
    final list (``end_without_notice``), which records the list first."""
    if phase not in PHASE_ORDER:
        raise SelectionError(_("未知的阶段。"))
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = lock_campaign(campaign, by)
        if locked.phase == phase:
            raise SelectionError(_("活动已处于该阶段。"))
        if locked.phase == Phase.REVIEWING and phase == Phase.CONCLUDED:
            raise SelectionError(
                _(
                    "评审阶段不能直接结束活动：确定拟推荐名单后发布公示；人选均已出局的，"
                    "在“评审结果”页面确定空名单，活动随之结束。"
                )
            )
        if phase not in (next_phase(locked.phase), previous_phase(locked.phase)):
            raise SelectionError(_("阶段只能逐步推进或回退一步。"))
        blocker = backward_blocker(locked, phase)
        if blocker:
            raise SelectionError(blocker)
        if is_backwards(locked, phase) and not reason:
            raise SelectionError(_("回退阶段须写明理由。"))
        if phase == Phase.NOTICE and not PublicNotice.objects.filter(campaign=locked).exists():
            raise SelectionError(_("请在“公示”页面发布公示，活动随之进入公示阶段。"))
        if phase == Phase.CONCLUDED:
            _require_conclusion(locked)
        _move_phase(locked, phase, by=by, reason=reason, request=request)
    campaign.phase = phase
    return campaign


def end_without_notice(campaign: Campaign, *, by, reason: str, request=None) -> Campaign:
    """The campaign ends in review, without a 公示, once nobody is left to publicise
    (``notice.conclusion_blockers``): the end of confirming its final list empty
    (``evaluations.services.confirm_shortlist``), called in that transaction once the list is
    recorded, and nothing else's. The written reason is kept in the phase's audit event."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = lock_campaign(campaign, by)
        if locked.phase != Phase.REVIEWING:
            raise SelectionError(_("只能在评审阶段确定拟推荐名单。"))
        _require_conclusion(locked)
        if not reason:
            raise SelectionError(_("没有拟推荐人选、不经公示结束活动，须写明理由。"))
        _move_phase(locked, Phase.CONCLUDED, by=by, reason=reason, request=request)
    campaign.phase = Phase.CONCLUDED
    return campaign


def _require_conclusion(campaign: Campaign) -> None:
    blockers = conclusion_blockers(campaign)
    if blockers:
        raise SelectionError(_("还不能结束活动：%s") % sentences(blockers))


def advance_due_campaigns(now: datetime.datetime | None = None) -> list[int]:
    """Move every campaign whose current phase has passed its deadline to the next phase.

    Idempotent: a campaign moves once per deadline; running it again finds nothing due. Each
    campaign moves in its own transaction, locked, so two schedulers cannot move it twice.
    """
    now = now or timezone.now()
    moved = []
    for phase, field in PHASE_DEADLINES.items():
        due = Campaign.objects.filter(phase=phase, **{f"{field}__lte": now}).values_list(
            "pk", flat=True
        )
        for pk in due:
            with transaction.atomic():
                campaign = Campaign.objects.select_for_update().select_related("owner").get(pk=pk)
                deadline = getattr(campaign, PHASE_DEADLINES.get(campaign.phase, ""), None)
                if campaign.phase != phase or deadline is None or deadline > now:
                    continue
                _move_phase(campaign, next_phase(phase), by=None)
                moved.append(pk)
    return moved
