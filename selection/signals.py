"""The selection workflow's signals, for the apps built on it (evaluations) to act on a move
without the workflow importing them."""

from django.dispatch import Signal

#: Sent inside a move's transaction when a nomination's course ends (its new state one of
#: ``choices.CLOSED_STATES``), with ``nomination``, the locked row. A receiver answers a dict of
#: what it did (or nothing); the move's audit event carries it.
nomination_closed = Signal()
