"""Phases, states and the allowed-transition table of the selection workflow (DESIGN.md §3).

The workflow module (``selection.workflow``) reads these tables; nothing else decides which move is
allowed when.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from members.choices import Role


class Phase(models.TextChoices):
    DRAFT = "draft", _("筹备")
    NOMINATING = "nominating", _("推荐")
    SCREENING = "screening", _("资格审查")
    REVIEWING = "reviewing", _("评审")
    NOTICE = "notice", _("公示")
    CONCLUDED = "concluded", _("结束")


PHASE_ORDER = [p.value for p in Phase]

#: For each phase that ends automatically, the campaign field holding its deadline.
#: ``draft`` ends at ``opens_at``; reviewing and the notice end by committee decision.
PHASE_DEADLINES = {
    Phase.DRAFT: "opens_at",
    Phase.NOMINATING: "nominating_deadline",
    Phase.SCREENING: "screening_deadline",
}


def next_phase(phase: str) -> str | None:
    index = PHASE_ORDER.index(phase)
    return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None


def previous_phase(phase: str) -> str | None:
    index = PHASE_ORDER.index(phase)
    return PHASE_ORDER[index - 1] if index > 0 else None


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("退回修改")
    ELIGIBLE = "eligible", _("资格审查通过")
    INELIGIBLE = "ineligible", _("资格审查未通过")
    VETOED = "vetoed", _("廉洁一票否决")
    IN_REVIEW = "in_review", _("评审中")
    SCORED = "scored", _("评分完成")
    SHORTLISTED = "shortlisted", _("拟推荐")
    NOT_SELECTED = "not_selected", _("未入选")
    IN_NOTICE = "in_notice", _("公示中")
    APPROVED = "approved", _("公示通过")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("撤销")
    REVOKED = "revoked", _("已撤销荣誉")


#: States a secretary may still edit.
EDITABLE_STATES = {State.DRAFT, State.RETURNED}
#: States that count against a branch's quota. A nomination returned for revision keeps its
#: place: the secretary cannot fill it with another, and can always resubmit the returned one.
QUOTA_STATES = {
    State.SUBMITTED,
    State.RETURNED,
    State.ELIGIBLE,
    State.IN_REVIEW,
    State.SCORED,
    State.SHORTLISTED,
    State.IN_NOTICE,
    State.APPROVED,
    State.PUBLISHED,
}
#: States from which an integrity veto still excludes the nomination.
VETOABLE_STATES = {
    State.SUBMITTED,
    State.RETURNED,
    State.ELIGIBLE,
    State.IN_REVIEW,
    State.SCORED,
    State.SHORTLISTED,
    State.IN_NOTICE,
}
#: Nominations whose review is under way: a stage's pool holds them, and its node (at the final
#: stage, the committee's shortlist) may still decide about them. A vetoed or withdrawn one is
#: out everywhere.
UNDER_REVIEW = (State.IN_REVIEW, State.SCORED)
#: Nominations still to be chosen or not: under review, or already on the shortlist. A choice
#: may be empty only when none of its pool is one of these.
LEFT_TO_CHOOSE = (*UNDER_REVIEW, State.SHORTLISTED)
#: Nominations a campaign still has to decide about or publicise: it cannot end without a 公示.
STILL_RUNNING = (State.ELIGIBLE, *LEFT_TO_CHOOSE)
#: Nominations whose screening is not done: submitted and waiting for it, or returned for
#: revision. The review phase may find some (the screening deadline moves the campaign on, and
#: a returned one resubmitted late is still waiting); they are closed from the screening queue
#: before a campaign with nobody left to publicise ends.
SCREENING_UNFINISHED = (State.SUBMITTED, State.RETURNED)
#: The phases after the screening phase: what its screening left unfinished can no longer go
#: on, only be closed as ineligible (``rules.screening_left_over``). After the 公示 too: a
#: campaign whose 公示 opened before that was refused (``notice.screening_unfinished``) may
#: still hold such nominations, and nothing else would ever close them.
SCREENING_OVER = (Phase.REVIEWING, Phase.NOTICE, Phase.CONCLUDED)
#: A nomination that ended its course.
CLOSED_STATES = {State.INELIGIBLE, State.VETOED, State.NOT_SELECTED, State.WITHDRAWN}
#: Nominations that were commended (a revoked honour was one): kept when the personal data of
#: the others is deleted after UNSELECTED_RETENTION_DAYS.
SELECTED_STATES = {State.APPROVED, State.PUBLISHED, State.REVOKED}


class Action(models.TextChoices):
    SUBMIT = "submit", _("提交")
    RETURN = "return", _("退回修改")
    DECLARE_ELIGIBLE = "declare_eligible", _("资格审查通过")
    DECLARE_INELIGIBLE = "declare_ineligible", _("资格审查不通过")
    STAGE_INELIGIBLE = "stage_ineligible", _("本级资格审查不通过")
    VETO = "veto", _("廉洁一票否决")
    START_REVIEW = "start_review", _("进入评审")
    SHORTLIST = "shortlist", _("确定为拟推荐")
    NOT_SELECT = "not_select", _("未入选")
    RESUME_REVIEW = "resume_review", _("恢复评审")
    OPEN_NOTICE = "open_notice", _("进入公示")
    WITHDRAW = "withdraw", _("撤销推荐")
    APPROVE = "approve", _("公示通过")
    PUBLISH = "publish", _("发布风采")
    UNPUBLISH = "unpublish", _("撤回风采")
    REVOKE = "revoke", _("撤销荣誉")


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str
    role: str
    phases: frozenset[str]
    needs_reason: bool = False
    #: Allowed in an archived (read-only) campaign: revoking an honour comes years later.
    after_archive: bool = False


#: The allowed-transition table.
MOVES: dict[str, Move] = {
    # A returned nomination may be resubmitted in the phase it was returned in (screening
    # included), until that phase's deadline: ``rules.editing_open`` decides.
    Action.SUBMIT: Move(
        frozenset({State.DRAFT, State.RETURNED}),
        State.SUBMITTED,
        Role.SECRETARY,
        frozenset({Phase.NOMINATING, Phase.SCREENING}),
    ),
    Action.RETURN: Move(
        frozenset({State.SUBMITTED}),
        State.RETURNED,
        Role.ADMIN,
        frozenset({Phase.NOMINATING, Phase.SCREENING}),
        needs_reason=True,
    ),
    Action.DECLARE_ELIGIBLE: Move(
        frozenset({State.SUBMITTED}),
        State.ELIGIBLE,
        Role.ADMIN,
        frozenset({Phase.NOMINATING, Phase.SCREENING}),
    ),
    # Also the screening left unfinished when the review began (``SCREENING_UNFINISHED``): it
    # can only be closed then, as the review (or the 公示 after it) goes on without it; a
    # returned nomination once its secretary can no longer resubmit it
    # (``workflow.declare_ineligible``).
    Action.DECLARE_INELIGIBLE: Move(
        frozenset(SCREENING_UNFINISHED),
        State.INELIGIBLE,
        Role.ADMIN,
        frozenset({Phase.NOMINATING, Phase.SCREENING, *SCREENING_OVER}),
        needs_reason=True,
    ),
    # 逐级推荐: a stage that screens eligibility again finds a nomination of its pool
    # ineligible, which ends it everywhere as a veto does (``declare_ineligible_at_stage``).
    Action.STAGE_INELIGIBLE: Move(
        frozenset({State.IN_REVIEW, State.SCORED}),
        State.INELIGIBLE,
        Role.ADMIN,
        frozenset({Phase.REVIEWING}),
        needs_reason=True,
    ),
    Action.VETO: Move(
        frozenset(VETOABLE_STATES),
        State.VETOED,
        Role.INTEGRITY,
        frozenset({Phase.NOMINATING, Phase.SCREENING, Phase.REVIEWING, Phase.NOTICE}),
        needs_reason=True,
    ),
    Action.START_REVIEW: Move(
        frozenset({State.ELIGIBLE}),
        State.IN_REVIEW,
        Role.ADMIN,
        frozenset({Phase.SCREENING, Phase.REVIEWING}),
    ),
    # The committee may revise its shortlist (with a reason) until the notice opens.
    Action.SHORTLIST: Move(
        frozenset({State.IN_REVIEW, State.SCORED, State.NOT_SELECTED}),
        State.SHORTLISTED,
        Role.ADMIN,
        frozenset({Phase.REVIEWING}),
    ),
    # From ELIGIBLE too: a nomination screened but never given a card ends when the 公示 opens.
    Action.NOT_SELECT: Move(
        frozenset({State.ELIGIBLE, State.IN_REVIEW, State.SCORED, State.SHORTLISTED}),
        State.NOT_SELECTED,
        Role.ADMIN,
        frozenset({Phase.REVIEWING}),
    ),
    # 逐级推荐: a node withdraws its confirmed choice (``evaluations.rules.stage_choice_fixed``
    # says when it may), so the nominations it left out are back in its pool.
    Action.RESUME_REVIEW: Move(
        frozenset({State.NOT_SELECTED}),
        State.IN_REVIEW,
        Role.ADMIN,
        frozenset({Phase.REVIEWING}),
        needs_reason=True,
    ),
    Action.OPEN_NOTICE: Move(
        frozenset({State.SHORTLISTED}),
        State.IN_NOTICE,
        Role.ADMIN,
        frozenset({Phase.REVIEWING, Phase.NOTICE}),
    ),
    Action.WITHDRAW: Move(
        frozenset({State.IN_NOTICE}),
        State.WITHDRAWN,
        Role.ADMIN,
        frozenset({Phase.NOTICE}),
        needs_reason=True,
    ),
    Action.APPROVE: Move(
        frozenset({State.IN_NOTICE}), State.APPROVED, Role.ADMIN, frozenset({Phase.NOTICE})
    ),
    Action.PUBLISH: Move(
        frozenset({State.APPROVED}),
        State.PUBLISHED,
        Role.ADMIN,
        frozenset({Phase.NOTICE, Phase.CONCLUDED}),
    ),
    Action.UNPUBLISH: Move(
        frozenset({State.PUBLISHED}),
        State.APPROVED,
        Role.ADMIN,
        frozenset({Phase.NOTICE, Phase.CONCLUDED}),
        needs_reason=True,
    ),
    # 撤销荣誉: an exemplar later found unworthy (discipline, a substantiated complaint).
    Action.REVOKE: Move(
        frozenset({State.APPROVED, State.PUBLISHED}),
        State.REVOKED,
        Role.ADMIN,
        frozenset({Phase.NOTICE, Phase.CONCLUDED}),
        needs_reason=True,
        after_archive=True,
    ),
}


class QuotaKind(models.TextChoices):
    FIXED = "fixed", _("固定名额")
    RATIO = "ratio", _("按正式党员比例")


class IntegrityVerdict(models.TextChoices):
    PASS = "pass", _("同意")
    VETO = "veto", _("一票否决")


class AttachmentKind(models.TextChoices):
    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"


class StageDecision(models.TextChoices):
    """What a stage's node decided about one nomination of its pool (逐级推荐)."""

    PENDING = "pending", _("待确定")
    ADVANCED = "advanced", _("推荐上报")
    NOT_CHOSEN = "not_chosen", _("未推荐")
    SELECTED = "selected", _("确定为拟推荐")
