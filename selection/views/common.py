from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from members import scope

from .. import queries, rules
from ..concurrency import differing, posted_version
from ..errors import SelectionError
from ..models import Campaign


def detail_url(nomination) -> str:
    return reverse("selection:nomination_detail", args=[nomination.pk])


def refuse(request, error: SelectionError, to: str):
    """Show a refused request as a message on the page the user came from (403 for rights)."""
    return refuse_on_page(request, error, lambda status: redirect(to))


def refuse_on_page(request, error: SelectionError, page: Callable[..., HttpResponse]):
    """A request the workflow refused, answered as ``refuse`` does (a 403 for a missing right)
    but with the page itself shown again rather than a redirect: ``page(status=...)``, given the
    refusal's status, renders it with the form as typed, the reason in a message on top."""
    if error.status == 403:
        raise PermissionDenied(error.message)
    messages.error(request, error.message)
    return page(status=error.status)


def version_context(request, record, current_url: str, stale=None, *, form=None) -> dict:
    """What a page with an edit form needs for the version it carries (``selection.concurrency``):
    the record's; after ``stale`` (a ``StaleEdit``) refused the save, the version now, with the
    notice (templates/components/stale_notice.html) and the address of the current version;
    with ``form`` shown as posted but refused for another reason, the version it was loaded
    from, so that correcting it does not make an out-of-date page current. After ``stale``, with
    ``form``: the fields where the page differs from the record now (``differing``)."""
    version = record.version
    if stale is not None:
        version = stale.version
    elif form is not None and form.is_bound:
        posted = posted_version(request.POST)
        if posted is not None:  # NOT_A_VERSION (0) too: the page stays out of date
            version = posted
    return {
        "version": version,
        "stale": stale,
        "current_url": current_url,
        "files_dropped": stale is not None and bool(request.FILES),
        "differing": differing(form, record) if stale is not None and form is not None else [],
    }


def next_or(request, default: str) -> str:
    """The ``next`` field of a form when it points inside the portal, else ``default``."""
    target = request.POST.get("next", "")
    if (
        target.startswith("/")  # a path of this site: never a view name, never another host
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return default


def url_for(name: str, *rest) -> Callable[[int | str], str]:
    """The URL of the view ``name`` for any value of its first argument (an id or a slug; the
    others fixed as ``rest``)."""

    def url(argument: int | str) -> str:
        return reverse(name, args=[argument, *rest])

    return url


def pick_campaign(request, campaigns, params=None, *, default=None):
    """The campaign chosen with ?campaign= (of ``params`` when given: the query of the page a
    refused form came from), else ``default`` (one of ``campaigns``) or the newest one. A link
    to a campaign that is not among ``campaigns`` (not yet open, closed for this page, outside
    the user's scope) says so rather than silently showing another campaign's page."""
    wanted = (request.GET if params is None else params).get("campaign", "")
    for campaign in campaigns:
        if str(campaign.pk) == wanted:
            return campaign
    fallback = default or (campaigns[0] if campaigns else None)
    if wanted and request.method == "GET":
        if fallback is None:
            messages.warning(
                request, _("所选评选活动目前不在此处办理（尚未开始、已截止或不在您的范围内）。")
            )
        else:
            messages.warning(
                request,
                _(
                    "所选评选活动目前不在此处办理（尚未开始、已截止或不在您的范围内），下面显示的是《%(title)s》。"
                )
                % {"title": fallback.title},
            )
    return fallback


def require_role(user, role: str) -> None:
    if not scope.has_role(user, role):
        raise PermissionDenied


def managed_campaign(request, pk: int) -> Campaign:
    """The campaign for a page that manages it (its review too): 404 when the user cannot see
    it, 403 when they see it but may not manage it. Whoever manages a campaign may see it, so
    the campaign is read by its id, and the query of the campaigns a user sees (an OR over
    their organisations, the dearer of the two) runs only for a refusal."""
    campaign = queries.campaign_by_id(pk)
    if not rules.can_manage_campaign(request.user, campaign):
        queries.campaign_for(request.user, pk)  # 404 unless visible
        raise PermissionDenied
    return campaign


class GalleryWindow:
    """A page of the gallery without counting the whole gallery: one row more than a page
    tells whether there is a next one (a COUNT on every uncached public page is a query the
    page does not need)."""

    def __init__(self, profiles, number, *, size: int, last: int):
        try:
            self.number = min(max(int(number), 1), last)
        except (TypeError, ValueError):
            self.number = 1
        start = (self.number - 1) * size
        rows = list(profiles[start : start + size + 1])
        self.object_list = rows[:size]
        self.has_previous = self.number > 1
        self.has_next = len(rows) > size
        self.previous_page_number = self.number - 1
        self.next_page_number = self.number + 1
        self.has_other_pages = self.has_previous or self.has_next

    def __iter__(self):
        return iter(self.object_list)
