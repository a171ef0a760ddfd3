"""The public endpoints show what the public pages show and nothing more, cached like them,
with pagination and conditional requests (ETag / Last-Modified)."""

import datetime

import pytest
from django.urls import reverse

from selection import gallery, notice, revocations, workdays, workflow
from tests.factories import CampaignFactory, NominationFactory

pytestmark = pytest.mark.django_db

CARD_FIELDS = {"slug", "title", "summary", "year", "organization", "url", "thumbnail_url"}
PERSONAL = ("13812345678", "1985-06-15")


@pytest.fixture
def published(city, city_admin, branch_a1):
    """Approved nominations of a campaign: the first three published, the last one not."""
    campaign = CampaignFactory(owner=city, phase="concluded", year=2026)

    def make(count=1):
        profiles = []
        for _ in range(count):
            approved = NominationFactory(
                campaign=campaign, member__organization=branch_a1, state="approved"
            )
            gallery.record_consent(approved, wording="同意公开。", by=city_admin)
            profile = gallery.create_profile(approved, by=city_admin)
            profiles.append(gallery.publish(profile, by=city_admin))
        return profiles

    return make


def test_the_profile_list_shows_the_gallerys_cards_and_no_personal_data(
    client, published, city, city_admin, branch_a1
):
    shown = published(2)
    hidden = NominationFactory(
        campaign=CampaignFactory(owner=city), member__organization=branch_a1, state="approved"
    )
    gallery.create_profile(hidden, by=city_admin)  # not published

    body = client.get("/api/v1/public/profiles/").json()
    page = client.get(reverse("public:gallery")).content.decode()

    assert [card["slug"] for card in body["items"]] == [p.slug for p in reversed(shown)]
    assert all(set(card) == CARD_FIELDS for card in body["items"])
    assert all(card["title"] in page for card in body["items"])
    assert body["items"][0]["url"] == reverse("public:gallery_detail", args=[shown[1].slug])
    assert not any(value in str(body) for value in PERSONAL)


def test_the_profile_list_filters_and_pages_like_the_gallery(client, published, district_b):
    first, second, third = published(3)

    page_one = client.get("/api/v1/public/profiles/", {"page_size": 2}).json()
    page_two = client.get("/api/v1/public/profiles/", {"page_size": 2, "page": 2}).json()
    elsewhere = client.get("/api/v1/public/profiles/", {"org": district_b.pk}).json()
    other_year = client.get("/api/v1/public/profiles/", {"year": 2025}).json()
    searched = client.get("/api/v1/public/profiles/", {"q": first.title}).json()

    assert [c["slug"] for c in page_one["items"]] == [third.slug, second.slug]
    assert (page_one["has_next"], page_one["has_previous"]) == (True, False)
    assert [c["slug"] for c in page_two["items"]] == [first.slug]
    assert (page_two["has_next"], page_two["has_previous"]) == (False, True)
    assert elsewhere["items"] == other_year["items"] == []
    assert [c["slug"] for c in searched["items"]] == [first.slug]


@pytest.mark.parametrize("count", [1, 3])
def test_the_profile_list_costs_one_query_uncached_and_none_cached(
    client, published, count, django_assert_num_queries
):
    published(count)

    with django_assert_num_queries(1):
        client.get("/api/v1/public/profiles/")
    with django_assert_num_queries(0):
        response = client.get("/api/v1/public/profiles/")

    assert len(response.json()["items"]) == count


def test_a_profile_shows_its_page_and_an_unpublished_one_is_404(client, published, city_admin):
    (profile,) = published()

    found = client.get(f"/api/v1/public/profiles/{profile.slug}/").json()
    gallery.unpublish(profile, reason="本人撤回同意", by=city_admin)
    gone = client.get(f"/api/v1/public/profiles/{profile.slug}/")

    assert set(found) == {
        "slug", "title", "summary", "story_html", "year", "organization", "tags", "url",
        "photo_url", "thumbnail_url",
    }  # fmt: skip
    assert found["title"] == profile.title
    assert found["organization"] == "东区一支部"
    assert gone.status_code == 404
    assert gone.json()["code"] == "not_found"


