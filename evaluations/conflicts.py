"""Each reviewer's conflicts of interest in a campaign, for the committee page: the automatic
ones — the reviewer's own nomination and those of the reviewer's branch (rules.has_conflict),
known only for a user linked to a member record — and those the reviewer declared
(``Conflict``); and which reviewers the page's manual assignment may offer a nomination."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from selection.models import Nomination

from . import rules
from .models import Conflict


@dataclass
class ReviewerConflicts:
    """What the committee page's 应回避 column shows of one reviewer."""

    #: The nominations the reviewer declared a conflict with (each with its ``Conflict``).
    declared: list[Conflict] = field(default_factory=list)
    #: The automatic ones; None for a user not linked to a member (they cannot be known).
    automatic: list[Nomination] | None = None

    @property
    def unlinked(self) -> bool:
        return self.automatic is None


def declared_pairs(campaign) -> set[tuple[int, int]]:
    """The campaign's declared conflicts as (nomination id, reviewer id) pairs, as
    ``rules.must_recuse`` reads them (one query)."""
    return set(
        Conflict.objects.filter(nomination__campaign=campaign).values_list(
            "nomination_id", "reviewer_id"
        )
    )


def declared_in(campaign) -> list[Conflict]:
    """The conflicts declared in the campaign, with each nominee, by name (one query)."""
    return list(
        Conflict.objects.filter(nomination__campaign=campaign)
        .select_related("nomination__member")
        .order_by("nomination__member__name", "pk")
    )


def automatic(campaign, reviewers) -> dict[int, list[Nomination] | None]:
    """user id → the campaign's nominations that user may not review by the organisation tree;
    ``None`` for a user not linked to a member (their conflicts cannot be known)."""
    members = {r.user_id: r.user.member for r in reviewers}
    linked = [m for m in members.values() if m is not None]
    found: dict[int, list[Nomination] | None] = {
        user_id: ([] if member is not None else None) for user_id, member in members.items()
    }
    if not linked:
        return found
    nominations = (
        Nomination.objects.filter(campaign=campaign)
        .filter(
            Q(member_id__in=[m.pk for m in linked])
            | Q(branch_id__in={m.organization_id for m in linked})
        )
        .select_related("member")
        .order_by("member__name")
    )
    for nomination in nominations:
        for user_id, member in members.items():
            if member is not None and (
                member.pk == nomination.member_id or member.organization_id == nomination.branch_id
            ):
                found[user_id].append(nomination)
    return found


def by_reviewer(campaign, reviewers, declared: list[Conflict]) -> dict[int, ReviewerConflicts]:
    """user id → the reviewer's ``ReviewerConflicts``; a nomination both declared and automatic
    is listed once, as declared. ``declared`` is ``declared_in(campaign)``."""
    found = {
        user_id: ReviewerConflicts(automatic=nominations)
        for user_id, nominations in automatic(campaign, reviewers).items()
    }
    for conflict in declared:
        if conflict.reviewer_id in found:
            found[conflict.reviewer_id].declared.append(conflict)
    for conflicts in found.values():
        if conflicts.automatic:
            named = {c.nomination_id for c in conflicts.declared}
            conflicts.automatic = [n for n in conflicts.automatic if n.pk not in named]
    return found


@dataclass(frozen=True)
class Choice:
    """A reviewer in a nomination's 手动分配 list; ``why`` not empty: shown, not offered."""

    user: object
    why: str = ""


def assign_choices(nomination, reviewers, declared: set[tuple[int, int]]) -> list[Choice]:
    """The committee's reviewers for ``nomination``'s manual assignment, those who may take it
    first (by username, as ``reviewers`` come); the others after, each with why not: already
    holding a card of it (``nomination.scorecards`` prefetched, of the committee's stage) or
    bound to recuse (``rules.must_recuse``, which the service applies). ``declared``: the
    campaign's (nomination id, user id) pairs. No query."""
    holding = {card.reviewer_id for card in nomination.scorecards.all()}
    offered, refused = [], []
    for reviewer in reviewers:
        user = reviewer.user
        if user.pk in holding:
            refused.append(Choice(user, _("已分配")))
        elif (nomination.pk, user.pk) in declared:
            refused.append(Choice(user, _("已申报回避")))
        elif rules.must_recuse(user, nomination, declared):
            refused.append(Choice(user, _("本人或本支部，须回避")))
        else:
            offered.append(Choice(user))
    return offered + refused
