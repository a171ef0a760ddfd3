"""Reads of the reminders: who has what left before (or after) a deadline, and the sign-in
reminders a user has not dismissed."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import QuerySet

from evaluations.choices import REVIEWABLE, CardState
from evaluations.models import Scorecard
from members import scope
from members.choices import Role
from members.models import RoleAssignment, User
from selection.choices import Phase, State
from selection.models import Campaign, Nomination, Objection
from selection.quota import Quota, quotas

from .choices import Kind
from .models import ReminderLog

#: Campaigns in which a deadline may still be ahead or work still be left.
ACTIVE_PHASES = (Phase.NOMINATING, Phase.SCREENING, Phase.REVIEWING, Phase.NOTICE)


def campaigns_to_remind() -> QuerySet[Campaign]:
    """Running campaigns whose reminders are on, with what the deadlines are read from."""
    return Campaign.objects.filter(reminders_enabled=True, phase__in=ACTIVE_PHASES).select_related(
        "owner", "notice"
    )


def open_cards(campaign: Campaign) -> dict[User, list[Scorecard]]:
    """Each active reviewer's cards not yet submitted, on nominations still taking cards."""
    cards = (
        Scorecard.objects.filter(
            nomination__campaign=campaign,
            nomination__state__in=REVIEWABLE,
            reviewer__is_active=True,
        )
        .exclude(state=CardState.SUBMITTED)
        .select_related("reviewer", "nomination__member", "nomination__branch")
        .order_by("reviewer_id", "nomination_id")
    )
    found: dict[User, list[Scorecard]] = defaultdict(list)
    for card in cards:
        found[card.reviewer].append(card)
    return dict(found)


def places_left(campaign: Campaign) -> dict[User, list[Quota]]:
    """Each active secretary's branches (in the campaign's tree) with quota places not used."""
    branches = list(scope.branches_within([campaign.owner.path]).order_by("path"))
    left = [q for q in quotas(campaign, branches).values() if q.left > 0]
    if not left:
        return {}
    above = {path for q in left for path in scope.ancestor_paths(q.branch.path)}
    seats = RoleAssignment.objects.filter(
        role=Role.SECRETARY, user__is_active=True, organization__path__in=above
    ).select_related("user", "organization")
    found: dict[User, dict[int, Quota]] = defaultdict(dict)
    for seat in seats:
        for quota in left:
            if quota.branch.path.startswith(seat.organization.path):
                found[seat.user][quota.branch.pk] = quota
    return {user: list(by_branch.values()) for user, by_branch in found.items()}


def campaign_admins(campaign: Campaign) -> list[User]:
    """The active admins of the campaign's owner, or, where it has none, of the nearest
    organisation above it that has some."""
    seats = list(
        RoleAssignment.objects.filter(
            role=Role.ADMIN,
            user__is_active=True,
            organization__path__in=scope.ancestor_paths(campaign.owner.path),
        )
        .select_related("user", "organization")
        .order_by("-organization__depth", "user_id")
    )
    if not seats:
        return []
    nearest = seats[0].organization_id
    return [seat.user for seat in seats if seat.organization_id == nearest]


def work_left(campaign: Campaign, kind: str) -> dict[str, int]:
    """What is still open of the phase an overdue reminder is about, by what it is (only
    the non-zero counts)."""
    nominations = Nomination.objects.filter(campaign=campaign)
    if kind == Kind.SCREENING_OVERDUE:
        submitted = nominations.filter(state=State.SUBMITTED)
        counts = {
            "unscreened": submitted.count(),
            "opinions": submitted.filter(integrity_opinion__isnull=True).count(),
        }
    elif kind == Kind.REVIEWING_OVERDUE:
        counts = {
            "cards": Scorecard.objects.filter(
                nomination__campaign=campaign, nomination__state__in=REVIEWABLE
            )
            .exclude(state=CardState.SUBMITTED)
            .count()
        }
    else:
        counts = {
            "objections": Objection.objects.filter(
                notice__campaign=campaign, status=Objection.Status.OPEN
            ).count()
        }
    return {what: n for what, n in counts.items() if n}


def banner(user, now: datetime.datetime) -> list[ReminderLog]:
    """The user's sign-in reminders: not dismissed and still current, newest first."""
    if not user.is_authenticated:
        return []
    return list(
        ReminderLog.objects.filter(
            recipient=user, dismissed_at__isnull=True, show_until__gt=now
        ).select_related("campaign")[:5]
    )


def reminder_for(user, pk: int) -> ReminderLog | None:
    """One of the user's own reminders (another's is as good as absent: a 404)."""
    return ReminderLog.objects.filter(recipient=user, pk=pk).first()
