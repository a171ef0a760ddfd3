"""The selection workflow's signals, for the apps built on it (evaluations, reports) to act on a
move, or to show what they own on a nomination's page, without selection importing them: the
apps stack ``members`` <- ``selection`` <- ``evaluations`` <- ``reports`` (STYLE.md)."""

from django.dispatch import Signal

#: Sent inside a move's transaction when a nomination's course ends (its new state one of
#: ``choices.CLOSED_STATES``), with ``nomination``, the locked row. A receiver answers a dict of
#: what it did (or nothing); the move's audit event carries it.
nomination_closed = Signal()

#: Sent by the nomination's page (``views.nominations.detail_page``) with ``user`` and
#: ``nomination`` (as ``queries.nomination_page`` read it), for the apps built on selection to
#: show what they own there (the 民主测评 link, the 推荐审批表 button, the 评审得分) by their own
#: rules. A receiver answers None (nothing to show) or a dict: ``template``, the name of the
#: app's own fragment, and what that fragment shows; the page includes each in turn, in the
#: order the apps are installed.
nomination_page = Signal()

#: Sent when a campaign would go back from 评审 to 资格审查 (``phases.backward_blocker``), with
#: ``campaign``: a receiver answers a queryset whose rows are the review's work that no move of
#: the screening phase could carry on (scores saved or submitted), or None. Whether any has a row
#: is asked in the one query that asks it of selection's own rows.
review_work = Signal()

#: Sent inside ``notice.open_notice``'s transaction, ``campaign`` locked and still in its review
#: phase (未入选 is a move of that phase), with ``by`` and ``request``: for the review to end
#: every nomination the shortlist left undecided.
notice_opening = Signal()

#: Sent by the notice page before the 公示 opens (``notice.unranked_warning``), with ``campaign``:
#: a receiver answers what opening it will do to what its app holds ("" when nothing), for the
#: admin who opens it.
notice_warning = Signal()
