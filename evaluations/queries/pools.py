"""One node's pool at one stage (逐级推荐), a page at a time in rank order.

The node's ranking reads every card of the pool, so it is kept in the cache under the campaign's
generation (any card, answer, state or decision moves it on) and the release (the ``pages``
cache), like the results page: a view reads the page's rows and a few counts, whatever the size
of the pool. What the chooser needs of the whole pool — its size, the quota, how many are
chosen, where the quota line falls and the current choice — comes from counts and from the kept
list of choosable nominations in rank order, not from the rows of every page."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import caches
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, Max, OuterRef, Q

from members.models import Organization
from selection import nodes as selection_nodes
from selection.choices import UNDER_REVIEW, QuotaKind, StageDecision
from selection.models import Campaign, Stage, StageEntry
from selection.rules import AWAITING_STAGE_SCREENING

from ..choices import CardState
from ..committees import card_stage
from ..models import Criterion, Scorecard
from .choice import Choice, Pick, picks_of
from .pages import PageRows, mark_ties, tie_order
from .rank import RankRow, ranking
from .review import criteria_of, page_number

#: Rows per page of a pool, and how long a node's computed ranking is kept (a change of the
#: campaign's generation makes it unreachable before that).
POOL_PAGE = 50
POOL_SECONDS = 3600


@dataclass
class PoolRow:
    entry: StageEntry
    result: RankRow | None
    history: list[StageEntry]
    chosen: bool = False

    @property
    def choosable(self) -> bool:
        return self.result is not None and self.result.shortlistable

    @property
    def out(self) -> bool:
        """No longer in the running (vetoed, found ineligible), whatever the node decides."""
        return self.entry.nomination.state not in UNDER_REVIEW


@dataclass
class Pool:
    campaign: Campaign
    stage: Stage
    node: Organization
    #: Names this state of the pool's ranking (the template keeps the rendered rows under it).
    key: str
    page: Page
    final: bool
    size: int
    pending: int
    chosen_count: int
    #: The choice the confirm form carries, over every choosable nomination of the pool.
    choice: Choice
    #: Entrants waiting for the stage's eligibility screening (a stage that screens again).
    unscreened: int = 0
    #: Entrants no longer in the running (vetoed, found ineligible) the node has not decided
    #: about yet: not pending, but the node's choice, empty if nothing else is left, still
    #: closes its pool (``services.stages.confirm_stage``).
    out: int = 0
    #: Entrants still in the running that no one has scored at this stage (``unscored_q``):
    #: confirming the node's choice now records them 未推荐 unscored, with a reason.
    unscored: int = 0
    #: Why the node decided as it did ("" when no reason was written or nothing is decided):
    #: one for the whole choice, kept on each entry it decided, shown once.
    reason: str = ""
    #: The campaign's criteria, kept with the ranking (their labels name the tie order).
    criteria: tuple[Criterion, ...] = ()
    #: Entrants still to decide with a card of this stage not yet submitted
    #: (``open_cards_q``): confirming the node's choice closes those cards (``rules.card_closed``).
    with_open_cards: int = 0

    @property
    def tie_order(self) -> list[str]:
        """The criteria that order equal totals, as on the results page (``pages.tie_order``)."""
        return tie_order(self.campaign, list(self.criteria))

    @property
    def page_has_ties(self) -> bool:
        """A row of this page shares its total with another of the pool (its 同分 badge)."""
        return any(row.result is not None and row.result.tied for row in self.page)

    @property
    def decided(self) -> bool:
        return self.size > 0 and not self.open

    @property
    def open(self) -> bool:
        return self.pending + self.out > 0

    @property
    def nothing_left(self) -> bool:
        """Nobody in the pool may be chosen any more: its choice is an empty list, with a
        reason (at the final stage, the campaign ends with no exemplars)."""
        return self.pending == 0 and (self.out > 0 or (self.final and self.size == 0))

    @property
    def unchoosable(self) -> int:
        """Nominations of the pool that may not be chosen (a blocking flag, a veto, no card
        yet): they take no place within the quota."""
        return self.size - len(self.choice.picks)


def pool(
    campaign: Campaign,
    stage: Stage,
    node: Organization,
    *,
    final: bool,
    number=None,
    chosen: list[int] | None = None,
) -> Pool:
    """A page of one node's pool at one stage: ranked on this stage's cards, each entry's
    decision and every earlier stage's entry of the page's nominations (their history).
    ``final``: the stage is the campaign's last. ``chosen``: the chooser's choice so far (None:
    the ranks within the quota). The page's rows are read when the template renders them (two
    queries), which it does not while it keeps them rendered. One query (two with a quota by
    ratio) besides, three more to rank again; whatever the size of the pool."""
    key, picks, criteria = _ranked(campaign, stage, node)
    undecided = Q(decision=StageDecision.PENDING)
    counts = StageEntry.objects.filter(stage=stage, node=node).aggregate(
        size=Count("pk"),
        pending=Count("pk", filter=Q(undecided, nomination__state__in=UNDER_REVIEW)),
        out=Count("pk", filter=Q(undecided) & ~Q(nomination__state__in=UNDER_REVIEW)),
        chosen=Count("pk", filter=Q(decision__in=[StageDecision.ADVANCED, StageDecision.SELECTED])),
        unscreened=Count("pk", filter=AWAITING_STAGE_SCREENING),
        unscored=Count("pk", filter=unscored_q(stage)),
        with_open_cards=Count("pk", filter=open_cards_q(stage)),
        # The node's choice writes the same reason on every entry it decides.
        reason=Max("reason", filter=~Q(decision=StageDecision.PENDING)),
    )
    paginator = Paginator(range(counts["size"]), POOL_PAGE)
    number = paginator.validate_number(page_number(number, paginator.num_pages))
    if final:
        quota = campaign.exemplar_count
    elif stage.quota_kind == QuotaKind.RATIO:
        quota = selection_nodes.node_quota(stage, node)
    else:
        quota = int(stage.quota_value)
    choice = Choice(picks, number, quota, chosen)
    rows = PageRows(lambda: _page_rows(campaign, stage, node, key, number, choice.ticked))
    return Pool(
        campaign,
        stage,
        node,
        key,
        Page(rows, number, paginator),
        final,
        counts["size"],
        counts["pending"],
        counts["chosen"],
        choice,
        counts["unscreened"],
        counts["out"],
        counts["unscored"],
        counts["reason"] or "",
        criteria,
        counts["with_open_cards"],
    )


def unscored_q(stage: Stage) -> Q:
    """Entries of a pool at ``stage`` still to decide, in the running, with no card submitted
    at this stage: the nominations its ranking leaves out for want of a card, which the node's
    choice would record 未推荐 unscored (``services.stages.confirm_stage`` asks a reason for
    them). A filter on entries, no query of its own."""
    cards = Scorecard.objects.filter(
        nomination_id=OuterRef("nomination_id"),
        state=CardState.SUBMITTED,
        stage=card_stage(stage),
    )
    return Q(decision=StageDecision.PENDING, nomination__state__in=UNDER_REVIEW) & ~Exists(cards)


def open_cards_q(stage: Stage) -> Q:
    """Entries of a pool at ``stage`` still to decide, in the running, with a card of this
    stage not yet submitted: confirming the node's choice closes it. A filter on entries, no
    query of its own."""
    cards = Scorecard.objects.filter(
        nomination_id=OuterRef("nomination_id"), stage=card_stage(stage)
    ).exclude(state=CardState.SUBMITTED)
    return Q(decision=StageDecision.PENDING, nomination__state__in=UNDER_REVIEW) & Exists(cards)


def _ranked(
    campaign: Campaign, stage: Stage, node: Organization
) -> tuple[str, list[Pick], tuple[Criterion, ...]]:
    """The key the node's pages are kept under, its choosable nominations and the campaign's
    criteria, from the cache while nothing that changes the ranking has changed."""
    generation = Campaign.generation(campaign.pk)
    name = f"stage_pool:{stage.pk}:{node.pk}"

    def rank():
        key = f"{name}:{generation.current()}"
        stored = _store(campaign, stage, node, key)
        return key, stored["picks"], stored["criteria"]

    return generation.get_or_make(name, rank, POOL_SECONDS)


def _store(campaign: Campaign, stage: Stage, node: Organization, key: str) -> dict:
    """Rank the node's pool once and keep every page of it (ids and ranking rows, in the order
    the page shows them: ranked first, then the others by id). Equal totals are marked over the
    whole pool (``pages.mark_ties``), so a tie across a page break shows on both pages."""
    criteria = tuple(criteria_of(campaign))  # the query ranking() would make for them
    ranked = mark_ties(ranking(campaign, stage, node, criteria))
    results = {row.nomination_id: row for row in ranked}
    ids = StageEntry.objects.filter(stage=stage, node=node).values_list("nomination_id", flat=True)
    order = sorted(
        ids,
        key=lambda pk: (
            results.get(pk) is None or results[pk].rank is None,
            results[pk].rank if pk in results and results[pk].rank else 0,
            pk,
        ),
    )
    pages = {
        number: [(pk, results.get(pk)) for pk in order[start : start + POOL_PAGE]]
        for number, start in enumerate(range(0, len(order), POOL_PAGE), start=1)
    } or {1: []}
    picks = picks_of((results.get(pk) for pk in order), POOL_PAGE)
    caches["pages"].set_many({f"{key}:{n}": page for n, page in pages.items()}, POOL_SECONDS)
    return {"pages": pages, "picks": picks, "criteria": criteria}


def _page_rows(
    campaign: Campaign, stage: Stage, node: Organization, key: str, number: int, chosen: set
) -> list[PoolRow]:
    kept = caches["pages"].get(f"{key}:{number}")
    if kept is None:  # evicted before the list of picks: rank again
        kept = _store(campaign, stage, node, key)["pages"].get(number, [])
    ids = [pk for pk, _result in kept]
    entries = {
        entry.nomination_id: entry
        for entry in StageEntry.objects.filter(
            stage=stage, node=node, nomination_id__in=ids
        ).select_related("nomination__member", "nomination__branch")
    }
    earlier: dict[int, list[StageEntry]] = {}
    for entry in (
        StageEntry.objects.filter(nomination__in=ids, stage__position__lt=stage.position)
        .select_related("stage", "node")
        .order_by("stage__position")
    ):
        earlier.setdefault(entry.nomination_id, []).append(entry)
    return [
        PoolRow(entries[pk], result, earlier.get(pk, []), pk in chosen)
        for pk, result in kept
        if pk in entries
    ]
