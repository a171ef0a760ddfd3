"""风采展示: consent, sanitised stories, publishing, the cached public gallery (DESIGN.md §6)."""

import io
import re

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from PIL import Image

from selection import files, gallery
from selection.choices import Phase, State
from selection.errors import SelectionError
from tests.factories import CampaignFactory, NominationFactory, png_upload
from tests.selection.test_slow_line import _big_photo

pytestmark = pytest.mark.django_db


def _publish(profile, nomination, admin):
    gallery.record_consent(nomination, wording="同意公开先进事迹。", by=admin)
    return gallery.publish(profile, by=admin)


def test_a_profile_is_prefilled_from_the_nomination(profile, approved):
    assert profile.summary == approved.deeds_summary
    assert profile.slug == f"{approved.campaign.year}-{approved.pk}"
    assert profile.photo
    assert not profile.is_published


def test_publishing_needs_the_members_recorded_consent(client, profile, city_admin, approved):
    with pytest.raises(SelectionError, match="个人信息保护法第二十五条"):
        gallery.publish(profile, by=city_admin)
    client.force_login(city_admin)
    page = client.get(reverse("selection:profile_edit", args=[profile.pk])).content.decode()
    assert "尚未记录本人同意公开的意见" in page

    published = _publish(profile, approved, city_admin)

    approved.refresh_from_db()
    assert published.is_published and published.thumbnail
    assert approved.state == State.PUBLISHED
    assert approved.consent.recorded_by == city_admin


def test_a_story_with_script_and_javascript_links_renders_inert(
    client, profile, approved, city_admin
):
    gallery.update_profile(
        profile,
        data={
            "story": '<p>事迹<script>alert(1)</script></p><img src=x onerror="alert(2)">'
            '<a href="javascript:alert(3)">链接</a>'
            '<a href="https://example.org" onclick="x()">好</a>'
        },
        by=city_admin,
    )
    _publish(profile, approved, city_admin)

    body = client.get(reverse("public:gallery_detail", args=[profile.slug])).content.decode()
    start = body.index('<div class="story">')
    story = body[start : body.index("</article>", start)]
    assert "<script" not in story
    assert "onerror" not in story and "onclick" not in story
    assert "javascript:" not in story
    assert "事迹" in story and 'href="https://example.org"' in story


def test_an_unpublished_profile_is_404_and_its_cached_page_is_gone(
    client, profile, approved, city_admin
):
    _publish(profile, approved, city_admin)
    url = reverse("public:gallery_detail", args=[profile.slug])
    assert client.get(url).status_code == 200
    for _ in range(2):  # the second is served from the cache (PUBLIC_PAGES)
        assert profile.title in client.get(reverse("public:gallery")).content.decode()

    gallery.unpublish(profile, reason="本人申请撤回公开。", by=city_admin)

    assert client.get(url).status_code == 404
    assert profile.title not in client.get(reverse("public:gallery")).content.decode()
    assert (
        client.get(reverse("public:gallery_image", args=[profile.slug, "thumb"])).status_code == 404
    )


def test_a_publish_shows_on_every_host_s_cached_gallery_at_once(
    profile, approved, city_admin, django_assert_num_queries
):
    host_a, host_b = Client(), Client()  # two web hosts: they share only the database and cache
    for host in (host_a, host_b):
        assert profile.title not in host.get(reverse("public:gallery")).content.decode()
    with django_assert_num_queries(0):  # both serve the page kept in the shared cache
        host_b.get(reverse("public:gallery"))

    _publish(profile, approved, city_admin)  # on either host, or in a worker: the bump is shared

    for host in (host_a, host_b):
        assert profile.title in host.get(reverse("public:gallery")).content.decode()


@pytest.mark.parametrize("first", ["signed_in", "visitor"])
def test_a_signed_in_user_s_page_is_never_shown_to_a_visitor_nor_theirs_to_them(
    client, profile, approved, city_admin, secretary, first
):
    """The public pages are cached, but the navigation bar of a signed-in user carries their
    name, a sign-out form with their CSRF token and the links of their roles."""
    _publish(profile, approved, city_admin)
    signed_in = Client()
    signed_in.force_login(secretary)
    urls = [reverse("public:gallery"), reverse("public:gallery_detail", args=[profile.slug])]
    for url in urls if first == "signed_in" else []:
        signed_in.get(url)
    for url in urls:
        visitor_page = client.get(url).content.decode()
        own_page = signed_in.get(url).content.decode()

        assert str(secretary) not in visitor_page
        assert "csrfmiddlewaretoken" not in visitor_page
        assert reverse("members:list") not in visitor_page
        assert reverse("login") in visitor_page
        assert str(secretary) in own_page and reverse("logout") in own_page
        assert reverse("members:list") in own_page  # a secretary's own link
        assert profile.title in own_page and profile.title in visitor_page


def test_views_are_counted_in_the_cache_and_flushed_in_batches(
    client, profile, approved, city_admin
):
    _publish(profile, approved, city_admin)
    for _ in range(3):
        client.get(reverse("public:gallery_detail", args=[profile.slug]))
    profile.refresh_from_db()
    assert profile.views == 0  # no database write per request

    gallery.flush_views()

    profile.refresh_from_db()
    assert profile.views == 3


