"""How many nominations a branch may submit in a campaign, and how many it has used."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext as _

from members.choices import MemberStatus
from members.models import Member, Organization
from members.scope import ancestor_paths

from .choices import QUOTA_STATES, Phase, QuotaKind, State
from .models import Campaign, Nomination, QuotaOverride


@dataclass(frozen=True)
class Quota:
    branch: Organization
    limit: int
    used: int
    full_members: int
    kind: str
    value: Decimal

    @property
    def left(self) -> int:
        return max(self.limit - self.used, 0)


def limit_for(kind: str, value: Decimal, full_members: int) -> int:
    """A fixed number, or a percentage of the full members rounded up (进一法)."""
    if kind == QuotaKind.RATIO:
        return math.ceil(Decimal(full_members) * value / Decimal(100))
    return int(value)


def places_used(nominations) -> dict[int, int]:
    """Places used per branch id, counted from nominations already read (``state`` and
    ``branch_id`` of each): what :func:`quotas` would otherwise count in SQL."""
    used: dict[int, int] = {}
    for nomination in nominations:
        if nomination.state in QUOTA_STATES:
            used[nomination.branch_id] = used.get(nomination.branch_id, 0) + 1
    return used


def _full_members() -> QuerySet[Member]:
    """The members a per-member quota counts."""
    return Member.objects.filter(status=MemberStatus.FULL).order_by()


def full_members() -> Coalesce:
    """The number of full members of each organisation read, as an annotation: a page that reads
    its branches anyway reads their counts with them, and passes them to :func:`quotas` as
    ``full``."""
    counted = (
        _full_members()
        .filter(organization_id=OuterRef("pk"))
        .values("organization_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def nearest_override(campaign) -> dict[str, Subquery]:
    """The quota override of ``campaign`` nearest above or on each organisation read (the
    one on the longest path its own path starts with), as the annotations ``override_kind``
    and ``override_value`` (NULL where none): a page that reads its branches anyway reads them
    with it, and passes them to :func:`quotas` as ``nearest``."""
    above = (
        QuotaOverride.objects.filter(campaign_id=campaign)
        .filter(StartsWith(OuterRef("path"), F("organization__path")))
        .order_by("-organization__depth")
    )
    return {
        "override_kind": Subquery(above.values("kind")[:1]),
        "override_value": Subquery(above.values("value")[:1]),
    }


def nearest_of(path: str, overrides: dict[str, tuple]) -> tuple | None:
    """Of ``overrides`` (by organisation path), the one nearest above or on ``path``."""
    for above in reversed(ancestor_paths(path)):
        if above in overrides:
            return overrides[above]
    return None


def quotas(
    campaign: Campaign,
    branches: list[Organization],
    used: dict[int, int] | None = None,
    full: dict[int, int] | None = None,
    nearest: dict[int, tuple | None] | None = None,
) -> dict[int, Quota]:
    """Quota of each branch, in three queries whatever the number of branches or nominations;
    one fewer for each of what the caller passes, having read it anyway: ``used``
    (:func:`places_used` of every nomination of those branches in the campaign), ``full``
    (the branches' :func:`full_members`, by branch id) and ``nearest`` (each branch's
    :func:`nearest_override` as ``(kind, value)``, None where none, by branch id)."""
    if not branches:
        return {}
    if nearest is None:
        wanted = {path for branch in branches for path in ancestor_paths(branch.path)}
        overrides = {
            path: (kind, value)
            for path, kind, value in QuotaOverride.objects.filter(
                campaign_id=campaign.pk, organization__path__in=wanted
            ).values_list("organization__path", "kind", "value")
        }
        nearest = {branch.pk: nearest_of(branch.path, overrides) for branch in branches}
    if full is None:
        full = dict(
            _full_members()
            .filter(organization__in=branches)
            .values_list("organization_id")
            .annotate(n=Count("*"))  # COUNT(*): read from member_quota_idx alone
        )
    if used is None:
        used = dict(
            Nomination.objects.filter(campaign=campaign, branch__in=branches)
            .values_list("branch")
            .annotate(n=Count("pk", filter=Q(state__in=QUOTA_STATES)))
        )
    table = {}
    for branch in branches:
        # The nearest override above (or on) the branch wins over the campaign default.
        kind, value = nearest[branch.pk] or (campaign.quota_kind, campaign.quota_value)
        members = full.get(branch.pk, 0)
        table[branch.pk] = Quota(
            branch, limit_for(kind, value, members), used.get(branch.pk, 0), members, kind, value
        )
    return table


def place_free_again(nomination: Nomination) -> bool:
    """A nomination submitted and then out of the quota (``QUOTA_STATES``: found ineligible,
    vetoed) while the campaign still takes nominations: the place it used is its branch's
    again, for another member, unless another nomination has taken it since (its quota read
    only then)."""
    return (
        nomination.state not in QUOTA_STATES
        and nomination.state != State.DRAFT
        and nomination.campaign.phase == Phase.NOMINATING
        and quota(nomination.campaign, nomination.branch).left > 0
    )


def quota(campaign: Campaign, branch: Organization) -> Quota:
    return quotas(campaign, [branch])[branch.pk]


def no_place_refusal(nomination: Nomination) -> str:
    """Why the nomination cannot be submitted when every place of its branch is used and it
    holds none of them (a draft), with what frees one; "" when a place is left for it. Three
    queries, none for a nomination holding its place."""
    if nomination.state in QUOTA_STATES:
        return ""
    full = quota(nomination.campaign, nomination.branch)
    if full.used < full.limit:
        return ""
    return _(
        "%(branch)s的推荐名额已用完（%(used)d/%(limit)d），暂不能提交。"
        "已提交的推荐资格审查未通过时，名额会空出；如需增加名额，请联系组织部门。"
    ) % {"branch": full.branch.name, "used": full.used, "limit": full.limit}


def full_members_below(node: Organization, outside: QuerySet[Organization] | None = None) -> int:
    """Full members in a node's subtree (a stage's ratio quota counts them), but for those in
    the subtrees of ``outside`` (organisations below the node), when given. One query."""
    members = _full_members().filter(organization__path__startswith=node.path)
    if outside is not None:
        under = outside.filter(StartsWith(OuterRef("organization__path"), F("path")))
        members = members.exclude(Exists(under))
    return members.count()
