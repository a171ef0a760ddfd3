"""Reads of the review, above all the ranking (DESIGN.md §4), computed in the database.

``ranking`` is one hand-written SQL statement, ``RANKING_SQL`` (window functions and CTEs, valid
on PostgreSQL and SQLite; the ORM cannot say the trimmed means), returning ``RankRow``
dataclasses and pinned against the pure-Python reference ``bench/reference.py`` by
``tests/evaluations/test_reference.py``:

1. the submitted cards, with the points recorded on each card when it was submitted;
2. with 5 or more cards, the card with the highest total and the one with the lowest are dropped
   (去掉一个最高分和一个最低分; equal totals are told apart by political, integrity and public
   points, and cards equal on all of them are interchangeable, so the result does not depend on
   the order in which cards were submitted);
3. per criterion, the mean of the kept cards, rounded to two decimals;
4. 群众评价 = max × (w × reviewer_mean / max + (1 − w) × satisfaction) when the survey has
   responses, computed exactly in integer cents and rounded half up (the same figures on
   every database); the reviewers' mean alone otherwise (and the nomination is flagged);
5. total = the sum of the four results; nominations with a veto (a reviewer's card or the
   integrity officer's) are not ranked; the rest are ordered by total and the tie-break chain,
   then by earlier submission.
"""

from __future__ import annotations

import functools
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Count, Exists, Q, Subquery, Sum

from selection import stages as selection_stages
from selection.choices import State
from selection.models import Campaign, Stage

from ..choices import DEFAULT_TIE_BREAK, CardState, CriterionCode
from ..models import Scorecard

CODES = [c.value for c in CriterionCode]
TWO = Decimal("0.01")

#: Half points per criterion are at most 200 (a criterion of 100 points), so a card's
#: (total, political, integrity, public) in half points packs into one integer in base 201.
KEY_BASE = 201