def test_a_client_with_the_current_copy_gets_304(client, published):
    published()
    first = client.get("/api/v1/public/profiles/")

    by_etag = client.get("/api/v1/public/profiles/", HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get("/api/v1/public/profiles/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    published()  # the gallery changes: a new copy
    changed = client.get("/api/v1/public/profiles/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag["ETag"] == first["ETag"]
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert len(changed.json()["items"]) == 2


@pytest.fixture
def running_notice(city, city_admin, branch_a1):
    campaign = CampaignFactory(owner=city, phase="reviewing", title="2026年度评选")
    shortlisted = NominationFactory(
        campaign=campaign, member__organization=branch_a1, state="shortlisted"
    )
    NominationFactory(campaign=campaign, member__organization=branch_a1, state="not_selected")
    public_notice = notice.open_notice(
        campaign,
        starts_on=datetime.date.today(),
        working_days=5,
        contact="组织部 0000",
        by=city_admin,
    )
    return public_notice, shortlisted


def test_a_notice_lists_its_nominations_public_fields_only(client, running_notice):
    public_notice, shortlisted = running_notice

    listed = client.get("/api/v1/public/notices/").json()
    body = client.get(f"/api/v1/public/notices/{public_notice.campaign_id}/").json()

    assert listed == [
        {
            "campaign_id": public_notice.campaign_id,
            "title": "2026年度评选",
            "starts_on": public_notice.starts_on.isoformat(),
            "ends_on": public_notice.ends_on.isoformat(),
        }
    ]
    assert body["accepting_objections"] is True
    assert body["contact"] == "组织部 0000"
    (entry,) = body["entries"]
    member = shortlisted.member
    assert entry == {
        "name": member.name,
        "gender": "男",
        "ethnicity": "汉族",
        "birth_year": 1985,
        "joined_year": 2010,
        "organization": "东区一支部",
        "post": member.post,
        "deeds_summary": shortlisted.deeds_summary,
        "revoked": False,
        "mark": "",
    }
    assert not any(value in str(body) for value in (*PERSONAL, member.id_number))


def test_a_nomination_withdrawn_during_the_notice_is_marked_at_once(
    client, running_notice, city_admin
):
    public_notice, shortlisted = running_notice
    url = f"/api/v1/public/notices/{public_notice.campaign_id}/"
    assert [e["mark"] for e in client.get(url).json()["entries"]] == [""]

    workflow.withdraw(shortlisted, by=city_admin, reason="异议属实")

    entries = client.get(url).json()["entries"]
    assert [(e["name"], e["mark"], e["revoked"]) for e in entries] == [
        (shortlisted.member.name, "撤销", False)
    ]
    assert "异议属实" not in str(entries)


def test_the_calendar_lists_a_years_holidays_and_changes_with_them(client, city_admin):
    workdays.add_calendar_day(
        date=datetime.date(2026, 10, 1), kind="holiday", note="国庆节", by=city_admin
    )
    first = client.get("/api/v1/public/calendar/", {"year": 2026}).json()
    workdays.add_calendar_day(
        date=datetime.date(2026, 10, 10), kind="workday", note="调休", by=city_admin
    )

    second = client.get("/api/v1/public/calendar/", {"year": 2026}).json()

    assert first == {
        "year": 2026,
        "days": [
            {"date": "2026-10-01", "kind": "holiday", "kind_label": "法定节假日", "note": "国庆节"}
        ],
    }
    assert [day["date"] for day in second["days"]] == ["2026-10-01", "2026-10-10"]


REASON = "受到党内警告处分，不再符合先进条件。"


@pytest.fixture
def revoked(published, city_admin):
    """A published exemplar whose honour the city revokes, and one who keeps it."""
    kept, lost = published(2)
    revocations.revoke_honour(
        lost.nomination, reason=REASON, document="江组字〔2027〕8号", by=city_admin
    )
    lost.refresh_from_db()
    return kept, lost


def test_a_revoked_profile_is_gone_as_its_gallery_page_says(client, revoked):
    kept, lost = revoked

    page = client.get(reverse("public:gallery_detail", args=[lost.slug]))
    gone = client.get(f"/api/v1/public/profiles/{lost.slug}/")
    english = client.get(f"/api/v1/public/profiles/{lost.slug}/", {"lang": "en"})

    assert page.status_code == gone.status_code == 410
    assert gone["Content-Type"] == "application/json"
    assert gone.json() == {"code": "gone", "message": "该风采展示页面已撤下，不再提供。"}
    assert english.json()["message"].startswith("This exemplar's page has been withdrawn")
    assert REASON not in gone.content.decode()
    assert client.get(f"/api/v1/public/profiles/{kept.slug}/").status_code == 200
    assert client.get("/api/v1/public/profiles/no-such-one/").status_code == 404


def test_a_notice_keeps_a_revoked_exemplar_marked_as_its_page_does(client, revoked, city_admin):
    kept, lost = revoked
    campaign = lost.nomination.campaign
    # The notice that listed both, long over.
    notice.PublicNotice.objects.create(
        campaign=campaign,
        starts_on=datetime.date(2026, 5, 1),
        ends_on=datetime.date(2026, 5, 8),
        working_days=5,
        contact="组织部",
        opened_by=city_admin,
    )

    page = client.get(reverse("public:notice_detail", args=[campaign.pk])).content.decode()
    body = client.get(f"/api/v1/public/notices/{campaign.pk}/").json()

    marks = {entry["name"]: (entry["revoked"], entry["mark"]) for entry in body["entries"]}
    assert marks == {
        kept.nomination.member.name: (False, ""),
        lost.nomination.member.name: (True, "已撤销荣誉"),
    }
    assert f'{lost.nomination.member.name} <span class="badge' in page
    assert REASON not in str(body)


def test_the_revocation_notice_is_announced_as_on_the_list_of_notices(client, revoked):
    _kept, lost = revoked
    nomination = lost.nomination

    page = client.get(reverse("public:notice_list")).content.decode()
    body = client.get("/api/v1/public/revocations/").json()

    assert "撤销荣誉公告" in page and "江组字〔2027〕8号" in page
    assert body == [
        {
            "name": nomination.member.name,
            "organization": "东区一支部",
            "campaign": nomination.campaign.title,
            "document": "江组字〔2027〕8号",
            "revoked_on": datetime.date.today().isoformat(),
        }
    ]
    assert REASON not in str(body)
    assert not any(value in str(body) for value in (*PERSONAL, nomination.member.id_number))
