"""The one way the portal sends e-mail: subject/text/html rendered from ``templates/emails/``."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from . import languages

logger = logging.getLogger(__name__)


def link(path: str) -> str:
    """The absolute address of the portal's ``path`` (from ``reverse``) for an e-mail, from
    ``SITE_URL``; "" when that is unset, and the e-mail then says to sign in instead."""
    return f"{settings.SITE_URL}{path}" if settings.SITE_URL else ""


def send(template: str, context: dict, recipients) -> bool:
    """Render ``emails/<template>-subject.txt``, ``-body.txt`` and ``-body.html`` and send them
    to ``recipients``: users, each written to in their own language (``languages.of_user``), or
    bare addresses (someone without an account), in the portal's. Those who share a language
    get one message together, as before; each language its own.

    Returns whether every message went out: a mail server outage must not undo or hide a
    committed decision, so it is logged, not raised."""
    by_language: dict[str, list[str]] = {}
    for recipient in recipients:
        if isinstance(recipient, str):
            address, language = recipient, settings.LANGUAGE_CODE
        else:
            address, language = recipient.email, languages.of_user(recipient)
        addresses = by_language.setdefault(language, [])
        if address and address not in addresses:
            addresses.append(address)
    sent = [
        _send_in(language, template, context, addresses)
        for language, addresses in sorted(by_language.items())
        if addresses
    ]
    return bool(sent) and all(sent)


def _send_in(language: str, template: str, context: dict, recipients: list[str]) -> bool:
    with translation.override(language):
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
