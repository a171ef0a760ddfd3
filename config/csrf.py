"""The CSRF token a signed-in page writes into its forms: ``django.middleware.csrf.get_token``,
with the mask drawn from one read of the system's random source.

Django masks the secret afresh on every page (so that the page's bytes do not repeat it: BREACH)
with 32 characters drawn one at a time, each a read of ``os.urandom``: 63 µs a signed-in page on
the benchmark's machine, where the whole trivial response takes 0.24 ms. Here the 32 come from
one read (bytes below 248 map evenly onto the 62 characters; the rest are dropped). The token is
the one Django would make — the mask, then the secret shifted by it — and Django's middleware
checks it as its own (``tests/config/test_csrf.py``).

``{% csrf_token %}``, a built-in of the portal's templates (``TEMPLATES``' ``builtins``): Django's
tag, except that a plain token (a signed-in page's, ``members.context_processors.signed_in``)
is written without ``format_html``, which was two thirds of the tag's cost (35 K instructions a
tag; a signed-in page writes two to four).
"""

from __future__ import annotations

import os
from html import escape

from django import template
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import mark_safe

register = template.Library()

_CHARS = CSRF_ALLOWED_CHARS
_INDEX = {char: index for index, char in enumerate(_CHARS)}
#: Bytes below this map evenly onto the characters (4 × 62 = 248).
_EVEN = 256 - 256 % len(_CHARS)


def _mask() -> list[int]:
    """``CSRF_SECRET_LENGTH`` characters' positions, each equally likely."""
    found: list[int] = []
    while len(found) < CSRF_SECRET_LENGTH:
        found += [byte % len(_CHARS) for byte in os.urandom(2 * CSRF_SECRET_LENGTH) if byte < _EVEN]
    return found[:CSRF_SECRET_LENGTH]


def masked_token(request) -> str:
    """What ``get_token(request)`` returns, with the same side effect (the response renews the
    CSRF cookie); Django's own where the request has no secret yet (it makes one)."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return get_token(request)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _mask()
    size = len(_CHARS)
    return "".join(_CHARS[m] for m in mask) + "".join(
        _CHARS[(_INDEX[char] + m) % size] for char, m in zip(secret, mask, strict=True)
    )


_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value='


class PlainCsrfTokenNode(CsrfTokenNode):
    def render(self, context) -> str:
        token = context.get("csrf_token")
        if type(token) is not str or not token:  # a visitor's lazy token, none
            return super().render(context)
        if token == "NOTPROVIDED":  # (Django's own warns of format_html without arguments)
            return mark_safe("")
        # escaped (a token is letters and digits)
        return mark_safe(f'{_INPUT}"{escape(token)}">')


@register.tag
def csrf_token(parser, token) -> PlainCsrfTokenNode:
    return PlainCsrfTokenNode()
