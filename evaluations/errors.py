from django.core.exceptions import PermissionDenied

from selection.errors import SelectionError


class EvaluationError(SelectionError):
    """A request the review refuses. A kind of SelectionError, so views catch both (evaluations
    services also call the selection workflow)."""


class ConflictDeclared(PermissionDenied):
    """A reviewer asks for a nomination they declared a conflict with: refused (403) with the
    reason they know of, rather than a 404 as for a nomination never theirs. Carries the
    ``Conflict`` (when it was declared), never the nomination."""

    def __init__(self, conflict):
        super().__init__()
        self.conflict = conflict