RANKING_SQL = """
WITH noms AS (
    SELECT id, submitted_at, state FROM selection_nomination
    WHERE campaign_id = %(campaign)s AND {pool} AND state <> %(ineligible)s
),
named AS (
    SELECT n.id, m.name AS member_name, o.name AS branch_name
    FROM selection_nomination n
    JOIN members_member m ON m.id = n.member_id
    JOIN members_organization o ON o.id = n.branch_id
    WHERE n.campaign_id = %(campaign)s
),
cards AS (
    -- Each submitted card in half points, and its key: cards are ordered by total, then
    -- political, integrity and public. Two cards with the same key are equal on every
    -- criterion (performance is what remains of the total), so the highest and the lowest
    -- card's points can be read back from MAX(key) and MIN(key): no sort, one pass.
    SELECT c.nomination_id, CASE WHEN c.veto THEN 1 ELSE 0 END AS veto,
        c.total_half AS t2, c.political_half AS p2, c.performance_half AS f2,
        c.public_half AS u2, c.integrity_half AS i2,
        ((CAST(c.total_half AS BIGINT) * {base} + c.political_half) * {base}
            + c.integrity_half) * {base} + c.public_half AS k
    FROM evaluations_scorecard c
    JOIN selection_nomination n ON n.id = c.nomination_id
    WHERE n.campaign_id = %(campaign)s AND c.state = 'submitted' AND {card_stage}
),
sums AS (
    SELECT nomination_id,
        COUNT(*) AS n_cards, MAX(veto) AS card_veto,
        SUM(t2) AS t2, SUM(CAST(t2 AS DOUBLE PRECISION) * t2) AS tt2,
        SUM(p2) AS p2, SUM(f2) AS f2, SUM(u2) AS u2, SUM(i2) AS i2,
        MAX(k) AS top, MIN(k) AS bottom
    FROM cards GROUP BY nomination_id
),
decoded AS (
    SELECT s.*,
        CASE WHEN n_cards >= 5 THEN n_cards - 2 ELSE n_cards END AS kept,
        CASE WHEN n_cards >= 5 THEN 1 ELSE 0 END AS trim,
        top / ({base} * {base} * {base}) AS top_t, (top / ({base} * {base})) %% {base} AS top_p,
        (top / {base}) %% {base} AS top_i, top %% {base} AS top_u,
        bottom / ({base} * {base} * {base}) AS bot_t,
        (bottom / ({base} * {base})) %% {base} AS bot_p,
        (bottom / {base}) %% {base} AS bot_i, bottom %% {base} AS bot_u
    FROM sums s
),
card_stats AS (
    SELECT nomination_id, n_cards, card_veto,
        t2 / 2.0 / n_cards AS mean_total,
        tt2 / 4.0 / n_cards AS mean_square,
        (t2 - trim * (top_t + bot_t)) / 2.0 / kept AS trimmed_total,
        -- Each criterion's mean over the kept cards in cents, rounded half up: H half
        -- points over `kept` cards are 100·H / (2·kept) cents. Integers from here on: exact
        -- on both databases, and cheaper to add and order by than NUMERICs.
        (100 * (p2 - trim * (top_p + bot_p)) + kept) / (2 * kept) AS political,
        (100 * (i2 - trim * (top_i + bot_i)) + kept) / (2 * kept) AS integrity,
        (100 * (u2 - trim * (top_u + bot_u)) + kept) / (2 * kept) AS public_reviewers,
        (100 * (f2 - trim * (top_t - top_p - top_i - top_u + bot_t - bot_p - bot_i - bot_u))
            + kept) / (2 * kept) AS performance
    FROM decoded
),
surveys AS (
    SELECT sv.nomination_id, sv.issued_count AS issued, sv.response_count AS responses,
        sv.satisfied_count AS satisfied
    FROM evaluations_survey sv JOIN noms n ON n.id = sv.nomination_id
),
results AS (
    SELECT n.id AS nomination_id, n.submitted_at, n.state,
        cs.n_cards, cs.mean_total, cs.mean_square, cs.trimmed_total,
        CASE WHEN cs.card_veto = 1 OR n.state = %(vetoed)s THEN 1 ELSE 0 END AS vetoed,
        COALESCE(sv.issued, 0) AS issued,
        COALESCE(sv.responses, 0) AS responses,
        COALESCE(sv.satisfied, 0) AS satisfied,
        cs.political, cs.performance, cs.integrity, cs.public_reviewers,
        -- 群众评价 in cents, exactly, with integers on both databases: with W = 100·w,
        -- M = the criterion's max in cents, R = the reviewers' mean in cents, S of N
        -- satisfied, public = W·R/100 + (100 − W)·M·S/(100·N), rounded half up:
        -- ⌊(2·num + den) / (2·den)⌋ with num = W·R·N + (100 − W)·M·S and den = 100·N.
        CASE WHEN COALESCE(sv.responses, 0) > 0 THEN
            (2 * (CAST(%(weight_pct)s AS BIGINT) * cs.public_reviewers * sv.responses
                + CAST(100 - %(weight_pct)s AS BIGINT) * %(public_max_cents)s * sv.satisfied)
                + 100 * CAST(sv.responses AS BIGINT))
            / (200 * CAST(sv.responses AS BIGINT))
        ELSE cs.public_reviewers END AS public
    FROM noms n
    JOIN card_stats cs ON cs.nomination_id = n.id
    LEFT JOIN surveys sv ON sv.nomination_id = n.id
),
totalled AS (
    SELECT r.*, COALESCE(political, 0) + COALESCE(performance, 0) + COALESCE(public, 0)
        + COALESCE(integrity, 0) AS total
    FROM results r
)
SELECT nomination_id, named.member_name, named.branch_name, state,
    n_cards, mean_total, mean_square, trimmed_total, vetoed,
    issued, responses, satisfied, {criteria}, public_reviewers, total,
    CASE WHEN vetoed = 1 THEN NULL ELSE ROW_NUMBER() OVER (
        PARTITION BY vetoed
        ORDER BY total DESC, {tie_break}, submitted_at ASC, nomination_id ASC
    ) END AS rank
FROM totalled JOIN named ON named.id = totalled.nomination_id
ORDER BY vetoed ASC, rank ASC
"""


#: Which nominations and cards a ranking reads (逐级推荐). The campaign's own ranking is its
#: final stage's: with a single stage, every nomination and every card (cards of the first
#: stage have no stage); with more, the final stage's pool and cards.
FINAL_STAGE = """(SELECT id FROM selection_stage WHERE campaign_id = %(campaign)s AND position > 1
    ORDER BY position DESC LIMIT 1)"""
CAMPAIGN_POOL = f"""(NOT EXISTS {FINAL_STAGE} OR id IN (SELECT nomination_id
    FROM selection_stageentry WHERE stage_id IN {FINAL_STAGE}))"""
CAMPAIGN_CARDS = f"""((c.stage_id IS NULL AND NOT EXISTS {FINAL_STAGE})
    OR c.stage_id IN {FINAL_STAGE})"""
