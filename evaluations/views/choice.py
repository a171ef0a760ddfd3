"""A choice made a page at a time (the results page's shortlist, a node's pool): it travels in
the page's address (``picked``, ``chosen``). The page buttons post the ticks of the page to the
page's own address, which only redirects to the page asked for carrying them, so ticks survive
turning pages; a refused confirmation goes back with its choice ticked, and its reason is shown
once, in the confirm form (``refuse_choice``, ``refusal``), not again at the top of the page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from selection.errors import SelectionError

#: Nominations a choice carries in its address at most (more than any number of places).
MAX_CHOSEN = 500


def chosen_ids(values: list[str]) -> list[int]:
    """The nomination ids of a choice; anything else is left out (the service checks the rest)."""
    return [int(value) for value in values[:MAX_CHOSEN] if value.isascii() and value.isdigit()]


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


def turn_page(request, url: str):
    """A page button: to the page asked for, with the ticks posted."""
    chosen = chosen_ids(request.POST.getlist("chosen"))
    return redirect(with_choice(url, chosen, request.GET.get("page", "")))


def posted_back(request, url: str) -> str:
    """Where a refused confirmation goes: the page with the posted choice ticked."""
    return with_choice(url, chosen_ids(request.POST.getlist("chosen")))


#: Marks the message of a refused confirmation (``messages`` extra tag).
REFUSED = "choice-refused"


def refuse_choice(request, error: SelectionError | str, back: str):
    """A refused confirmation: back to the page with the choice ticked and why, which the page
    shows in its confirm form (403 for rights, as ``refuse``)."""
    if isinstance(error, SelectionError):
        if error.status == 403:
            raise PermissionDenied(error.message)
        error = error.message
    messages.error(request, error, extra_tags=REFUSED)
    return redirect(back)


def refusal(request) -> str:
    """Why the confirmation that brought the user back was refused ("" when none was): the
    confirm form shows it, and the page's messages leave it out (``refused_shown`` in the
    template's context)."""
    return next(
        (str(m) for m in messages.get_messages(request) if REFUSED in (m.extra_tags or "")), ""
    )
