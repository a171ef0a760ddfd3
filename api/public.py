"""Public endpoints, no token: what the public pages show and nothing more — the gallery
(published profiles; a revoked one is 410, as its page), the notices (公示) with their
nominations' public fields (a revoked honour marked, as on the notice's page), the revocations
announced (撤销荣誉公告), and the calendar of holidays and make-up working days. Read through
the public pages' own queries, cached like them."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from members.queries import clean_search
from selection import gallery, kept_listings
from selection import notice as selection_notice
from selection import queries as selection_queries
from selection import workdays as selection_workdays
from selection.models import Campaign
from selection.models.campaigns import PUBLIC_NOTICES

from . import queries
from .caching import cached_json
from .errors import ApiError, ErrorOut
from .queries import ID
from .schemas import (
    CalendarOut,
    NoticeOut,
    NoticeSummaryOut,
    ProfileOut,
    ProfilePageOut,
    RevocationOut,
)

router = Router(tags=["public"])
ERRORS = {404: ErrorOut, 422: ErrorOut, 429: ErrorOut, 503: ErrorOut}


def _thumbnail_url(slug: str, thumbnail) -> str | None:
    return reverse("public:gallery_image", args=[slug, "thumb"]) if thumbnail else None


@router.get(
    "/profiles/",
    response={200: ProfilePageOut, **ERRORS},
    url_name="public_profiles",
    summary="Published exemplar profiles (the gallery's list)",
)
def profile_list(
    request,
    q: str = Query("", max_length=100, description="Words in the title or summary"),
    year: int | None = Query(None, ge=1000, le=9999),
    org: int | None = Query(None, ge=1, le=999_999_999_999, description="An area's id"),
    tag: str = Query("", max_length=100),
    page: int = Query(1, ge=1, le=queries.MAX_PAGE),
    page_size: int = Query(12, ge=1, le=50),
):
    tag, search, area = clean_search(tag, 20), clean_search(q), str(org or "")

    def make():
        cards = queries.profile_cards(year, org, tag, search)
        found = queries.window(cards, page, page_size)
        items = []
        for slug, title, summary, card_year, thumbnail, area in found.rows:
            items.append(
                {
                    "slug": slug,
                    "title": title,
                    "summary": summary,
                    "year": card_year,
                    "organization": area,
                    "url": reverse("public:gallery_detail", args=[slug]),
                    "thumbnail_url": _thumbnail_url(slug, thumbnail),
                }
            )
        return {"items": items, **found.meta()}

    return cached_json(
        request,
        make,
        generation=gallery.PUBLIC_PAGES,
        vary=f"{year or ''}|{area}|{page}|{page_size}",
        cacheable=kept_listings.may_keep(year=str(year or ""), tag=tag, search=search, page=page),
        # a listing by area is kept only for a real area (asked once, when it is made)
        admitted=(lambda: kept_listings.known_area(area, kept_listings.gallery_areas()))
        if area
        else None,
    )


@router.get(
    "/profiles/{slug}/",
    response={200: ProfileOut, 410: ErrorOut, **ERRORS},
    url_name="public_profile",
    summary="A published exemplar profile (410 once its honour is revoked)",
)
def profile_detail(request, slug: str):
    def make():
        found = selection_queries.published_profile(slug[:60])
        if found is None:
            if selection_queries.revoked_profile_exists(slug[:60]):
                # Gone for good, as the gallery's page says; the reason is never shown.
                raise ApiError(410, "gone", _("该风采展示页面已撤下，不再提供。"))
            raise Http404
        return {
            "slug": found.slug,
            "title": found.title,
            "summary": found.summary,
            "story_html": found.story,  # sanitised when saved (selection.gallery)
            "year": found.year,
            "organization": found.organization.name,
            "tags": found.tag_list,
            "url": reverse("public:gallery_detail", args=[found.slug]),
            "photo_url": reverse("public:gallery_image", args=[found.slug, "photo"])
            if found.shows_photo
            else None,
            "thumbnail_url": _thumbnail_url(found.slug, found.thumbnail),
        }

    return cached_json(request, make, generation=gallery.PUBLIC_PAGES)


def _notice_summary(public_notice) -> dict:
    return {
        "campaign_id": public_notice.campaign_id,
        "title": public_notice.campaign.title,
        "starts_on": public_notice.starts_on,
        "ends_on": public_notice.ends_on,
    }


@router.get(
    "/notices/",
    response={200: list[NoticeSummaryOut], **ERRORS},
    url_name="public_notices",
    summary="The public notices (公示), newest first",
)
def notice_list(request):
    return [_notice_summary(found) for found in queries.notices()]


@router.get(
    "/notices/{int:campaign_id}/",
    response={200: NoticeOut, **ERRORS},
    url_name="public_notice",
    summary="A campaign's notice with its nominations' public fields",
)
def notice_detail(request, campaign_id: int = ID):
    today = timezone.localdate()

    def make():
        found = queries.notice(campaign_id)
        # What the notice's page lists: a name withdrawn during it or revoked since stays, marked.
        rows = selection_queries.notice_labels(selection_queries.notice_rows(found))
        entries = [
            {
                "name": row["name"],
                "gender": row["gender"],
                "ethnicity": row["ethnicity"],
                "birth_year": int(row["birth_year"]),
                "joined_year": int(row["joined_year"]),
                "organization": row["organization"],
                "post": row["post"],
                "deeds_summary": row["deeds_summary"],
                "revoked": row["revoked"],
                "mark": row["mark"],
            }
            for row in rows
        ]
        return {
            **_notice_summary(found),
            "working_days": found.working_days,
            "contact": found.contact,
            "accepting_objections": selection_notice.is_running(found, today),
            "entries": entries,
        }

    return cached_json(
        request, make, generation=Campaign.generation(campaign_id), vary=today.isoformat()
    )


@router.get(
    "/revocations/",
    response={200: list[RevocationOut], **ERRORS},
    url_name="public_revocations",
    summary="Honours revoked (撤销荣誉公告), as the list of notices announces them today",
)
def revocation_list(request):
    today = timezone.localdate()

    def make():
        return [
            {
                "name": row["name"],
                "organization": row["organization"],
                "campaign": row["title"],
                "document": row["document"],
                "revoked_on": timezone.localtime(row["revoked_at"]).date(),
            }
            for row in selection_queries.public_revocations(today)
        ]

    return cached_json(request, make, generation=PUBLIC_NOTICES, vary=today.isoformat())


@router.get(
    "/calendar/",
    response={200: CalendarOut, **ERRORS},
    url_name="public_calendar",
    summary="Public holidays on weekdays and make-up working days (调休) of a year",
)
def calendar(request, year: int | None = Query(None, ge=2000, le=2100)):
    chosen = year or timezone.localdate().year

    def make():
        days = [
            {
                "date": day.date,
                "kind": day.kind,
                "kind_label": day.get_kind_display(),
                "note": day.note,
            }
            for day in queries.calendar(chosen)
        ]
        return {"year": chosen, "days": days}

    return cached_json(request, make, generation=selection_workdays.CALENDAR, vary=str(chosen))