def test_an_unknown_profile_is_404_and_no_view_is_counted_for_it(client):
    from django.core.cache import cache

    assert client.get(reverse("public:gallery_detail", args=["2099-1"])).status_code == 404
    assert cache.get(gallery.VIEW_KEY.format("2099-1")) is None


def test_a_moment_s_redis_failure_does_not_reset_the_views_counted(
    client, profile, approved, city_admin, monkeypatch
):
    _publish(profile, approved, city_admin)
    url = reverse("public:gallery_detail", args=[profile.slug])
    for _ in range(3):
        client.get(url)
    backend = caches["default"]  # the object itself: the proxy's settings may change under it
    incr = backend.incr
    failures = iter([True])

    def incr_failing_once(key, *args, **kwargs):
        if next(failures, False):
            raise ValueError("cache unavailable for incr")
        return incr(key, *args, **kwargs)

    monkeypatch.setattr(backend, "incr", incr_failing_once)
    client.get(url)
    gallery.flush_views()

    profile.refresh_from_db()
    assert profile.views == 4


def test_the_gallery_filters_by_district_and_keeps_the_choice(
    client, city, district_a, district_b, branch_a1, branch_b1, city_admin
):
    campaign = CampaignFactory(owner=city, phase=Phase.NOTICE)
    titles = {}
    for branch in (branch_a1, branch_b1):
        nomination = NominationFactory(
            campaign=campaign, member__organization=branch, state=State.APPROVED
        )
        profile = _publish(
            gallery.create_profile(nomination, by=city_admin), nomination, city_admin
        )
        titles[branch] = profile.title

    page = client.get(reverse("public:gallery"), {"org": district_a.pk}).content.decode()

    assert titles[branch_a1] in page and titles[branch_b1] not in page
    assert f'<option value="{district_a.pk}" selected>{district_a.name}</option>' in page
    assert f'<option value="{district_b.pk}">{district_b.name}</option>' in page


@pytest.mark.parametrize("count", [1, 3])
def test_gallery_list_query_count_does_not_grow(
    client, city, branch_a1, city_admin, count, django_assert_num_queries
):
    from django.core.cache import cache

    campaign = CampaignFactory(owner=city, phase=Phase.NOTICE)
    for _ in range(count):
        nomination = NominationFactory(
            campaign=campaign, member__organization=branch_a1, state=State.APPROVED
        )
        _publish(gallery.create_profile(nomination, by=city_admin), nomination, city_admin)
    cache.clear()

    with django_assert_num_queries(2):  # the page, the districts for the filter; uncached
        assert client.get(reverse("public:gallery")).status_code == 200
    with django_assert_num_queries(0):  # cached
        assert client.get(reverse("public:gallery")).status_code == 200
    gallery.PUBLIC_PAGES.bump()  # as a publish does
    with django_assert_num_queries(1):  # the cards; the districts are kept in the cache
        assert client.get(reverse("public:gallery")).status_code == 200


def test_the_profile_page_shows_its_photo_to_its_managers_published_or_not(
    client, city_admin, approved
):
    """The admin preparing a profile sees the photo that will be published (its own view,
    scoped as the page; the public image view serves only published profiles)."""
    profile = gallery.create_profile(approved, by=city_admin)
    client.force_login(city_admin)

    page = client.get(reverse("selection:profile_edit", args=[profile.pk])).content.decode()
    photo = client.get(reverse("selection:profile_photo", args=[profile.pk]))
    body = b"".join(photo.streaming_content)  # read to its end, which closes it

    url = reverse("selection:profile_photo", args=[profile.pk])
    seen = {"If-None-Match": photo["ETag"]}
    again = client.get(url, headers=seen)
    gallery.update_profile(profile, data={}, photo=png_upload("新照片.png"), by=city_admin)
    replaced = client.get(url, headers=seen)
    b"".join(replaced.streaming_content)

    assert reverse("selection:profile_photo", args=[profile.pk]) in page
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"  # as uploaded
    assert body.startswith(b"\x89PNG") and photo["Cache-Control"] == "private, no-cache"
    assert again.status_code == 304  # asked each time, not sent again while it is the same
    assert replaced.status_code == 200 and replaced["ETag"] != photo["ETag"]  # a new one at once


def test_the_profile_page_shows_a_small_preview_and_links_the_photo_itself(
    client, city_admin, approved
):
    """A camera's photo of about 2 MB is not loaded whole to be shown 120 px wide."""
    profile = gallery.create_profile(approved, by=city_admin)
    gallery.update_profile(profile, data={}, photo=_big_photo(), by=city_admin)
    client.force_login(city_admin)

    page = client.get(reverse("selection:profile_edit", args=[profile.pk])).content.decode()
    preview_url = re.search(r'<img src="([^"]*/photo/preview/\?v=[0-9a-f]+)"', page).group(1)
    preview = client.get(preview_url)
    photo = client.get(reverse("selection:profile_photo", args=[profile.pk]))

    full = reverse("selection:profile_photo", args=[profile.pk])
    assert f'<a href="{full}" target="_blank" rel="noopener">查看原图</a>' in page
    assert f'src="{full}"' not in page
    assert preview["Content-Type"] == "image/jpeg"
    assert preview["Cache-Control"] == f"private, max-age={files.PREVIEW_MAX_AGE}"
    assert Image.open(io.BytesIO(preview.content)).size == files.PREVIEW_SIZE
    assert len(preview.content) * 20 < len(b"".join(photo.streaming_content))
