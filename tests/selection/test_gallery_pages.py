"""The public gallery, continued: its pages, filters and caching as visitors meet them."""

import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse

from members.choices import OrgKind
from members.models import Member
from selection import gallery
from selection.choices import Phase, State
from tests.factories import CampaignFactory, NominationFactory, OrganizationFactory
from tests.selection.test_gallery import (
    _publish,
)

pytestmark = pytest.mark.django_db


def test_a_new_district_reaches_the_gallery_filter_once_the_public_pages_expire(
    client, city, district_a
):
    from django.core.cache import cache

    assert district_a.name in client.get(reverse("public:gallery")).content.decode()
    new = OrganizationFactory(parent=city, name="新区区委", kind=OrgKind.DISTRICT)
    gallery.PUBLIC_PAGES.bump()
    # Within PUBLIC_CACHE_SECONDS the filter may still be the one the cached page showed ...
    assert new.name not in client.get(reverse("public:gallery")).content.decode()
    # ... and after it, both the page and the filter are made again.
    cache.clear()  # what PUBLIC_CACHE_SECONDS does to both
    assert new.name in client.get(reverse("public:gallery")).content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_gallery_detail_query_count_does_not_grow(
    client, city, branch_a1, city_admin, count, django_assert_num_queries
):
    from django.core.cache import cache

    campaign = CampaignFactory(owner=city, phase=Phase.NOTICE)
    profiles = []
    for _ in range(count):
        nomination = NominationFactory(
            campaign=campaign, member__organization=branch_a1, state=State.APPROVED
        )
        profiles.append(
            _publish(gallery.create_profile(nomination, by=city_admin), nomination, city_admin)
        )
    cache.clear()
    url = reverse("public:gallery_detail", args=[profiles[-1].slug])

    with django_assert_num_queries(1):  # the profile with its organisation; uncached
        assert client.get(url).status_code == 200
    with django_assert_num_queries(0):  # cached (the view counted in the cache)
        assert client.get(url).status_code == 200


def test_no_personal_data_on_any_public_page_over_the_demo_data(client):
    call_command("seed_demo", stdout=io.StringIO())
    from selection.models import ExemplarProfile, PublicNotice

    pages = [reverse("home"), reverse("public:gallery"), reverse("public:notice_list")]
    pages += [
        reverse("public:gallery_detail", args=[p.slug])
        for p in ExemplarProfile.objects.filter(published_at__isnull=False)
    ]
    for n in PublicNotice.objects.all():
        pages += [
            reverse("public:notice_detail", args=[n.campaign_id]),
            reverse("public:notice_print", args=[n.campaign_id]),
        ]
    html = "".join(client.get(url).content.decode() for url in pages)

    assert len(pages) >= 10
    leaks = [
        m.member_no
        for m in Member.objects.only("member_no", "phone", "id_number", "birth_date")
        if m.phone in html or m.id_number in html or m.birth_date.strftime("%Y-%m-%d") in html
    ]
    assert leaks == []


def test_the_gallery_filters_by_organisation_year_and_field(
    client, city, branch_a1, branch_a2, branch_b1, district_a, district_b, city_admin
):
    campaign = CampaignFactory(owner=city, phase=Phase.NOTICE)
    made = {}
    for branch, tag in ((branch_a1, "教育"), (branch_a2, "医疗卫生"), (branch_b1, "教育")):
        nomination = NominationFactory(
            campaign=campaign, member__organization=branch, state=State.APPROVED
        )
        profile = gallery.create_profile(nomination, by=city_admin)
        gallery.update_profile(profile, data={"tags": tag}, by=city_admin)
        made[branch.pk] = _publish(profile, nomination, city_admin)

    everything = client.get(reverse("public:gallery")).content.decode()
    by_district = client.get(reverse("public:gallery"), {"org": district_b.pk}).content.decode()
    by_org = client.get(reverse("public:gallery"), {"org": branch_a2.pk}).content.decode()
    by_tag = client.get(reverse("public:gallery"), {"tag": "教育"}).content.decode()
    by_year = client.get(reverse("public:gallery"), {"year": "1999"}).content.decode()

    # The filter offers the districts, and a district means every branch under it.
    assert f'<option value="{district_a.pk}">东区区委</option>' in everything
    assert f'<option value="{district_b.pk}">西区区委</option>' in everything
    assert "东区一支部</option>" not in everything
    assert made[branch_b1.pk].title in by_district and made[branch_a1.pk].title not in by_district
    assert made[branch_a2.pk].title in by_org and made[branch_a1.pk].title not in by_org
    assert made[branch_a1.pk].title in by_tag and made[branch_a2.pk].title not in by_tag
    # A filter that finds nothing says so, with the way back to every profile.
    assert "暂无发布的先进风采" not in by_year
    assert (
        f'没有符合筛选条件的先进风采。 <a href="{reverse("public:gallery")}">清除筛选</a>'
    ) in by_year


