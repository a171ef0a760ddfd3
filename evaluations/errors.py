from selection.errors import SelectionError


class EvaluationError(SelectionError):
    """A request the review refuses. A kind of SelectionError, so views catch both (evaluations
    services also call the selection workflow)."""
