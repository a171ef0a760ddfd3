from django.core.exceptions import PermissionDenied
from django.http import Http404

from selection.errors import SelectionError


class EvaluationError(SelectionError):
    """A request the review refuses. A kind of SelectionError, so views catch both (evaluations
    services also call the selection workflow)."""


class ReasonRequired(EvaluationError):
    """A choice refused for want of a written reason. ``grounds``: the names of the grounds the
    reason would answer for (``late``, ``departs``, ``unscored``, as ``choosing.require_reason``
    is given them), so a page that tells one of them in a notice of its own leaves that notice
    out while the refusal says it."""

    def __init__(self, message: str, *, grounds):
        super().__init__(message)
        self.grounds = frozenset(grounds)


class ConflictDeclared(PermissionDenied):
    """A reviewer asks for a nomination they declared a conflict with: refused (403) with the
    reason they know of, rather than a 404 as for a nomination never theirs. Carries the
    ``Conflict`` (when it was declared), never the nomination."""

    def __init__(self, conflict):
        super().__init__()
        self.conflict = conflict


class SavedScoresAtStake(EvaluationError):
    """Taking back cards that hold what their reviewers saved (``at_stake``, a
    ``committees.AtStake``): asked first, never done at one click (``services.unassign``,
    ``services.remove_reviewer``)."""

    def __init__(self, at_stake):
        super().__init__("")
        self.at_stake = at_stake


class CardWithdrawn(Http404):
    """A reviewer asks for a card taken back from them (``models.WithdrawnCard``, with why):
    a page that can say so says so and keeps what they typed; any
    other page answers 404 as for a nomination never theirs. Carries the withdrawal only."""

    def __init__(self, withdrawal):
        super().__init__()
        self.withdrawal = withdrawal
