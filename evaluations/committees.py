"""Which review committee scores what (逐级推荐): the campaign's committee, or one node's at one
stage. Reads only; the writes are ``services.committee`` and ``services.assignments``."""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Window

from members.choices import Role
from members.models import Organization, RoleAssignment, User
from members.scope import ancestor_paths
from selection import stages as selection_stages
from selection.models import Campaign, Stage

from . import conflicts
from .choices import CardState
from .models import Conflict, Reviewer, Scorecard

#: Reviewers a committee's form offers at once: a search narrows the rest.
SHOWN = 20


def scoring_committee(
    stage: Stage, node: Organization, *, final: bool | None = None
) -> tuple[Stage | None, Organization | None]:
    """The one rule for which committee scores a node's pool at a stage, as the ``(stage, node)``
    of its seats: below the final stage of a campaign run level by level, the node's own
    committee for that stage (its admins form it); at the final stage, whose one node is the
    campaign's owner, and in a one-stage campaign, the campaign's committee ``(None, None)``,
    the committee every campaign had before stages had their own. ``final``: whether ``stage`` is
    the campaign's last, when the caller knows it already (else one query)."""
    if selection_stages.is_final(stage) if final is None else final:
        return None, None
    return stage, node


def seats(
    campaign: Campaign, stage: Stage | None = None, node: Organization | None = None
) -> QuerySet[Reviewer]:
    """The seats of one committee: the campaign's (no stage), or a node's at a stage."""
    return Reviewer.objects.filter(campaign=campaign, stage=stage, node=node)


def campaign_stage(campaign: Campaign) -> Stage | None:
    """The stage the campaign's committee scores at in a campaign run level by level: its final
    stage (``scoring_committee``). None in a one-stage campaign, whose committee scores every
    card of the campaign."""
    stages = selection_stages.stages_of(campaign)
    return stages[-1] if selection_stages.is_staged(stages) else None


def card_stage(stage: Stage) -> Stage | None:
    """The ``stage`` a card carries when it scores at ``stage``: none at the first stage (so a
    one-stage campaign's cards, as before stages existed)."""
    return None if stage.position == 1 else stage


def seat_cards(reviewer: Reviewer) -> QuerySet[Scorecard]:
    """The cards a seat holds: on the campaign's committee, the reviewer's cards of the
    campaign (at its final stage when it is run level by level, so leaving it never takes a
    node committee's cards); on a node's, those at its stage of the nominations in that node's
    pool."""
    cards = Scorecard.objects.filter(
        nomination__campaign_id=reviewer.campaign_id, reviewer_id=reviewer.user_id
    )
    if reviewer.stage_id is None:
        final = campaign_stage(reviewer.campaign)
        return cards if final is None else cards.filter(stage=final)
    return cards.filter(
        stage=card_stage(reviewer.stage),
        nomination__stage_entries__stage_id=reviewer.stage_id,
        nomination__stage_entries__node_id=reviewer.node_id,
    )


def seats_with_counts(
    campaign: Campaign,
    stage: Stage | None = None,
    node: Organization | None = None,
    *,
    final: Stage | None = None,
    declared: list[Conflict] | None = None,
) -> list[Reviewer]:
    """One committee's seats for its page, by username, each with ``cards`` and ``submitted``
    (the cards it holds: of the node's pool at the stage, or of the campaign — at ``final``,
    its ``campaign_stage`` read by the caller, when it is run level by level) and
    ``conflicts`` (``conflicts.by_reviewer``; ``declared``, the campaign's declared conflicts,
    read here unless given). Five queries at most, whatever the size; one for an empty one."""
    held = Q(user__scorecards__nomination__campaign=campaign)
    if stage is not None:
        held &= Q(
            user__scorecards__stage=card_stage(stage),
            user__scorecards__nomination__stage_entries__stage=stage,
            user__scorecards__nomination__stage_entries__node=node,
        )
    elif final is not None:
        held &= Q(user__scorecards__stage=final)
    reviewers = list(
        seats(campaign, stage, node)
        .select_related("user__member")
        .annotate(
            cards=Count("user__scorecards", filter=held),
            submitted=Count(
                "user__scorecards", filter=held & Q(user__scorecards__state=CardState.SUBMITTED)
            ),
        )
        .order_by("user__username")
    )
    if not reviewers:  # an empty committee has no conflicts to show
        return reviewers
    if declared is None:
        declared = conflicts.declared_in(campaign)
    found = conflicts.by_reviewer(campaign, reviewers, declared)
    for reviewer in reviewers:
        reviewer.conflicts = found[reviewer.user_id]
    return reviewers


def eligible_reviewers(
    campaign: Campaign, stage: Stage | None = None, node: Organization | None = None
) -> QuerySet[User]:
    """The users who may take a seat on one committee and have none, by username: active, with
    a reviewer role at, above or below its organisation (the node's, else the campaign's
    owner; ``rules.may_be_reviewer``, which the service checks). One row per user."""
    org = node or campaign.owner
    roles = RoleAssignment.objects.filter(
        Q(organization__path__in=ancestor_paths(org.path))
        | Q(organization__path__startswith=org.path),
        user=OuterRef("pk"),
        role=Role.REVIEWER,
    )
    return (
        User.objects.filter(Exists(roles), is_active=True)
        .exclude(pk__in=seats(campaign, stage, node).values("user_id"))
        .order_by("username")
    )


def matching_reviewers(users: QuerySet[User], search: str) -> tuple[list[User], int]:
    """The first ``SHOWN`` of ``users`` whose name or username contains ``search`` (of all,
    without one), and how many more match. One query: the count is a window over the matches."""
    if search:
        users = users.filter(Q(full_name__icontains=search) | Q(username__icontains=search))
    users = users.only("username", "full_name").annotate(matches=Window(Count("pk")))
    shown = list(users[:SHOWN])
    return shown, shown[0].matches - len(shown) if shown else 0


class AtStake(NamedTuple):
    """What reviewers saved on cards about to be taken back (``saved_at_stake``)."""

    #: Cards not submitted that would go.
    open: int
    #: Of those, the cards holding something saved: a score (with its comment) or a veto.
    cards: int
    #: The scores saved on them.
    scores: int
    #: The vetoes (ticked, or their reason written) saved on them.
    vetoes: int


def saved_at_stake(cards: QuerySet[Scorecard]) -> AtStake:
    """The one "saved content at stake" check before cards are taken back (``×`` on one card,
    移出 of a seat with all of its): what their reviewers saved on those of ``cards`` not
    submitted. Anything saved is asked about first, never deleted at one click. One query."""
    vetoed = Q(veto=True) | ~Q(veto_reason="")
    found = Scorecard.objects.filter(
        pk__in=cards.exclude(state=CardState.SUBMITTED).values("pk")
    ).aggregate(
        open=Count("pk", distinct=True),
        cards=Count("pk", distinct=True, filter=Q(scores__isnull=False) | vetoed),
        scores=Count("scores"),
        vetoes=Count("pk", distinct=True, filter=vetoed),
    )
    return AtStake(found["open"], found["cards"], found["scores"], found["vetoes"])
