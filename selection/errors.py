class SelectionError(Exception):
    """A request the selection workflow refuses; the message is shown to the user as is.

    ``status`` is the HTTP status a view answers with when it cannot show the message on a page
    (400 for a refused move, 403 when the user lacks the right).
    """

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status
