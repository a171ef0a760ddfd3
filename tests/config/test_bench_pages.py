"""The benchmark's page timing (bench/pages.py) counts what a page costs, not what the session
happens to write on the request it counts."""

import dataclasses
import time

import pytest
from django.test import Client, override_settings

from bench import pages
from config.middleware import SessionLimitsMiddleware

pytestmark = pytest.mark.django_db


@override_settings(ROOT_URLCONF="bench.urls")
def test_a_page_requested_a_minute_after_its_last_round_is_counted_without_the_sessions_write(
    secretary,
):
    client = Client()
    client.force_login(secretary)
    trivial = pages.Page("trivial", pages.TRIVIAL, secretary, "signed_in")
    counted_fresh = pages._queries(client, trivial)
    session = client.session
    session[SessionLimitsMiddleware.SEEN] = int(time.time()) - 120  # due for a write
    session.save()

    counted_later = pages._queries(client, trivial)

    assert counted_later == counted_fresh == 1


@override_settings(ROOT_URLCONF="bench.urls")
def test_every_signed_in_page_of_a_tiny_world_answers_and_the_pool_holds_its_nominations():
    from bench import generate

    tiny = generate.Scale("tiny", 400, 1, 1, 2, 40, 3, 2, 3, 2, 10)
    world = generate.review_campaign(tiny, prefix="TINY")
    signed_in = [page for page in pages.pages(world) if page.kind == "signed_in"]

    for page in signed_in:
        client = Client()
        client.force_login(page.who)
        assert client.get(page.path).status_code == 200, page.name
    assert world.staged.stages.get(position=1).entries.filter(node=world.committee).count() == 2
    assert generate.find_world("TINY").committee == world.committee


@override_settings(ROOT_URLCONF="bench.urls")
def test_a_tiny_provinces_pages_answer_its_admin_over_five_levels_with_the_citys_query_counts():
    from bench import generate, province

    tiny = generate.Scale("tiny", 400, 1, 1, 2, 40, 3, 2, 3, 2, 10)
    city = generate.review_campaign(tiny, prefix="TINY")
    loaded = province.load(dataclasses.replace(tiny, members=4000, nominations=400))
    world = province.world(loaded, tiny)

    assert world.admin.role_assignments.get().organization.kind == "province"
    assert world.past.owner == world.root
    assert pages.queries_only(world) == pages.queries_only(city)
    assert province.find_world() == world


def test_the_provinces_nominees_are_spread_over_every_branch_of_a_city():
    from bench import province

    step = province.spread_step(200_000 // 5_000, 500)

    assert step == 39
    assert len({i % 500 for i in range(0, 200_000, step)}) == 500
