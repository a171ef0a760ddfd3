"""The benchmark's page timing (bench/pages.py) counts what a page costs, not what the session
happens to write on the request it counts."""

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
