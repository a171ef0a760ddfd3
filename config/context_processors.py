"""What every page's layout needs of the request."""

from __future__ import annotations

from django.conf import settings

from .middleware import came_from


def language_switch(request) -> dict:
    """``language_next``: where the footer's language switch brings the user back to, this
    page in the other language. A page shown in answer to a form (refused, shown again with
    its errors) is at the form's address, which takes only the form: opened again it would be
    a 405, so the switch goes back to the page the form was sent from. A visitor's page is
    shared from the cache: its path only, never the first visitor's query string."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    here = request.get_full_path() if signed_in else request.path
    if request.method == "POST":
        return {"language_next": came_from(request) or here}
    return {"language_next": here}


def session_idle(request) -> dict:
    """``session_idle_seconds``: how long a signed-in user may go without a request
    (SESSION_IDLE_MINUTES), for the keep-alive of long forms (static/js/keep-alive.js)."""
    return {"session_idle_seconds": settings.SESSION_IDLE_MINUTES * 60}
