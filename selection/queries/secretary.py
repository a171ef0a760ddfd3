"""Reads of a secretary's own work: the places their branches have left in a campaign, and
the nominations returned to them for revision or found ineligible."""

from __future__ import annotations

from django.db.models import Q

from members import scope
from members.choices import Role

from .. import rules
from ..choices import State
from ..models import Campaign, Nomination
from ..quota import Quota, quotas


def branch_places(user, campaign: Campaign) -> list[Quota]:
    """The quota of each of the secretary's branches inside the campaign, by path. Four
    queries (one when they have none)."""
    branches = list(
        scope.branches_within(scope.paths(user, Role.SECRETARY))
        .filter(path__startswith=campaign.owner.path)
        .order_by("path")
    )
    table = quotas(campaign, branches)
    return [table[branch.pk] for branch in branches]


def secretary_notices(
    user, campaign: Campaign | None = None
) -> tuple[list[Nomination], list[Nomination]]:
    """What the secretary's branches are told on their home and 推荐 pages (of ``campaign``
    when given), by name: the nominations returned for revision that they may still fix and
    resubmit (``rules.editing_open``), and those found ineligible while the campaign's
    eligibility is under review (``rules.ELIGIBILITY_REVIEW_PHASES``: afterwards it is no
    news). One query."""
    paths = scope.paths(user, Role.SECRETARY)
    if not paths:
        return [], []
    told = (
        Nomination.objects.filter(
            scope.prefixes_q(paths, "branch__path"),
            Q(state=State.RETURNED)
            | Q(state=State.INELIGIBLE, campaign__phase__in=rules.ELIGIBILITY_REVIEW_PHASES),
        )
        .select_related("member", "campaign")
        .only(
            "pk",
            "state",
            "returned_in",
            "member__name",
            "campaign__title",
            "campaign__phase",
            "campaign__nominating_deadline",
            "campaign__screening_deadline",
        )
        .order_by("member__name", "pk")
    )
    if campaign is not None:
        told = told.filter(campaign=campaign)
    returned, ineligible = [], []
    for nomination in told:
        if nomination.state == State.INELIGIBLE:
            ineligible.append(nomination)
        elif rules.editing_open(nomination):
            returned.append(nomination)
    return returned, ineligible
