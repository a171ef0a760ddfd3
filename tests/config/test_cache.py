"""Generations: what is cached from changing data is served only while that data is unchanged."""

import time
from unittest import mock

import pytest
from django.core.cache import cache

from config.cache import Generation

pytestmark = pytest.mark.django_db


class Maker:
    """Stands for a page renderer: counts how often it had to render."""

    def __init__(self):
        self.made = 0

    def __call__(self):
        self.made += 1
        return f"page {self.made}"


def test_a_kept_value_is_served_until_its_generation_is_bumped(django_capture_on_commit_callbacks):
    pages, render = Generation("test-pages"), Maker()

    first = pages.get_or_make("test:page", render, 60)
    again = pages.get_or_make("test:page", render, 60)
    with django_capture_on_commit_callbacks(execute=True):
        pages.bump()
    after_the_change = pages.get_or_make("test:page", render, 60)

    assert (first, again, after_the_change) == ("page 1", "page 1", "page 2")
    assert render.made == 2


def test_a_lost_token_comes_back_new_and_nothing_kept_before_is_served():
    pages, render = Generation("test-pages"), Maker()
    pages.get_or_make("test:page", render, 60)
    kept = cache.get("test:page")

    cache.delete(pages.key)  # evicted, or Redis flushed
    cache.set("test:page", kept, 60)  # while the page itself survived

    assert pages.get_or_make("test:page", render, 60) == "page 2"
    assert pages.current() != kept[0]


def test_a_page_that_cannot_be_made_is_not_kept():
    pages = Generation("test-pages")

    assert pages.get_or_make("test:missing", lambda: None, 60) is None
    assert cache.get("test:missing") is None


def test_two_generations_do_not_share_their_tokens(django_capture_on_commit_callbacks):
    public, other = Generation("test-public"), Generation("test-other")
    before = public.current()

    with django_capture_on_commit_callbacks(execute=True):
        other.bump()

    assert public.current() == before


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_bump_is_one_step():
    pages = Generation("test-pages")
    before = pages.current()

    pages.bump()

    assert pages.current() == before + 1


# --- A generation trusted for a while: each process keeps its copies -------------------------


def test_a_trusted_generation_serves_its_copy_without_asking_the_shared_cache():
    pages, render = Generation("test-trusted", trusted_for=60), Maker()
    first = pages.get_or_make("test:page", render, 60)  # makes the token: not trusted yet
    pages.get_or_make("test:page", render, 60)  # reads it from the shared cache: trusted

    with mock.patch.object(cache, "get_many", side_effect=AssertionError("asked Redis")):
        again = pages.get_or_make("test:page", render, 60)

    assert (first, again, render.made) == ("page 1", "page 1", 1)


def test_a_change_made_in_this_process_shows_at_once(django_capture_on_commit_callbacks):
    pages, render = Generation("test-trusted", trusted_for=60), Maker()
    pages.get_or_make("test:page", render, 60)

    with django_capture_on_commit_callbacks(execute=True):
        pages.bump()

    assert pages.get_or_make("test:page", render, 60) == "page 2"


def test_a_change_made_in_another_process_shows_once_the_copy_is_too_old():
    pages, render = Generation("test-trusted", trusted_for=0.5), Maker()
    pages.get_or_make("test:page", render, 60)
    pages.get_or_make("test:page", render, 60)  # the token read back: trusted from now

    cache.incr(pages.key)  # another process's bump: this one's copy of the token stays
    within = pages.get_or_make("test:page", render, 60)
    time.sleep(0.6)
    after = pages.get_or_make("test:page", render, 60)

    assert (within, after) == ("page 1", "page 2")


def test_with_the_shared_cache_down_nothing_is_served_from_the_copies():
    pages, render = Generation("test-trusted", trusted_for=60), Maker()

    with (
        mock.patch.object(cache, "get_many", return_value={}),  # what a degraded read answers
        mock.patch.object(cache, "add", return_value=True),
    ):
        made = [pages.get_or_make("test:page", render, 60) for _ in range(3)]

    assert made == ["page 1", "page 2", "page 3"]
