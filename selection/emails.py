"""E-mails of the selection app: one function per e-mail, subject/text/html from templates."""

from __future__ import annotations

from config.mail import send as _send
from members.queries import secretary_emails

from .models import Objection, Transition


def state_changed(transition_id: int) -> None:
    """Tell the nominating branch's secretaries that their nomination moved."""
    transition = Transition.objects.select_related(
        "nomination__member", "nomination__campaign", "nomination__branch", "by"
    ).get(pk=transition_id)
    nomination = transition.nomination
    _send(
        "nomination_state_changed",
        {"transition": transition, "nomination": nomination},
        secretary_emails(nomination.branch),
    )


def objection_answered(objection_id: int) -> None:
    """The answer to an objection, to the e-mail address its author gave as their contact."""
    objection = Objection.objects.select_related("notice__campaign", "nomination__member").get(
        pk=objection_id
    )
    if objection.answer_sent_to:
        _send("objection_answered", {"objection": objection}, [objection.answer_sent_to])
