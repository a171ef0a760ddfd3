"""Public notice pages: the list of notices (公示), a notice, its printable version and the
objection form. No login, no personal data (phone, ID number, full birth date never reach
these templates)."""

from __future__ import annotations

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from config import ratelimit
from config.clients import client_ip
from config.keyset import CountedPaginator
from members.choices import OrgKind
from members.queries import clean_search

from .. import notice, queries
from ..choices import State
from ..errors import SelectionError
from ..forms import NoticeSearchForm, ObjectionForm
from ..models import Campaign, PublicNotice
from ..models.campaigns import PUBLIC_NOTICES
from .public import cached_page

OBJECTIONS_PER_MINUTE = 5
#: Posts of the objection form a minute per client, refused for their form or not.
POSTS_PER_MINUTE = 30
#: Names on a page of a notice: a screen or two to read, and a page made after a change costs
#: the same whether the notice lists ten names or five hundred.
NOTICE_PAGE = 25
#: Past this the page number is cut (a huge one would overflow the database's OFFSET).
MAX_NOTICE_PAGE = 10_000
#: The pages of a notice kept in the cache (500 names, a large notice): searches and pages past
#: these are made for each request, so a visitor cannot add cache entries without end.
CACHED_NOTICE_PAGES = 20


@require_safe
def notice_list(request):
    """Every notice, the publicised stages' 推荐名单 (逐级推荐) and the revocations publicised
    today, from the cache until a campaign changes (PUBLIC_NOTICES: a stage's confirmation
    bumps its campaign's generation, and so this one) or the day does (a revocation's
    publicity ends)."""
    today = timezone.localdate()

    def render_page():
        return render(
            request,
            "public/notice_list.html",
            {
                "notices": queries.public_notices(),
                "revocations": queries.public_revocations(today),
                "stage_lists": _stage_groups(queries.stage_lists()),
            },
        )

    return cached_page(request, render_page, generation=PUBLIC_NOTICES, vary=today.isoformat())


def _stage_groups(rows) -> list[dict]:
    """The publicised stages' 推荐名单, one group per campaign and stage."""
    groups: dict[tuple, dict] = {}
    for campaign_id, title, position, level, node, name, branch in rows:
        group = groups.setdefault(
            (campaign_id, position),
            {"campaign": title, "level": OrgKind(level).label, "rows": []},
        )
        group["rows"].append({"node": node, "name": name, "branch": branch})
    return list(groups.values())


def _search_query(search: str) -> QueryDict:
    query = QueryDict(mutable=True)
    if search:
        query["q"] = search
    return query


def _page_number(request) -> int:
    try:
        return min(max(int(request.GET.get("page", 1)), 1), MAX_NOTICE_PAGE)
    except (TypeError, ValueError):
        return 1


@require_safe
def notice_detail(request, campaign_pk: int):
    """The notice, a page of names at a time (by organisation and name), with a search by name
    or organisation for a reader looking for someone; served from the cache until the campaign
    changes (a nomination withdrawn during the notice is marked 撤销 at once) or the day does (the
    notice starts or ends). The objection form is a page of its own (objection): this one
    carries no CSRF token."""
    today = timezone.localdate()
    search = clean_search(request.GET.get("q", ""))
    number = _page_number(request)

    def render_page():
        public_notice, outcomes = queries.public_notice(campaign_pk, search)
        page = CountedPaginator(
            queries.notice_rows(public_notice, search), NOTICE_PAGE, count=public_notice.listed
        ).get_page(number)
        page.object_list = queries.notice_labels(page.object_list)
        return render(
            request,
            "public/notice_detail.html",
            {
                "notice": public_notice,
                "page": page,
                "entries": page.object_list,
                "search": search,
                "form": NoticeSearchForm(initial={"q": search}),
                # the pagination's links carry the search only
                "query": _search_query(search),
                "outcomes": outcomes,
                "running": notice.is_running(public_notice, today),
                "upcoming": today < public_notice.starts_on,
            },
        )

    # Keyed by the day, not by a read of the notice: whether it runs follows from the day.
    return cached_page(
        request,
        render_page,
        generation=Campaign.generation(campaign_pk),
        vary=f"{today.isoformat()}|{number}",
        cacheable=not search and number <= CACHED_NOTICE_PAGES,
    )


@require_safe
def notice_print(request, campaign_pk: int):
    """The notice as one printable document: every name on it, as a notice posted on a board."""
    today = timezone.localdate()

    def render_page():
        public_notice, outcomes = queries.public_notice(campaign_pk)
        return render(
            request,
            "public/notice_print.html",
            {
                "notice": public_notice,
                "entries": queries.notice_labels(queries.notice_rows(public_notice)),
                "outcomes": outcomes,
            },
        )

    return cached_page(
        request, render_page, generation=Campaign.generation(campaign_pk), vary=today.isoformat()
    )


def _rate_limited(request) -> bool:
    """At most OBJECTIONS_PER_MINUTE objections a minute per client; refused when the cache
    cannot count."""
    return not ratelimit.allow(
        "objection", client_ip(request) or "-", limit=OBJECTIONS_PER_MINUTE, window=60
    )


def _flooding(request) -> bool:
    """More than POSTS_PER_MINUTE posts of the form a minute per client, complete or not: a
    person correcting mistakes stays far below it."""
    return not ratelimit.allow(
        "objection-post", client_ip(request) or "-", limit=POSTS_PER_MINUTE, window=60
    )


def objection(request, campaign_pk: int):
    public_notice = get_object_or_404(
        PublicNotice.objects.select_related("campaign"), campaign_id=campaign_pk
    )
    entries = queries.notice_entries(public_notice).filter(state=State.IN_NOTICE)
    form = ObjectionForm(request.POST or None, nominations=entries)
    status = 200
    if request.method == "POST":
        # Only a complete objection counts towards the limit of objections (a citizen
        # correcting a typo, or a colleague behind the same office address, is not refused for
        # it); every post counts towards the looser limit of posts.
        if _flooding(request) or (form.is_valid() and _rate_limited(request)):
            return render(
                request,
                "public/objection.html",
                {
                    "notice": public_notice,
                    "form": form,
                    "limited": True,
                    "running": notice.is_running(public_notice),
                },
                status=429,
            )
        if not form.is_valid():
            status = 400
        elif form.cleaned_data.get("website"):  # the honeypot: people leave it empty
            return render(request, "public/objection_thanks.html", {"notice": public_notice})
        else:
            try:
                notice.file_objection(
                    public_notice,
                    form.cleaned_data["nomination"],
                    name=form.cleaned_data["name"],
                    contact=form.cleaned_data["contact"],
                    text=form.cleaned_data["text"],
                    language=request.LANGUAGE_CODE,
                    request=request,
                )
            except SelectionError as error:
                messages.error(request, error.message)
                status = 400
            else:
                return render(request, "public/objection_thanks.html", {"notice": public_notice})
    return render(
        request,
        "public/objection.html",
        {"notice": public_notice, "form": form, "running": notice.is_running(public_notice)},
        status=status,
    )
