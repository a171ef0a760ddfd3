"""Which language a page or an e-mail is written in: the portal's (``LANGUAGE_CODE``, Chinese)
unless someone chose another with the language switch.

- A page: this browser's choice (the switch's cookie) first, as it was made right here; with
  none (another browser, cookies cleared) a signed-in user's own choice, remembered on their
  account when they used the switch while signed in; else the portal's. Like Django's
  LocaleMiddleware the choice is honoured, unlike it the browser's Accept-Language is not: the
  portal's language is the organisation's, and English is an explicit choice.
- An e-mail: its recipient's own choice (``of_user``), whichever browser they read it in.
- An account keeps a choice made with the switch while signed in (``remember``); one that keeps
  none takes the choice of the browser it is used in (``keep_browser_choice``), so that someone
  who chose with the switch before accounts kept a language gets their e-mails in it too.
"""

from __future__ import annotations

from django.conf import settings


def offered(code: str | None) -> bool:
    """Whether ``code`` is a language the portal offers (a cookie or a saved choice may be
    stale, or made up)."""
    return code in {code for code, _name in settings.LANGUAGES}


def of_user(user) -> str:
    """The language of ``user``: the one they chose while signed in, or the portal's when they
    never chose or chose one the portal no longer offers. The same for someone without an
    account whose language is known (``config.mail.Address``)."""
    chosen = getattr(user, "language", "")
    return chosen if offered(chosen) else settings.LANGUAGE_CODE


def of_request(request) -> str:
    """The language of the page answering ``request`` (see the module's note)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if offered(chosen):
        return chosen
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return of_user(user)
    return settings.LANGUAGE_CODE


def remember(user, code: str | None) -> None:
    """Keep ``code`` on ``user``'s account, for their other browsers and their e-mails; nothing
    for a visitor, a language the portal does not offer, or the one already kept."""
    if user.is_authenticated and offered(code) and user.language != code:
        user.language = code
        user.save(update_fields=["language"])


def keep_browser_choice(request) -> None:
    """A signed-in user whose account keeps no language (or one the portal no longer offers)
    takes this browser's choice, the switch's cookie: they chose it, perhaps before accounts
    kept a language, and their e-mails should follow it. An account that keeps a language keeps
    it: a choice is changed with the switch, not by signing in on someone else's browser."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    if offered(chosen) and signed_in and not offered(user.language):
        remember(user, chosen)
