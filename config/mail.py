"""The one way the portal sends e-mail: subject/text/html rendered from ``templates/emails/``."""

from __future__ import annotations

import logging
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Address:
    """Someone without an account, such as an objector: their e-mail address and the language
    they wrote to the portal in (blank, or one the portal no longer offers: the portal's)."""

    email: str
    language: str = ""


def send(template: str, context: dict, recipients) -> bool:
    """Render ``emails/<template>-subject.txt``, ``-body.txt`` and ``-body.html`` and send them
    to ``recipients``: users or ``Address``es, each written to in their own language
    (``languages.of_user``). Those who share a language get one message together; each
    language its own.

    Returns whether every message went out: a mail server outage must not undo or hide a
    committed decision, so it is logged, not raised."""
    by_language: dict[str, list[str]] = {}
    for recipient in recipients:
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
