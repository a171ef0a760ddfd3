from django.core.exceptions import PermissionDenied

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