NODE_POOL = """id IN (SELECT nomination_id FROM selection_stageentry
    WHERE stage_id = %(stage)s AND node_id = %(node)s)"""
STAGE_POOL = """id IN (SELECT nomination_id FROM selection_stageentry WHERE stage_id = %(stage)s)"""
FIRST_STAGE_CARDS = "c.stage_id IS NULL"
STAGE_CARDS = "c.stage_id = %(stage)s"


def _dec(value) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, Decimal):  # SQLite answers floats; PostgreSQL, rounded NUMERICs
        value = Decimal(str(value))
    return value.quantize(TWO, rounding=ROUND_HALF_UP)


def _points(cents: int | None) -> Decimal | None:
    """Points from the ranking's cents (``Decimal('12.30')`` from 1230)."""
    return None if cents is None else Decimal(cents).scaleb(-2)


def tie_break_codes(campaign: Campaign) -> list[str]:
    """The campaign's tie-break chain, keeping only known criterion codes (it becomes SQL)."""
    codes = [c.strip() for c in (campaign.tie_break or DEFAULT_TIE_BREAK).split(",")]
    chain = [c for c in codes if c in CODES]
    return list(dict.fromkeys(chain)) or DEFAULT_TIE_BREAK.split(",")


@dataclass
class RankRow:
    nomination_id: int
    cards: int
    criteria: dict[str, Decimal | None]
    public_reviewers: Decimal | None
    total: Decimal
    rank: int | None
    vetoed: bool
    mean_total: Decimal | None
    trimmed_total: Decimal | None
    spread: Decimal | None
    issued: int
    responses: int
    satisfaction: Decimal | None
    flags: list[str] = field(default_factory=list)
    name: str = ""
    branch: str = ""
    state: str = ""
    median_total: Decimal | None = None
    #: Another ranked row has the same total (同分): the tie-break chain set their order.
    tied: bool = False

    @property
    def shortlistable(self) -> bool:
        """Flags that block the shortlist (a high spread is only a warning)."""
        return self.rank is not None and not (set(self.flags) - {"high_spread"})


