"""Public pages cached whole for visitors (#38): home, the notice list, a notice and a profile's
page are kept under a generation the services bump, per normalised parameters and language,
never for signed-in users and never with a visitor's cookie or CSRF token in them."""

import datetime

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from selection import gallery, kept_listings, notice, revocations, workflow
from selection.choices import Phase, State
from selection.views import public
from tests.factories import CampaignFactory, NominationFactory

pytestmark = pytest.mark.django_db


def _publish(nomination, admin):
    profile = gallery.create_profile(nomination, by=admin)
    gallery.record_consent(nomination, wording="同意公开先进事迹。", by=admin)
    return gallery.publish(profile, by=admin)


@pytest.fixture
def published(city, branch_a1, city_admin):
    nomination = NominationFactory(
        campaign=CampaignFactory(owner=city, phase=Phase.NOTICE),
        member__organization=branch_a1,
        state=State.APPROVED,
    )
    return nomination, _publish(nomination, city_admin)


@pytest.fixture
def running(city, branch_a1, city_admin):
    campaign = CampaignFactory(owner=city, phase=Phase.REVIEWING, title="二〇二六年度评选")
    for _ in range(2):
        NominationFactory(
            campaign=campaign, member__organization=branch_a1, state=State.SHORTLISTED
        )
    return notice.open_notice(
        campaign,
        starts_on=datetime.date.today(),
        working_days=5,
        contact="组织部 0000",
        by=city_admin,
    )


def _urls(published, running):
    return {
        "home": reverse("home"),
        "notice list": reverse("public:notice_list"),
        "notice": reverse("public:notice_detail", args=[running.campaign_id]),
        "gallery detail": reverse("public:gallery_detail", args=[published[1].slug]),
    }


@pytest.mark.parametrize("page", ["home", "notice list", "notice", "gallery detail"])
def test_a_visitors_second_request_runs_no_query(
    client, published, running, page, django_assert_num_queries
):
    url = _urls(published, running)[page]
    assert client.get(url).status_code == 200

    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("page", ["home", "notice list", "notice", "gallery detail"])
def test_a_head_request_of_a_link_checker_is_answered_from_the_cache(
    client, published, running, page, django_assert_num_queries
):
    """News sites that link to the gallery check their links with HEAD: answered as a GET
    would be, without a body, from the page the last visitor had."""
    url = _urls(published, running)[page]
    page_got = client.get(url)

    with django_assert_num_queries(0):
        head = client.head(url)

    assert head.status_code == 200 and head.content == b""
    assert head["Content-Type"] == page_got["Content-Type"]


def test_a_link_checker_s_head_is_not_counted_as_a_view_of_the_profile(client, published):
    from django.core.cache import cache

    slug = published[1].slug
    url = reverse("public:gallery_detail", args=[slug])
    client.get(url)

    client.head(url)
    client.head(url)

    assert cache.get(gallery.VIEW_KEY.format(slug)) == 1


def test_the_gallery_and_the_printed_notice_answer_head(client, published, running):
    for url in (
        reverse("public:gallery"),
        reverse("public:notice_print", args=[running.campaign_id]),
    ):
        assert client.head(url).status_code == 200, url


@pytest.mark.parametrize("page", ["home", "notice list", "notice", "gallery detail"])
def test_random_query_strings_share_the_one_cached_page(
    client, published, running, page, django_assert_num_queries
):
    url = _urls(published, running)[page]
    first = client.get(url, {"x": "first-visitor", "utm": "a"})

    with django_assert_num_queries(0):  # no second entry for another query string
        # (a page number that is not one is the first page on the notice, which pages)
        second = client.get(url, {"x": "another", "page": "seven"})
    assert second.content == first.content
    assert b"first-visitor" not in first.content  # nothing of a visitor's query is kept


@pytest.mark.parametrize("page", ["home", "notice list", "notice", "gallery detail"])
def test_a_signed_in_user_never_gets_the_visitors_cached_page(
    client, published, running, page, city_admin
):
    url = _urls(published, running)[page]
    visitors = client.get(url).content.decode()
    assert "csrfmiddlewaretoken" not in visitors

    user = Client()
    user.force_login(city_admin)
    theirs = user.get(url).content.decode()

    assert theirs != visitors
    assert "csrfmiddlewaretoken" in theirs  # their sign-out form
    assert "csrfmiddlewaretoken" not in client.get(url).content.decode()


