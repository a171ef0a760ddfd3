"""Permission predicates of the review: who scores what, who manages the committee, who sees
survey results. Built on :mod:`members.scope` and :mod:`selection.rules`."""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from config.wording import listing
from members import scope
from members.choices import Role
from members.models import Organization
from selection import rules as selection_rules
from selection import stages as selection_stages
from selection.choices import Phase, StageDecision, State
from selection.models import Campaign, IntegrityOpinion, Nomination, Stage, StageEntry

from .choices import REVIEWABLE, SURVEY_OPEN, CardState
from .models import Scorecard


def has_conflict(user, nomination: Nomination) -> bool:
    """Automatic conflicts: the reviewer's own nomination, or one from the reviewer's branch."""
    member = getattr(user, "member", None)
    if member is None:
        return False
    return member.pk == nomination.member_id or member.organization_id == nomination.branch_id


def must_recuse(user, nomination: Nomination, declared: set[tuple[int, int]]) -> bool:
    """The reviewer may not be given the nomination: an automatic conflict (``has_conflict``)
    or one they declared (``declared``: the campaign's (nomination id, user id) pairs)."""
    return has_conflict(user, nomination) or (nomination.pk, user.pk) in declared


def can_score(user, card: Scorecard) -> bool:
    return card.reviewer_id == user.pk and scope.has_role(user, Role.REVIEWER)


def card_closed(card: Scorecard) -> str:
    """Why a card not submitted can no longer be filled in ("" while it can): its nomination is
    no longer in review (decided, or ended by a veto, a screening or the 公示), or the list the
    card would count for is confirmed (``list_confirmed``): a card submitted after it would
    change the ranking under a decision already taken. What was saved on it stays."""
    nomination = card.nomination
    if card.state == CardState.SUBMITTED:
        return ""
    if nomination.state not in REVIEWABLE:
        return _("这份推荐已不在评审中（当前为“%(state)s”），评分表不能再填写或提交。") % {
            "state": nomination.get_state_display()
        }
    if confirmed := list_confirmed(card):
        return _(
            "%(list)s已确定，这份评分表不能再修改或提交，以免改变确定名单所依据的排名；"
            "已保存的草稿保留，不计入排名。如有疑问，请与组织部门联系。"
        ) % {"list": confirmed}
    return ""


def list_confirmed(card: Scorecard) -> str:
    """The list ``card`` would count for, once it is confirmed ("" before): that of its
    nomination at its stage (``list_confirmed_at``). One query."""
    return list_confirmed_at(card.nomination, card.stage_id)


def list_confirmed_at(nomination: Nomination, stage_id: int | None) -> str:
    """The list that the cards of ``nomination`` carrying ``stage_id`` count for, once it is
    confirmed ("" before); every such card gets the same answer. In a campaign run level by
    level (more than one stage), the stage's pool decided on the nomination
    (``StageEntry.decision``; a first-stage card carries no stage: ``stage_id`` None); in a
    one-stage campaign, the shortlist (a nomination of the campaign 拟推荐 or 未入选 — only the
    confirmation decides them while the campaign is in review). One query."""
    stage = Q(stage_id=stage_id) if stage_id else Q(stage__position=1)
    staged, stage_decided, shortlist_decided = (
        Campaign.objects.filter(pk=nomination.campaign_id)
        .annotate(
            staged=Exists(Stage.objects.filter(campaign_id=OuterRef("pk"), position__gt=1)),
            stage_decided=Exists(
                StageEntry.objects.filter(stage, nomination_id=nomination.pk).exclude(
                    decision=StageDecision.PENDING
                )
            ),
            shortlist_decided=Exists(
                Nomination.objects.filter(
                    campaign_id=OuterRef("pk"), state__in=(State.SHORTLISTED, State.NOT_SELECTED)
                )
            ),
        )
        .values_list("staged", "stage_decided", "shortlist_decided")
        .get()
    )
    if staged:
        return _("这一级的推荐名单") if stage_decided else ""
    return _("本活动的拟推荐名单") if shortlist_decided else ""