def ranking(campaign: Campaign, stage=None, node=None, criteria=None) -> list[RankRow]:
    """Every nomination of the campaign that has submitted cards, ranked (vetoed ones last,
    unranked; one a stage found ineligible is left out). One query for the criteria, one for
    everything else.

    With ``stage`` and ``node`` (逐级推荐): the node's pool at that stage, on the cards of that
    stage; with ``stage`` alone, every node's pool at that stage ranked together (the figures
    of each nomination are its node's; ``stages.node_ranking`` numbers the ranks per node).
    Without: the campaign's final stage (all of it, for a one-stage campaign). ``criteria``:
    the campaign's criteria when the caller has read them already (no query for them)."""
    criteria = {c.code: c for c in (campaign.criteria.all() if criteria is None else criteria)}
    if set(criteria) != set(CODES):
        return []
    order = ", ".join(f"COALESCE({code}, 0) DESC" for code in tie_break_codes(campaign))
    if stage is None:
        pool, card_stage = CAMPAIGN_POOL, CAMPAIGN_CARDS
    else:
        pool = STAGE_POOL if node is None else NODE_POOL
        card_stage = FIRST_STAGE_CARDS if stage.position == 1 else STAGE_CARDS
    sql = RANKING_SQL.format(
        tie_break=order,
        base=KEY_BASE,
        criteria=", ".join(CODES),
        pool=pool,
        card_stage=card_stage,
    )
    params = {
        "stage": getattr(stage, "pk", None),
        "node": getattr(node, "pk", None),
        **{code: criteria[code].pk for code in CODES},
        # Integers (the SQL's arithmetic is exact): the max has one decimal, the weight two.
        "public_max_cents": int(criteria[CriterionCode.PUBLIC].max_points * 100),
        "campaign": campaign.pk,
        "weight_pct": int(campaign.public_weight * 100),
        "vetoed": State.VETOED.value,
        # Found ineligible by a stage that screened again (逐级推荐): out of every ranking.
        "ineligible": State.INELIGIBLE.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    quorum = functools.cache(functools.partial(survey_quorum, campaign))
    # A stage below the one that runs the survey ranks without it (逐级推荐).
    surveyed = stage is None or selection_stages.survey_counts_at(stage)
    rows = []
    for (
        nomination_id,
        name,
        branch,
        state,
        cards,
        mean_total,
        mean_square,
        trimmed_total,
        vetoed,
        issued,
        responses,
        satisfied,
        *criteria_cents,
        public_reviewers,
        total,
        rank,
    ) in fetched:
        variance = float(mean_square) - float(mean_total) ** 2 if mean_total is not None else 0
        satisfaction = Decimal(satisfied) / Decimal(responses) if responses else None
        row = RankRow(
            nomination_id=nomination_id,
            cards=cards,
            criteria=dict(zip(CODES, map(_points, criteria_cents), strict=True)),
            public_reviewers=_points(public_reviewers),
            total=_points(total),
            rank=rank,
            vetoed=bool(vetoed),
            mean_total=_dec(mean_total),
            trimmed_total=_dec(trimmed_total),
            spread=_dec(math.sqrt(max(variance, 0.0))),
            issued=issued,
            responses=responses,
            satisfaction=satisfaction.quantize(Decimal("0.0001"))
            if satisfaction is not None
            else None,
            name=name,
            branch=branch,
            state=state,
        )
        row.flags = _flags(campaign, row, quorum(issued) if surveyed else 0)
        rows.append(row)
    return rows


def survey_quorum(campaign: Campaign, issued: int) -> int:
    """Answers needed: ⅔ of the codes issued, and at least the campaign's minimum."""
    return max(math.ceil(Decimal(2) * issued / Decimal(3)), campaign.min_responses)


def _flags(campaign: Campaign, row: RankRow, quorum: int) -> list[str]:
    flags = []
    if row.vetoed:
        flags.append("vetoed")
    if row.cards < campaign.min_reviewers:
        flags.append("too_few_cards")
    if row.responses < quorum:
        flags.append("no_quorum")
    if row.satisfaction is not None and row.satisfaction < campaign.min_satisfaction:
        flags.append("low_satisfaction")
    if row.spread is not None and row.spread > campaign.spread_threshold:
        flags.append("high_spread")
    return flags


def final_stage(campaign: Campaign):
    """The pk of the campaign's final stage when it runs level by level (a subquery)."""
    return (
        Stage.objects.filter(campaign_id=campaign.pk, position__gt=1)
        .order_by("-position")
        .values("pk")[:1]
    )


def final_cards_q(campaign: Campaign) -> Q:
    """The cards the campaign's own ranking reads (``CAMPAIGN_CARDS``): its final stage's, or
    every card of a one-stage campaign. A subquery, no query of its own."""
    final = final_stage(campaign)
    return Q(stage_id=Subquery(final)) | (Q(stage__isnull=True) & ~Exists(final))


def with_medians(rows: list[RankRow], campaign: Campaign | None = None) -> list[RankRow]:
    """Fill in the median card total of the given rows (one query over the cards' recorded
    totals); with ``campaign``, of the cards its own ranking reads (its final stage's)."""
    totals = defaultdict(list)
    per_card = Scorecard.objects.filter(
        nomination_id__in=[r.nomination_id for r in rows], state=CardState.SUBMITTED
    )
    if campaign is not None:
        per_card = per_card.filter(final_cards_q(campaign))
    per_card = per_card.values_list("nomination_id", "total_half")
    for nomination_id, total_half in per_card:
        totals[nomination_id].append(Decimal(total_half or 0) / 2)
    for row in rows:
        if totals[row.nomination_id]:
            row.median_total = _dec(statistics.median(totals[row.nomination_id]))
    return rows


@dataclass
class Calibration:
    reviewer: str
    cards: int
    mean: Decimal
    z: Decimal | None


def calibration(campaign: Campaign) -> list[Calibration]:
    """Each reviewer's mean card total and its z-score against the panel of reviewers' means,
    to spot harsh or lenient reviewers."""
    per_reviewer = (
        Scorecard.objects.filter(nomination__campaign=campaign, state=CardState.SUBMITTED)
        .filter(final_cards_q(campaign))
        .values("reviewer__username", "reviewer__full_name")
        .annotate(cards=Count("pk"), halves=Sum("total_half"))
    )
    counts, means = {}, {}
    for reviewer in per_reviewer:
        who = reviewer["reviewer__full_name"] or reviewer["reviewer__username"]
        counts[who] = reviewer["cards"]
        means[who] = (reviewer["halves"] or 0) / 2 / reviewer["cards"]
    panel_mean = statistics.fmean(means.values()) if means else 0.0
    panel_sd = statistics.pstdev(means.values()) if len(means) > 1 else 0.0
    return [
        Calibration(
            who,
            counts[who],
            _dec(mean),
            _dec((mean - panel_mean) / panel_sd) if panel_sd else None,
        )
        for who, mean in sorted(means.items())
    ]
