"""The one way the portal sends e-mail: subject/text/html rendered from ``templates/emails/``."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def link(path: str) -> str:
    """The absolute address of the portal's ``path`` (from ``reverse``) for an e-mail, from
    ``SITE_URL``; "" when that is unset, and the e-mail then says to sign in instead."""
    return f"{settings.SITE_URL}{path}" if settings.SITE_URL else ""


def send(template: str, context: dict, recipients: list[str]) -> bool:
    """Render ``emails/<template>-subject.txt``, ``-body.txt`` and ``-body.html`` in the portal's
    language and send them to ``recipients``. Returns whether the mail went out: a mail server
    outage must not undo or hide a committed decision, so it is logged, not raised."""
    if not recipients:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{template}-subject.txt", context).strip()
        text = render_to_string(f"emails/{template}-body.txt", context)
        html = render_to_string(f"emails/{template}-body.html", context)
    message = EmailMultiAlternatives(subject, text, to=recipients)
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        logger.exception("could not send %s to %s", template, recipients)
        return False
    return True
