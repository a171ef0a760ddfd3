"""Reads of campaigns: the pickers of the list pages, the admin's list of campaigns and a
campaign's own page."""

from __future__ import annotations

import datetime
import hashlib

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from config.cache import get_or_make_many
from members import scope
from members.choices import Role
from members.models import Organization

from .. import opinions, rules
from ..choices import Phase
from ..models import Campaign, Nomination, Stage

#: How long a campaign's kept number of nominations lives: a change of the campaign's generation
#: makes it unreachable before that.
COUNT_SECONDS = 3600


def campaign_by_id(pk: int) -> Campaign:
    """The campaign with its owner, or 404, whoever asks: for callers that check the user's
    right to it themselves."""
    return get_object_or_404(Campaign.objects.select_related("owner"), pk=pk)


def campaign_for(user, pk: int) -> Campaign:
    return get_object_or_404(rules.visible_campaigns(user).select_related("owner"), pk=pk)


def _campaigns(user) -> QuerySet[Campaign]:
    return (
        Campaign.objects.filter(rules.campaigns_q(user))
        .select_related("owner")
        .order_by("-year", "-pk")
    )


def campaigns(user) -> list[Campaign]:
    """The campaigns the user may see, newest first (the pickers of every list page)."""
    return list(_campaigns(user))


#: The phases in which each role has something to do in a campaign: the home page lists those
#: campaigns before the others (a secretary sees the campaign open for nominations, not only the
#: concluded ones).
WORK_PHASES = {
    Role.SECRETARY: (Phase.NOMINATING,),
    Role.INTEGRITY: rules.ELIGIBILITY_REVIEW_PHASES,
    Role.REVIEWER: (Phase.REVIEWING,),
    Role.ADMIN: (Phase.DRAFT, Phase.NOMINATING, Phase.SCREENING, Phase.REVIEWING, Phase.NOTICE),
}


def home_campaigns(user, *, first: int = 3) -> list[Campaign]:
    """``first`` campaigns the user may see, those in which one of their roles has something to
    do now (``WORK_PHASES``) first, then the newest others; and every campaign a reviewer
    holds cards in (``rules.reviewed_campaigns``), past the first too. Newest first within
    each group: one query, two for a reviewer."""
    working = {phase for role in scope.roles(user) for phase in WORK_PHASES.get(role, ())}
    found = _campaigns(user)
    if working:
        to_do = Case(When(phase__in=working, then=Value(0)), default=Value(1))
        found = found.annotate(to_do=to_do).order_by("to_do", "-year", "-pk")
    shown = list(found[:first])
    if scope.has_role(user, Role.REVIEWER):
        seen = {campaign.pk for campaign in shown}
        also = rules.reviewed_campaigns(user)
        shown += Campaign.objects.filter(pk__in=also).exclude(pk__in=seen).select_related("owner")
        shown.sort(
            key=lambda campaign: (campaign.phase not in working, -campaign.year, -campaign.pk)
        )
    return shown


def queue_campaigns(user, *, rechecks: str) -> list[Campaign]:
    """Of ``campaigns``, those taking or screening nominations (the screening and integrity
    queues' pickers), and (逐级推荐) those under review with a stage that asks again for what
    ``rechecks`` names (a ``Stage`` field: ``recheck_eligibility`` for the screening queue,
    ``recheck_integrity`` for the integrity queue). The screening queue's also those past the
    screening phase with a screening left unfinished (``rules.screening_left_over``)."""
    return list(_queue_campaigns(user, rechecks=rechecks))


def integrity_campaigns(user) -> list[Campaign]:
    """The integrity queue's campaigns (``queue_campaigns``), each with the number of opinions
    awaited (``opinions.opinion_pending``) in the officer's scope as ``opinions_pending``,
    counted in the same query: what the picker tells beside each campaign."""
    pending = (
        Nomination.objects.filter(
            opinions.opinion_pending(),
            rules.integrity_q(scope.paths(user, Role.INTEGRITY)),
            campaign=OuterRef("pk"),
        )
        .order_by()
        .values("campaign")
        .annotate(n=Count("pk"))
        .values("n")
    )
    found = _queue_campaigns(user, rechecks="recheck_integrity")
    return list(found.annotate(opinions_pending=Coalesce(Subquery(pending), 0)))


def first_due(campaigns: list[Campaign]) -> Campaign | None:
    """Of ``integrity_campaigns``, the one the queue opens on: of those with opinions awaited,
    the one whose screening ends first (the opinions are due by then; a campaign without that
    deadline last), the newest of equals; None when nothing is awaited anywhere."""
    due = [campaign for campaign in campaigns if campaign.opinions_pending]
    if not due:
        return None
    return min(
        due,
        key=lambda c: (
            c.screening_deadline is None,
            c.screening_deadline or datetime.datetime.min,
            -c.year,
            -c.pk,
        ),
    )


