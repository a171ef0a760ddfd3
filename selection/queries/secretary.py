"""Reads of a secretary's own work: the places their branches have left in a campaign, and
the nominations returned to them for revision."""

from __future__ import annotations

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


def returned_to(user, campaign: Campaign | None = None) -> list[Nomination]:
    """The nominations returned for revision to the secretary's branches (of ``campaign`` when
    given) that they may still fix and resubmit (``rules.editing_open``), by name. One query."""
    paths = scope.paths(user, Role.SECRETARY)
    if not paths:
        return []
    returned = (
        Nomination.objects.filter(scope.prefixes_q(paths, "branch__path"), state=State.RETURNED)
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
        returned = returned.filter(campaign=campaign)
    return [nomination for nomination in returned if rules.editing_open(nomination)]
