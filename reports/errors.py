from selection.errors import SelectionError


class ReportError(SelectionError):
    """A report request refused; the message is shown to the user as is."""