def list_confirmed_q() -> Q:
    """``list_confirmed`` as a filter of ``Scorecard``: the list the card would count for is
    confirmed. The same three conditions read in the database, so the reviewer's queue, its
    counts, 提交并评下一份 and the reminders leave out what ``card_closed`` refuses."""
    campaign = OuterRef("nomination__campaign_id")
    decided = StageEntry.objects.filter(nomination_id=OuterRef("nomination_id")).exclude(
        decision=StageDecision.PENDING
    )
    staged = Exists(Stage.objects.filter(campaign_id=campaign, position__gt=1))
    # A first-stage card carries no stage: its nomination's entry at the first stage decides.
    at_its_stage = Exists(decided.filter(stage_id=OuterRef("stage_id")))
    at_first_stage = Exists(decided.filter(stage__position=1))
    stage_decided = (Q(stage__isnull=False) & at_its_stage) | (
        Q(stage__isnull=True) & at_first_stage
    )
    shortlist_decided = Exists(
        Nomination.objects.filter(
            campaign_id=campaign, state__in=(State.SHORTLISTED, State.NOT_SELECTED)
        )
    )
    return (staged & stage_decided) | (~staged & shortlist_decided)


def card_closed_q() -> Q:
    """``card_closed`` as a filter of ``Scorecard``: not submitted, and its nomination no longer
    in review or its list confirmed (``list_confirmed_q``). The reviewer's queue and its counts
    list these 已关闭, not as work left."""
    return ~Q(state=CardState.SUBMITTED) & (
        ~Q(nomination__state__in=REVIEWABLE) | list_confirmed_q()
    )


def scoring_stage_id(nomination: Nomination) -> int | None:
    """The ``stage`` that the cards scoring ``nomination`` now carry: that of the latest pool it
    entered in a campaign run level by level, None at the first stage and in a one-stage
    campaign (``committees.card_stage``). One query."""
    latest = (
        StageEntry.objects.filter(nomination_id=nomination.pk)
        .order_by("-stage__position")
        .values_list("stage_id", "stage__position")
        .first()
    )
    return latest[0] if latest is not None and latest[1] > 1 else None


class ReopenStanding(NamedTuple):
    """What reopening a card of one nomination depends on beyond the card itself: the stage its
    cards are now scored at (``scoring_stage_id``) and the list the cards of that stage count
    for, once it is confirmed (``list_confirmed_at``)."""

    scoring_stage: int | None
    confirmed: str


def reopen_standing(nomination: Nomination) -> ReopenStanding:
    """``nomination``'s ``ReopenStanding``, read once for all its cards (the cards page asks for
    each of them). Two queries."""
    scoring_stage = scoring_stage_id(nomination)
    return ReopenStanding(scoring_stage, list_confirmed_at(nomination, scoring_stage))


def reopen_refused(card: Scorecard, standing: ReopenStanding) -> str:
    """Why an admin may not reopen ``card`` now ("" when they may): the one rule for the
    service and for the 重新打开 button of the cards page. A submitted card is reopened only
    while its review is open: the campaign in its review phase and not archived, the
    nomination still in review (``REVIEWABLE``), in a campaign run level by level still
    scored at the card's stage (``standing.scoring_stage``), and the list the card counts for
    not yet confirmed (``standing.confirmed``: the card is then at the scoring stage, whose
    answer it shares). Later, a card reopened could never be submitted again
    (``card_closed``) and would take back a card the committee's decision rests on.
    ``standing`` is ``reopen_standing(card.nomination)``."""
    nomination = card.nomination
    campaign = nomination.campaign
    if card.state != CardState.SUBMITTED:
        return _("评分表尚未提交，无需重新打开。")
    if campaign.phase != Phase.REVIEWING or selection_rules.campaign_is_archived(campaign):
        return _("活动已不在评审阶段（当前为“%(phase)s”），评分表不能再重新打开。") % {
            "phase": campaign.get_phase_display()
        }
    if nomination.state not in REVIEWABLE:
        return _("这份推荐已不在评审中（当前为“%(state)s”），评分表不能再重新打开。") % {
            "state": nomination.get_state_display()
        }
    if card.stage_id != standing.scoring_stage:
        return _("这份推荐已由这一级推荐到上一级评审，这一级的评分表不能再重新打开。")
    if standing.confirmed:
        return _("%(list)s已确定，评分表不能再重新打开。") % {"list": standing.confirmed}
    return ""


