"""Criteria, the review committee, assignments, scorecards and the public survey (民主测评)."""

from .committee import Conflict, Reviewer, stage_field
from .scorecards import Criterion, Score, Scorecard, ScoreRevision, WithdrawnCard
from .surveys import Survey, SurveyCode, SurveyResponse

__all__ = [
    "Conflict",
    "Criterion",
    "Reviewer",
    "Score",
    "ScoreRevision",
    "Scorecard",
    "Survey",
    "SurveyCode",
    "SurveyResponse",
    "WithdrawnCard",
    "stage_field",
]
