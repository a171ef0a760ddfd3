"""The nomination state machine (DESIGN.md §3): the only code that changes ``Nomination.state``.

Every move goes through :func:`_apply`: inside one transaction it locks the nomination row, checks
the allowed-transition table (state, role, phase, reason), runs the move's own guard, writes the
new state, records a ``Transition`` and an ``AuditEvent``, and e-mails the branch's secretaries
after commit. A repeated or concurrent request finds the state already moved and is refused, so a
move is never applied twice.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record
from config.wording import listing
from members.models import Organization

from . import eligibility, emails, quota, rules, signals, stages
from .choices import CLOSED_STATES, MOVES, Action, IntegrityVerdict, Phase, State
from .errors import SelectionError
from .models import REQUIRED_FOR_SUBMIT, Campaign, IntegrityOpinion, Nomination, Transition


def lock_nomination(pk: int) -> Nomination:
    """The nomination's row, locked until the end of the transaction (the caller's)."""
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("campaign", "branch", "member")
        .get(pk=pk)
    )


def _apply(
    nomination: Nomination,
    action: str,
    *,
    by,
    reason: str = "",
    request=None,
    guard: Callable[[Nomination], list[str]] | None = None,
    details: dict | None = None,
) -> Transition:
    """Apply one move of the transition table. ``guard`` may refuse (raise) or return the names
    of extra fields it set on the locked row; ``details`` go into the audit event as they are."""
    move = MOVES[action]
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = lock_nomination(nomination.pk)
        if not rules.can_move(by, locked, action):
            raise SelectionError(_("您没有权限执行此操作。"), status=403)
        if not move.after_archive:
            rules.require_writable(locked.campaign)
        if locked.state not in move.sources:
            raise SelectionError(
                _("该推荐当前为“%(state)s”，不能%(action)s（可能已被处理）。")
                % {"state": locked.get_state_display(), "action": Action(action).label}
            )
        if locked.campaign.phase not in move.phases:
            raise SelectionError(
                _("活动当前处于“%(phase)s”阶段，不能%(action)s。")
                % {"phase": locked.campaign.get_phase_display(), "action": Action(action).label}
            )
        if move.needs_reason and not reason:
            raise SelectionError(_("请填写理由。"))
        extra_fields = guard(locked) if guard else []
        source = locked.state
        locked.state = move.target
        locked.save(update_fields=["state", "updated_at", *extra_fields])
        Campaign.generation(locked.campaign_id).bump()
        details = dict(details or {})
        if move.target in CLOSED_STATES:
            for _receiver, done in signals.nomination_closed.send(Nomination, nomination=locked):
                details.update(done or {})
        transition = Transition.objects.create(
            nomination=locked,
            action=action,
            source=source,
            target=move.target,
            reason=reason,
            by=by,
        )
        record(
            f"nomination.{action}",
            actor=by,
            target=locked,
            org_path=locked.branch.path,
            before={"state": source},
            after={"state": move.target, "reason": reason}
            | {name: str(getattr(locked, name)) for name in extra_fields}
            | details,
            request=request,
        )
        transaction.on_commit(lambda: emails.state_changed(transition.pk))
    nomination.refresh_from_db()
    return transition


def missing_for_submit(nomination: Nomination) -> list[str]:
    """Labels of the fields still empty (what a secretary must fill in before submitting). A
    form refused for one field has put the others' typed values on the nomination already
    (ModelForm's validation does), so the page that shows it again lists what it still lacks."""
    return [
        str(Nomination._meta.get_field(name).verbose_name)
        for name in REQUIRED_FOR_SUBMIT
        if not getattr(nomination, name)
    ]


def submit(nomination: Nomination, *, by, request=None) -> Transition:
    """Secretary submits a complete nomination within the branch's quota; a returned one
    resubmits on the place it kept (``QUOTA_STATES``).

    Side effects: sets ``submitted_at``; the branch row is locked so that concurrent submits in
    one branch cannot both take the last place.
    """

    def guard(locked: Nomination) -> list[str]:
        if not rules.editing_open(locked):
            raise SelectionError(
                _("活动当前处于“%(phase)s”阶段，这份推荐已不能提交（或已过本阶段截止时间）。")
                % {"phase": locked.campaign.get_phase_display()}
            )
        missing = missing_for_submit(locked)
        if missing:
            raise SelectionError(_("请先填写完整再提交，尚缺：%s。") % listing(missing))
        Organization.objects.select_for_update().get(pk=locked.branch_id)
        if refusal := quota.no_place_refusal(locked):
            raise SelectionError(refusal)
        locked.submitted_at = timezone.now()
        return ["submitted_at"]

    return _apply(nomination, Action.SUBMIT, by=by, request=request, guard=guard)


def return_for_revision(nomination: Nomination, *, by, reason: str, request=None) -> Transition:
    """Return for revision; the nomination remembers the phase (``returned_in``): the secretary
    may fix and resubmit it in that phase, until its deadline (``rules.editing_open``)."""

    def guard(locked: Nomination) -> list[str]:
        locked.returned_in = locked.campaign.phase
        return ["returned_in"]

    return _apply(nomination, Action.RETURN, by=by, reason=reason, request=request, guard=guard)


def declare_ineligible(nomination: Nomination, *, by, reason: str, request=None) -> Transition:
    """Admin finds the nomination ineligible, with a reason: a submitted one, or one returned
    for revision that its secretary can no longer resubmit (``rules.editing_open``)."""

    def guard(locked: Nomination) -> list[str]:
        if locked.state == State.RETURNED and rules.editing_open(locked):
            raise SelectionError(
                _("这份推荐已退回支部修改，支部仍可修改后重新提交：请在重新提交后再审查。")
            )
        return []

    return _apply(
        nomination, Action.DECLARE_INELIGIBLE, by=by, reason=reason, request=request, guard=guard
    )


def declare_ineligible_at_stage(
    nomination: Nomination,
    *,
    by,
    reason: str,
    details: dict,
    request=None,
) -> Transition:
    """逐级推荐: a stage that screens eligibility again finds a nomination of its pool ineligible,
    which ends it everywhere, as a veto does (``evaluations.services.stages.screen_at_stage``
    checks the stage and keeps the verdict on its entry; ``details`` name them in the audit)."""
    return _apply(
        nomination,
        Action.STAGE_INELIGIBLE,
        by=by,
        reason=reason,
        request=request,
        details=details,
    )


def declare_eligible(
    nomination: Nomination, *, by, override_reason: str = "", request=None
) -> Transition:
    """Admin declares the nomination eligible. A failed rule may be overridden only with a
    written reason (kept on the nomination and in the audit); the integrity opinion cannot."""
    override_reason = (override_reason or "").strip()

    def guard(locked: Nomination) -> list[str]:
        failed = eligibility.overridden(locked, override_reason)
        if not failed:
            return []
        locked.eligibility_override_reason = override_reason
        record(
            "nomination.eligibility_overridden",
            actor=by,
            target=locked,
            org_path=locked.branch.path,
            after={"rules": [r.code for r in failed], "reason": override_reason},
            request=request,
        )
        return ["eligibility_override_reason"]

    return _apply(nomination, Action.DECLARE_ELIGIBLE, by=by, request=request, guard=guard)


def give_integrity_opinion(
    nomination: Nomination, *, by, verdict: str, reason: str = "", request=None
) -> IntegrityOpinion:
    """The integrity officer's 廉洁意见. A veto (一票否决) also excludes the nomination at once."""
    reason = (reason or "").strip()
    if verdict == IntegrityVerdict.VETO:
        with transaction.atomic():
            _apply(nomination, Action.VETO, by=by, reason=reason, request=request)
            opinion, _created = IntegrityOpinion.objects.update_or_create(
                nomination=nomination, defaults={"verdict": verdict, "reason": reason, "by": by}
            )
        return opinion
    with transaction.atomic():
        locked = lock_nomination(nomination.pk)
        if not rules.can_give_integrity_opinion(by, locked):
            raise SelectionError(_("您没有权限执行此操作。"), status=403)
        rules.require_writable(locked.campaign)
        if locked.state in (State.DRAFT, *CLOSED_STATES):
            raise SelectionError(
                _("该推荐当前为“%(state)s”，无需廉洁意见。") % {"state": locked.get_state_display()}
            )
        stage_id = rules.recheck_stage_id(locked)
        if locked.campaign.phase not in (Phase.NOMINATING, Phase.SCREENING) and not stage_id:
            raise SelectionError(_("资格审查已结束，不能再出具廉洁意见。"))
        previous = IntegrityOpinion.objects.filter(nomination=locked).first()
        opinion, _created = IntegrityOpinion.objects.update_or_create(
            nomination=locked,
            defaults={"verdict": verdict, "reason": reason, "by": by, "stage_id": stage_id},
        )
        record(
            "nomination.integrity_opinion",
            actor=by,
            target=locked,
            org_path=locked.branch.path,
            before={"verdict": previous.verdict} if previous else None,
            after={"verdict": verdict, "reason": reason, "stage": stage_id},
            request=request,
        )
    return opinion


def start_review(nomination: Nomination, *, by, request=None) -> Transition:
    """An eligible nomination goes to the reviewers (called when it is first assigned); in a
    campaign run level by level it enters its node's pool at the first stage."""

    def guard(locked: Nomination) -> list[str]:
        stages.enter_first_stage(locked)
        return []

    return _apply(nomination, Action.START_REVIEW, by=by, request=request, guard=guard)


def shortlist(nomination: Nomination, *, by, reason: str = "", request=None) -> Transition:
    """The committee confirms the nomination for the shortlist (拟推荐)."""
    return _apply(nomination, Action.SHORTLIST, by=by, reason=reason, request=request)


def not_select(nomination: Nomination, *, by, reason: str = "", request=None) -> Transition:
    return _apply(nomination, Action.NOT_SELECT, by=by, reason=reason, request=request)


def open_notice_for(nomination: Nomination, *, by, request=None) -> Transition:
    return _apply(nomination, Action.OPEN_NOTICE, by=by, request=request)


def withdraw(nomination: Nomination, *, by, reason: str, request=None) -> Transition:
    """An objection upheld (or the committee's decision) withdraws the nomination."""
    return _apply(nomination, Action.WITHDRAW, by=by, reason=reason, request=request)


def approve(nomination: Nomination, *, by, request=None) -> Transition:
    return _apply(nomination, Action.APPROVE, by=by, request=request)


def publish(nomination: Nomination, *, by, request=None) -> Transition:
    return _apply(nomination, Action.PUBLISH, by=by, request=request)


def unpublish(nomination: Nomination, *, by, reason: str, request=None) -> Transition:
    return _apply(nomination, Action.UNPUBLISH, by=by, reason=reason, request=request)


def revoke(
    nomination: Nomination,
    *,
    by,
    reason: str,
    guard: Callable[[Nomination], list[str]],
    details: dict,
    request=None,
) -> Transition:
    """撤销荣誉 (``selection.revocations.revoke_honour`` writes the rest in ``guard``). The one
    move an archived campaign still takes."""
    return _apply(
        nomination,
        Action.REVOKE,
        by=by,
        reason=reason,
        request=request,
        guard=guard,
        details=details,
    )


def resume_review(nomination: Nomination, *, by, reason: str, request=None) -> Transition:
    """逐级推荐: a node withdrew its confirmed choice; a nomination it had left out (未入选) is
    back in its pool."""
    return _apply(nomination, Action.RESUME_REVIEW, by=by, reason=reason, request=request)
