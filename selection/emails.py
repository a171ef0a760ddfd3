"""E-mails of the selection app: one function per e-mail, subject/text/html from templates."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from members.queries import secretary_emails

from .models import Objection, Transition

logger = logging.getLogger(__name__)


def _send(template: str, context: dict, recipients: list[str]) -> None:
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{template}-subject.txt", context).strip()
        text = render_to_string(f"emails/{template}-body.txt", context)
        html = render_to_string(f"emails/{template}-body.html", context)
    message = EmailMultiAlternatives(subject, text, to=recipients)
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        # A mail server outage must not undo or hide a committed decision; it is logged.
        logger.exception("could not send %s to %s", template, recipients)


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