def can_manage_review(user, campaign: Campaign) -> bool:
    return selection_rules.can_manage_campaign(user, campaign)


def can_manage_committee(user, campaign: Campaign, node: Organization | None = None) -> bool:
    """The campaign's committee: whoever manages the campaign's review; a node's committee at a
    stage: the node's admins and those above it (never a sibling's)."""
    if node is None:
        return can_manage_review(user, campaign)
    return selection_stages.can_see_node(user, node)


def may_be_reviewer(user, campaign: Campaign, node: Organization | None = None) -> bool:
    """A reviewer role over the committee's organisation (the node's, else the campaign's
    owner): at it, above it or below it."""
    where = (node or campaign.owner).path
    return any(
        role == Role.REVIEWER and (where.startswith(path) or path.startswith(where))
        for role, path in scope.assignments(user)
    )


#: Survey rights belong with the nomination's other rights.
can_run_survey = selection_rules.can_run_survey


#: How a survey not open stands (``survey_closure``): paused while the nomination is returned
#: for revision and may still be resubmitted (its codes are then answered again), else ended.
PAUSED, ENDED = "paused", "ended"


def survey_closure(nomination: Nomination) -> tuple[str, str]:
    """``(how, why)`` the nomination's 民主测评 takes no more codes nor answers (``("", "")``
    while it does): the one rule, for issuing codes, answering with one, and the admin's survey
    page. It runs from the submission until the committee's decision (a stopped nomination —
    vetoed, ineligible, not selected, withdrawn, its screening left over:
    ``selection.rules.course_ended`` — ends it) and, in a campaign run level by level, only
    while the nomination waits in the pool of a stage that runs it
    (``selection.stages.in_survey_stage``). A nomination returned for revision pauses it
    (``PAUSED``) while it may still be resubmitted (``selection.rules.editing_open``):
    resubmitted, its codes are answered again. Returned and past its revision period (returned
    while nominating and the campaign now screening, past the phase's deadline, an archived
    year), it ends; so does any other reason (``ENDED``).

    ``why`` says why it is not open and what, if anything, can be done, to those who run it:
    the page's notice and the refusal to issue codes are these words (``survey_closed``).
    A respondent is told only ``how`` (``survey_closed_to_respondent``)."""
    if selection_rules.screening_left_over(nomination):  # submitted or returned, never screened
        return ENDED, _(
            "资格审查阶段已结束，这份推荐未完成资格审查，不能进入评审，也不能再修改提交，民主测评不再开展，已发放的测评码不再接受提交。待组织部门在资格审查中作出结论。"
        )
    if nomination.state not in SURVEY_OPEN and nomination.state != State.RETURNED:
        return ENDED, _(
            "这份推荐当前为“%(state)s”，民主测评已结束，已发放的测评码不再接受提交。"
        ) % {"state": nomination.get_state_display()}
    stages = selection_stages.survey_stages_away(nomination)
    if stages:  # resubmitting a returned one would not open it here either
        return ENDED, _(
            "本活动逐级推荐，民主测评只在%(levels)s一级开展，这份推荐目前不在该层级或在该层级的推荐已确定，已发放的测评码不接受提交。"
        ) % {"levels": listing(stage.get_level_display() for stage in stages)}
    if nomination.state == State.RETURNED and selection_rules.editing_open(nomination):
        return PAUSED, _(
            "这份推荐已退回修改，民主测评暂停：暂不能发放测评码，已发放的也暂不接受提交。支部修改后重新提交，测评即恢复。"
        )
    if nomination.state == State.RETURNED:  # its revision can no longer be submitted
        return ENDED, _(
            "这份推荐已退回修改，但修改提交的期限已过，不能再重新提交，民主测评已结束，已发放的测评码不再接受提交。"
        )
    return "", ""