def test_the_gallery_cards_are_filtered_by_year_and_area_newest_first(
    city, branch_a1, branch_b1, district_a, district_b, city_admin
):
    """The gallery's cards for each filter combination: a year, an area (its whole subtree),
    both, or an area that does not exist (no cards, no error); newest first."""
    from selection import queries

    campaign = CampaignFactory(owner=city, phase=Phase.NOTICE)
    for branch in (branch_a1, branch_b1, branch_a1):
        nomination = NominationFactory(
            campaign=campaign, member__organization=branch, state=State.APPROVED
        )
        _publish(gallery.create_profile(nomination, by=city_admin), nomination, city_admin)
    year = campaign.year

    for filters, expected in [
        ({}, 3),
        ({"year": year}, 3),
        ({"year": 1999}, 0),
        ({"area": district_a.pk}, 2),
        ({"area": district_b.pk}, 1),
        ({"year": year, "area": district_a.pk}, 2),
        ({"area": 10**15}, 0),
    ]:
        cards = list(queries.gallery_cards(**filters)[0:10])
        assert len(cards) == expected, filters
        published = [
            dict(zip(queries.GALLERY_CARD, card, strict=True))["published_at"] for card in cards
        ]
        assert published == sorted(published, reverse=True), filters
    assert isinstance(queries.gallery_cards(year=year, tag="教育"), QuerySet)


def test_the_gallery_pages_without_counting_everything(
    client, city, branch_a1, city_admin, monkeypatch
):
    from selection.views import public

    monkeypatch.setattr(public, "GALLERY_PAGE", 2)
    campaign = CampaignFactory(owner=city, phase=Phase.NOTICE)
    titles = []
    for _ in range(3):
        nomination = NominationFactory(
            campaign=campaign, member__organization=branch_a1, state=State.APPROVED
        )
        titles.append(
            _publish(
                gallery.create_profile(nomination, by=city_admin), nomination, city_admin
            ).title
        )
    url = reverse("public:gallery")

    first = client.get(url).content.decode()
    second = client.get(url, {"page": "2"}).content.decode()
    beyond = client.get(url, {"page": "99"}).content.decode()
    odd = client.get(url, {"page": "abc"}).content.decode()

    # Newest first: the last published leads the first page.
    assert titles[2] in first and titles[1] in first and titles[0] not in first
    assert "下一页" in first and "上一页" not in first
    assert titles[0] in second and "上一页" in second and "下一页" not in second
    assert "第 2 页" in second
    # Past the last page: a way back to the first, not a "page 99" with only a step back.
    assert "没有更多了" in beyond and f'<a href="{url}">回到第一页</a>' in beyond
    assert "第 99 页" not in beyond and "上一页" not in beyond
    assert titles[2] in odd


def test_gallery_links_are_the_views_own_urls(client, city, branch_a1, city_admin):
    from selection.views.common import url_for

    campaign = CampaignFactory(owner=city, phase=Phase.NOTICE)
    nomination = NominationFactory(
        campaign=campaign, member__organization=branch_a1, state=State.APPROVED
    )
    profile = _publish(gallery.create_profile(nomination, by=city_admin), nomination, city_admin)

    html = client.get(reverse("public:gallery")).content.decode()

    assert f'href="{reverse("public:gallery_detail", args=[profile.slug])}"' in html
    assert url_for("public:gallery_image", "thumb")(profile.slug) == reverse(
        "public:gallery_image", args=[profile.slug, "thumb"]
    )
    assert url_for("evaluations:score")(42) == reverse("evaluations:score", args=[42])


def test_a_card_shows_a_long_summary_cut_to_80_characters(client, profile, approved, city_admin):
    profile.summary = "事" * 100 + "尾"
    profile.save()
    _publish(profile, approved, city_admin)

    html = client.get(reverse("public:gallery")).content.decode()

    assert "事" * 79 + "…" in html
    assert "事" * 80 not in html and "尾" not in html
    detail = client.get(reverse("public:gallery_detail", args=[profile.slug])).content.decode()
    assert "事" * 100 + "尾" in detail


def test_random_query_strings_do_not_fill_the_cache(
    monkeypatch, settings, profile, approved, city_admin
):
    _publish(profile, approved, city_admin)
    default = caches["default"]
    kept = []
    real_set, real_set_many = default.set, default.set_many
    inside_set_many = []

    def set_many(data, *args, **kw):
        kept.extend(data)
        inside_set_many.append(True)  # local memory's set_many calls set for each key
        try:
            return real_set_many(data, *args, **kw)
        finally:
            inside_set_many.pop()

    def set_one(key, *args, **kw):
        if not inside_set_many:
            kept.append(key)
        return real_set(key, *args, **kw)

    monkeypatch.setattr(default, "set", set_one)
    monkeypatch.setattr(default, "set_many", set_many)
    visitor = Client()

    for number in range(30):
        assert visitor.get(f"/gallery/?x={number}&utm={number * 7}").status_code == 200
        assert visitor.get(f"/gallery/?q=search{number}").status_code == 200
        assert visitor.get(f"/gallery/?page={100 + number}").status_code == 200
        visitor.get(f"/gallery/{profile.slug}/?x={number}")

    pages = [key for key in kept if key.startswith(f"release:{settings.RELEASE}:public:")]
    assert len(pages) == 2  # the gallery's first page and the profile's page, once each
    first = visitor.get("/gallery/?x=1&page=1")
    assert "x=1" not in first.content.decode()


def test_a_gallery_with_nothing_published_says_so_without_a_filter_to_clear(client):
    page = client.get(reverse("public:gallery")).content.decode()

    assert "暂无发布的先进风采。" in page
    assert "清除筛选" not in page
