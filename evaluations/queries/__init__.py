"""Reads of the review: the ranking (``rank``, one SQL statement), the results page
(``pages``), the reviewer's reads (``review``) and what the shortlist leaves undecided
(``unranked``). The public names are re-exported here."""

from .choice import Choice, Pick, picks_of
from .pages import RESULTS_PAGE, RESULTS_SECONDS, Results, ranked_row, results
from .pools import POOL_PAGE, Pool, PoolRow, pool
from .queue import (
    QueueCampaign,
    QueueRow,
    chosen_campaign,
    left_to_score,
    next_to_score,
    queue_rows,
    reviewer_campaigns,
    reviewer_queue,
)
from .rank import (
    CODES,
    KEY_BASE,
    RANKING_SQL,
    TWO,
    Calibration,
    RankRow,
    calibration,
    ranking,
    survey_quorum,
    tie_break_codes,
    with_medians,
)
from .review import (
    Standing,
    SurveyResults,
    card_for,
    card_to_score,
    coverage,
    criteria_of,
    reopened_cards,
    standing,
    survey_results,
)
from .stages import NodeStatus, StageView, node_ranking, overview
from .unranked import InReview, in_review, unranked, warning

__all__ = [
    "CODES",
    "KEY_BASE",
    "POOL_PAGE",
    "RANKING_SQL",
    "RESULTS_PAGE",
    "RESULTS_SECONDS",
    "TWO",
    "Calibration",
    "Choice",
    "InReview",
    "NodeStatus",
    "Pick",
    "Pool",
    "PoolRow",
    "QueueCampaign",
    "QueueRow",
    "RankRow",
    "Results",
    "StageView",
    "Standing",
    "SurveyResults",
    "calibration",
    "card_for",
    "card_to_score",
    "chosen_campaign",
    "coverage",
    "criteria_of",
    "in_review",
    "left_to_score",
    "next_to_score",
    "node_ranking",
    "overview",
    "picks_of",
    "pool",
    "queue_rows",
    "ranked_row",
    "ranking",
    "reopened_cards",
    "results",
    "reviewer_campaigns",
    "reviewer_queue",
    "standing",
    "survey_quorum",
    "survey_results",
    "tie_break_codes",
    "unranked",
    "warning",
    "with_medians",
]
