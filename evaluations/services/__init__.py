"""Writes of the review: criteria, the committee, assignments, scorecards, the public survey and
the committee's shortlist. Nomination states move only through :mod:`selection.workflow`."""

from .assignments import assign, auto_assign, campaign_card_stage, over_cap, unassign
from .committee import add_reviewer, remove_reviewer, require_manager, withdraw_open_cards
from .conflicts import declare_conflict
from .criteria import ensure_criteria, save_criteria
from .scoring import (
    Problem,
    parse_points,
    reopen_card,
    save_card,
    submit_card,
    submit_problems,
)
from .shortlist import confirm_shortlist, empty_list_blockers, end_unranked
from .stage_withdrawal import withdraw_stage
from .stages import assign_stage, confirm_stage, may_choose_nobody, screen_at_stage
from .surveys import issue_codes, respond

__all__ = [
    "Problem",
    "add_reviewer",
    "assign",
    "assign_stage",
    "auto_assign",
    "campaign_card_stage",
    "confirm_shortlist",
    "confirm_stage",
    "declare_conflict",
    "empty_list_blockers",
    "end_unranked",
    "ensure_criteria",
    "issue_codes",
    "may_choose_nobody",
    "over_cap",
    "parse_points",
    "remove_reviewer",
    "reopen_card",
    "require_manager",
    "respond",
    "save_card",
    "save_criteria",
    "screen_at_stage",
    "submit_card",
    "submit_problems",
    "unassign",
    "withdraw_open_cards",
    "withdraw_stage",
]