def _queue_campaigns(user, *, rechecks: str) -> QuerySet[Campaign]:
    """``queue_campaigns`` as a query."""
    # EXISTS rather than joins with DISTINCT: a joined campaign is a row per nomination (and
    # the DISTINCT over all of them) before the picker's dozen remain.
    rechecking = Exists(Stage.objects.filter(campaign=OuterRef("pk"), **{rechecks: True}))
    wanted = Q(phase__in=[Phase.NOMINATING, Phase.SCREENING]) | (
        Q(phase=Phase.REVIEWING) & Q(rechecking)
    )
    if rechecks == "recheck_eligibility":
        # An uncorrelated IN, worked out once: as a correlated EXISTS the planner walked every
        # organisation in scope for each campaign past its screening.
        left_over = Nomination.objects.filter(rules.screening_left_over_for(user))
        wanted |= Q(pk__in=left_over.values("campaign"))
    return _campaigns(user).filter(wanted)


def campaign_page(user, number, per_page: int) -> Page:
    """Page ``number`` of ``campaigns`` (any bad number gives the first or the last page), each
    with the number of its nominations the user may see as ``nomination_count``
    (``nomination_counts``) and of those left over by its screening that the user may close as
    ``screening_left`` (``_screening_left``): two queries (the count, the page), and a third for
    the counts the cache does not hold."""
    found = _campaigns(user).annotate(screening_left=_screening_left(user))
    page = Paginator(found, per_page).get_page(number)
    page.object_list = list(page.object_list)
    counts = nomination_counts(
        [campaign.pk for campaign in page.object_list], rules.nomination_scope(user)
    )
    for campaign in page.object_list:
        campaign.nomination_count = counts[campaign.pk]
    return page


def _screening_left(user) -> Coalesce:
    """A campaign's nominations whose screening was left over (``rules.SCREENING_LEFT_OVER``)
    in the user's admin scope, where they close them: a subquery of the page's own query."""
    left = (
        Nomination.objects.filter(rules.screening_left_over_for(user), campaign=OuterRef("pk"))
        .order_by()
        .values("campaign")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(left), 0)


def _count_key(campaign_id: int, seen: tuple[list[str], list[str]]) -> str:
    """The key of a campaign's count for one scope (``rules.nomination_scope``): users of the
    same scope share it, a user of another never reads it."""
    digest = hashlib.sha256(repr(seen).encode()).hexdigest()[:16]
    return f"nominations:{campaign_id}:count:{digest}"


def nomination_counts(campaign_ids: list[int], seen: tuple[list[str], list[str]]) -> dict[int, int]:
    """Each campaign's number of the nominations a scope ``seen`` (``rules.nomination_scope``)
    may see, as the campaign's list of nominations (``scoped_nominations``) counts them, kept in
    the cache with the campaign's generation token (``Campaign.generation``, which every service
    that adds or deletes a nomination or changes its state bumps) and served only while the
    token is the same (``config.cache.get_or_make_many``): one round trip reads every
    campaign's token and kept count; one query counts those missing or kept under an older
    token, and one round trip keeps them."""
    return get_or_make_many(
        {pk: (Campaign.generation(pk), _count_key(pk, seen)) for pk in campaign_ids},
        lambda missing: _count(missing, seen),
        COUNT_SECONDS,
    )


def _count(campaign_ids: list[int], seen: tuple[list[str], list[str]]) -> dict[int, int]:
    """The campaigns' numbers of nominations within ``seen``, 0 for those without: one grouped
    query."""
    counted = (
        Nomination.objects.filter(rules.nominations_where(*seen), campaign__in=campaign_ids)
        .order_by()
        .values("campaign")
        .annotate(n=Count("pk"))
    )
    return dict.fromkeys(campaign_ids, 0) | {row["campaign"]: row["n"] for row in counted}


def nominating_campaigns(user, branch: Organization | None = None) -> list[Campaign]:
    """Campaigns open for nominations that cover one of the secretary's branches, newest first
    (as ``campaigns``, which ``newest_nominating`` reads in that order)."""
    branch_paths = [b.path for b in ([branch] if branch else scope.branches(user, Role.SECRETARY))]
    above = {path for branch_path in branch_paths for path in scope.ancestor_paths(branch_path)}
    return list(
        Campaign.objects.filter(phase=Phase.NOMINATING, owner__path__in=above)
        .select_related("owner")
        .order_by("-year", "-pk")
    )


def newest_nominating(user, campaigns: list[Campaign]) -> Campaign | None:
    """Of ``campaigns`` (newest first), the newest taking nominations that covers one of the
    user's branches as a secretary: where a secretary's 推荐 page opens. Read from the campaigns
    already loaded (no query): its owner is at or above an organisation the user is secretary
    of, or below one (a secretary over a 党总支 nominates in its branches)."""
    paths = scope.paths(user, Role.SECRETARY)
    for campaign in campaigns:
        owner = campaign.owner.path
        if campaign.phase == Phase.NOMINATING and any(
            path.startswith(owner) or owner.startswith(path) for path in paths
        ):
            return campaign
    return None
