"""A choice made a page at a time (the results page's shortlist, a node's pool): it travels in
the page's address (``picked``, ``chosen``). The page buttons post the ticks of the page to the
page's own address, which only redirects to the page asked for carrying them, so ticks survive
turning pages. A refused confirmation answers with the page again (400, ``refused_choice``):
its choice ticked, the reason typed kept, and why it was refused shown once, in the confirm
form, not again at the top of the page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from config.converters import is_number
from selection.errors import SelectionError

#: Nominations a choice carries in its address at most (more than any number of places).
MAX_CHOSEN = 500


def chosen_ids(values: list[str]) -> list[int]:
    """The nomination ids of a choice; anything else is left out (the service checks the rest)."""
    return [int(value) for value in values[:MAX_CHOSEN] if is_number(value)]


def with_choice(url: str, chosen: list[int], page: str = "") -> str:
    """The page's address carrying a choice (the page shows it ticked)."""
    query = {"picked": 1, "chosen": chosen}
    if page:
        query["page"] = page
    return f"{url}?{urlencode(query, doseq=True)}"


def asked_choice(request) -> list[int] | None:
    """The choice in the address, or None when the chooser has not made one (the page ticks
    its default)."""
    return chosen_ids(request.GET.getlist("chosen")) if "picked" in request.GET else None


def choice_key(chosen: list[int] | None) -> str:
    """The choice a page shows, for the key of its rows kept rendered (they show it ticked):
    the address's, or the page's default (None), whichever address the page answers."""
    return "default" if chosen is None else ",".join(str(pk) for pk in sorted(set(chosen)))


def turn_page(request, url: str):
    """A page button: to the page asked for, with the ticks posted."""
    chosen = chosen_ids(request.POST.getlist("chosen"))
    return redirect(with_choice(url, chosen, request.GET.get("page", "")))


def posted_page(request) -> str:
    """The page the confirm form was posted from (its ``page`` field): a refused confirmation
    shows that page again."""
    return request.POST.get("page", "")


def refused_choice(request, error: SelectionError | str) -> dict:
    """A refused confirmation, for the page shown again in answer (400) rather than a redirect:
    the posted choice ticked, the reason typed kept, and why it was refused, which the page
    shows once, in its confirm form. A missing right is a 403, as ``refuse``."""
    if isinstance(error, SelectionError):
        if error.status == 403:
            raise PermissionDenied(error.message)
        error = error.message
    return {
        "chosen": chosen_ids(request.POST.getlist("chosen")),
        "reason": request.POST.get("reason", "")[:2000],
        "refusal": error,
    }


def shown_refusal(request, refusal: str, form_shown: bool) -> str:
    """The refusal for the confirm form; when the page shows no confirm form (the choice was
    made meanwhile, the phase moved on), a message at the top of the page instead."""
    if refusal and not form_shown:
        messages.error(request, refusal)
        return ""
    return refusal
