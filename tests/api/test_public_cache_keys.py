"""Anonymous callers cannot fill the shared cache through the public API: a profile listing is
kept under the parameters it understands, and only for the bounded set of listings the
gallery's page keeps (first pages, a year or a known area; never a search)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from selection import gallery
from tests.factories import CampaignFactory, NominationFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/public/profiles/"


@pytest.fixture
def one_published(city, city_admin, branch_a1):
    campaign = CampaignFactory(owner=city, phase="concluded", year=2026)
    approved = NominationFactory(
        campaign=campaign, member__organization=branch_a1, state="approved"
    )
    gallery.record_consent(approved, wording="同意公开。", by=city_admin)
    return gallery.publish(gallery.create_profile(approved, by=city_admin), by=city_admin)


def queries_of(client, params) -> int:
    with CaptureQueriesContext(connection) as made:
        assert client.get(LIST, params).status_code == 200
    return len(made)


def test_a_parameter_the_api_does_not_know_is_served_from_the_same_entry(client, one_published):
    assert queries_of(client, {}) > 0
    assert queries_of(client, {"x": "a8f3"}) == 0
    assert queries_of(client, {"x": "c2d9", "page_size": 12}) == 0


def test_a_search_and_a_far_page_are_answered_but_never_kept(client, one_published):
    for params in ({"q": one_published.title}, {"tag": "先锋"}, {"page": 6}):
        assert queries_of(client, params) > 0
        assert queries_of(client, params) > 0, params


def test_a_known_area_is_kept_and_a_made_up_one_is_not(client, one_published, district_a):
    assert queries_of(client, {"org": district_a.pk}) > 0
    assert queries_of(client, {"org": district_a.pk}) == 0

    made_up = {"org": district_a.pk + 1000}
    assert client.get(LIST, made_up).json()["items"] == []
    assert queries_of(client, made_up) > 0


def test_a_year_far_from_now_is_not_kept(client, one_published):
    assert queries_of(client, {"year": 1999}) > 0
    assert queries_of(client, {"year": 1999}) > 0
    assert queries_of(client, {"year": 2026}) > 0
    assert queries_of(client, {"year": 2026}) == 0