def survey_closed(nomination: Nomination) -> str:
    """Why the nomination's 民主测评 takes no more codes nor answers, to those who run it ("" while
    it does): ``survey_closure``'s reason."""
    return survey_closure(nomination)[1]


def survey_closed_to_respondent(nomination: Nomination) -> tuple[str, str]:
    """``(how, what)`` someone answering with a code is told when the survey takes no answers
    (``("", "")`` while it does): only whether it is paused (try again later: the code waits)
    or ended, as ``survey_closure`` has it. The page is public: nothing of the nomination's
    state, of its people, or of who returned it."""
    how = survey_closure(nomination)[0]
    if how == PAUSED:
        return how, _("本次民主测评暂停，暂不接受提交。请保留您的测评码，稍后再试。")
    return how, _("本次民主测评已结束。") if how else ""


def survey_open(nomination: Nomination) -> bool:
    return not survey_closure(nomination)[0]


def survey_link(user, nomination: Nomination) -> str:
    """What a nomination's page offers of its 民主测评: "survey" while the survey takes codes
    and answers (``survey_closed``); "results" once it is over, if codes were issued: the
    survey page then shows what came back; "" when the user may not run it, or it is over with
    nothing issued — a link to a page that only says it is over would be a dead end."""
    if not can_run_survey(user, nomination):
        return ""
    if not survey_closed(nomination):
        return "survey"
    # A nomination read with its survey (``nomination_page``) answers without a query.
    return "results" if hasattr(nomination, "survey") else ""


def stage_choice_fixed(stage, node: Organization) -> str:
    """Why the node's confirmed choice at ``stage`` can no longer be withdrawn ("" while it can).

    The one rule of withdrawing a stage's choice (逐级推荐). It can be withdrawn while the review
    is under way, the stage is not the final one (the final choice is the shortlist, revised on
    the results page) and the next stage has not acted on what came up from this node: none of
    those nominations has a decision or an eligibility screening there (so none has gone
    further either), a card of that
    stage with scores saved or submitted (a card only assigned is no one's work yet, and is taken
    back), or an integrity opinion given at that stage.
    """
    # Every fact the rule needs, read at once (one query, each an EXISTS or a subquery).
    following = (
        Stage.objects.filter(campaign_id=OuterRef("pk"), position__gt=stage.position)
        .order_by("position")
        .values("pk")[:1]
    )
    entries = StageEntry.objects.filter(stage=stage, node=node)
    advanced = entries.filter(decision=StageDecision.ADVANCED).values("nomination_id")
    # Where they went: the next stage, or a later one past a level their branch skips.
    above = {"stage__position__gt": stage.position, "nomination_id__in": advanced}
    facts = (
        Campaign.objects.filter(pk=stage.campaign_id)
        .annotate(
            following=Subquery(following),
            entries=Exists(entries),
            pending=Exists(entries.filter(decision=StageDecision.PENDING)),
            decided_above=Exists(
                StageEntry.objects.filter(**above).filter(
                    ~Q(decision=StageDecision.PENDING) | Q(screened_at__isnull=False)
                )
            ),
            scored_above=Exists(
                Scorecard.objects.filter(**above).exclude(state=CardState.ASSIGNED)
            ),
            opinion_above=Exists(IntegrityOpinion.objects.filter(**above)),
        )
        .values(
            "phase",
            "following",
            "entries",
            "pending",
            "decided_above",
            "scored_above",
            "opinion_above",
        )
        .get()
    )
    if facts["phase"] != Phase.REVIEWING:
        return _("只能在评审阶段撤回本级推荐名单。")
    if facts["following"] is None:
        return _("最后一级的名单即拟推荐名单，请在评审结果页修订。")
    if not facts["entries"] or facts["pending"]:
        return _("本级推荐名单尚未确定，无需撤回。")
    if facts["decided_above"] or facts["scored_above"] or facts["opinion_above"]:
        return _("上一级已对本级上报的人选评分或作出决定，本级推荐名单不能再撤回。")
    return ""
