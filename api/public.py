"""Public endpoints, no token: what the public pages show and nothing more — the gallery
(published profiles), the notices (公示) with their nominations' public fields, and the
calendar of holidays and make-up working days. Cached like the public pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router

from members.queries import clean_search
from selection import gallery
from selection import notice as selection_notice
from selection.models import Campaign
from selection.queries import notice_entries

from . import queries
from .caching import cached_json
from .errors import ErrorOut
from .queries import ID
from .schemas import CalendarOut, NoticeOut, NoticeSummaryOut, ProfileOut, ProfilePageOut

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
    def make():
        cards = queries.profile_cards(year, org, clean_search(tag, 20), clean_search(q))
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

    return cached_json(request, make, generation=gallery.PUBLIC_PAGES)


@router.get(
    "/profiles/{slug}/",
    response={200: ProfileOut, **ERRORS},
    url_name="public_profile",
    summary="A published exemplar profile",
)
def profile_detail(request, slug: str):
    def make():
        found = queries.profile(slug[:60])
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
        entries = [
            {
                "name": entry.member.name,
                "gender": entry.member.get_gender_display(),
                "ethnicity": entry.member.get_ethnicity_display(),
                "birth_year": entry.member.birth_date.year if entry.member.birth_date else None,
                "joined_year": entry.member.joined_on.year if entry.member.joined_on else None,
                "organization": entry.branch.name,
                "post": entry.member.post,
                "deeds_summary": entry.deeds_summary,
            }
            for entry in notice_entries(found)
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

    return cached_json(request, make, generation=selection_notice.CALENDAR, vary=str(chosen))