def test_a_publish_shows_on_the_cached_home_page_at_once(
    client, published, city, branch_a1, city_admin
):
    assert published[1].title in client.get(reverse("home")).content.decode()
    nomination = NominationFactory(
        campaign=published[0].campaign, member__organization=branch_a1, state=State.APPROVED
    )
    profile = gallery.create_profile(nomination, by=city_admin)
    profile.title = "新发布的先进典型"
    profile.save()
    assert profile.title not in client.get(reverse("home")).content.decode()

    gallery.record_consent(nomination, wording="同意公开先进事迹。", by=city_admin)
    gallery.publish(profile, by=city_admin)

    assert profile.title in client.get(reverse("home")).content.decode()
    gallery.unpublish(profile, reason="本人申请撤回公开。", by=city_admin)
    assert profile.title not in client.get(reverse("home")).content.decode()


def test_an_opened_notice_shows_on_the_cached_notice_list_at_once(
    client, running, city, branch_a1, city_admin
):
    url = reverse("public:notice_list")
    assert running.campaign.title in client.get(url).content.decode()
    campaign = CampaignFactory(owner=city, phase=Phase.REVIEWING, title="第二次评选活动")
    NominationFactory(campaign=campaign, member__organization=branch_a1, state=State.SHORTLISTED)
    assert campaign.title not in client.get(url).content.decode()

    notice.open_notice(
        campaign, starts_on=datetime.date.today(), working_days=5, contact="x", by=city_admin
    )

    assert campaign.title in client.get(url).content.decode()


def test_a_revocation_shows_on_the_cached_notice_list_at_once(client, published, city_admin):
    nomination, _profile = published
    url = reverse("public:notice_list")
    assert "撤销荣誉公告" not in client.get(url).content.decode()

    revocations.revoke_honour(
        nomination, reason="经查实", document="江组字〔2027〕8号", notice_days=30, by=city_admin
    )

    assert "江组字〔2027〕8号" in client.get(url).content.decode()


def test_a_withdrawal_during_the_notice_marks_the_cached_notice_page_at_once(
    client, running, city_admin
):
    url = reverse("public:notice_detail", args=[running.campaign_id])
    leaving = running.campaign.nominations.first()
    marked = f'{leaving.member.name} <span class="badge text-bg-secondary notice-mark">撤销</span>'
    assert marked not in client.get(url).content.decode()

    workflow.withdraw(leaving, by=city_admin, reason="本人申请退出。")

    after = client.get(url).content.decode()
    assert marked in after and "本人申请退出。" not in after


def test_an_unknown_notice_is_404_and_never_kept(client, running, django_assert_num_queries):
    url = reverse("public:notice_detail", args=[running.campaign_id + 1000])
    assert client.get(url).status_code == 404
    with django_assert_num_queries(1):  # looked up again
        assert client.get(url).status_code == 404


def _visitor_request(path="/"):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    return request


def test_a_page_that_sets_a_cookie_or_carries_a_csrf_token_is_never_kept():
    made = []

    def with_cookie():
        made.append(1)
        response = HttpResponse("page")
        response.set_cookie("visitor", "one")
        return response

    def with_token():
        made.append(1)
        return HttpResponse('<input name="csrfmiddlewaretoken" value="one visitor\'s">')

    for render_page in (with_cookie, with_token):
        made.clear()
        for _ in range(2):
            public.cached_page(_visitor_request("/x/"), render_page)
        assert len(made) == 2  # made for each request, never served from the cache


def test_a_visitor_with_a_message_waiting_gets_a_page_made_for_them():
    made = []

    def render_page():
        made.append(1)
        return HttpResponse("page")

    public.cached_page(_visitor_request("/"), render_page)  # now kept
    request = _visitor_request("/")
    request.COOKIES["messages"] = "a waiting message"
    public.cached_page(request, render_page)
    assert made == [1, 1]


def test_the_gallery_of_an_area_is_kept_and_an_unknown_area_never_is(
    client, published, district_a, django_assert_num_queries, monkeypatch
):
    """A visitor may filter by any of the areas: those pages are kept. A number that is no area
    is answered (an empty gallery) but made again each time, so made-up numbers cannot fill the
    cache; the check reads the list of areas only when a page is made."""
    area = reverse("public:gallery") + f"?org={district_a.pk}"
    assert client.get(area).status_code == 200
    with monkeypatch.context() as patched:
        # a kept page is served without reading the list of areas again
        patched.setattr(kept_listings, "gallery_areas", lambda: pytest.fail("areas read"))
        with django_assert_num_queries(0):
            assert client.get(area).status_code == 200

    unknown = reverse("public:gallery") + f"?org={district_a.pk + 1000}"
    assert client.get(unknown).status_code == 200
    with CaptureQueriesContext(connection) as again:
        assert client.get(unknown).status_code == 200
    assert len(again) > 0  # made again, not kept
