"""Generations: what is cached from changing data is served only while that data is unchanged."""

from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache

from config.cache import Generation, get_or_make_many

pytestmark = pytest.mark.django_db


def kept_as(key: str) -> str:
    """The name a value made by this release is kept under (beside its generation's token)."""
    return f"release:{settings.RELEASE}:{key}"


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
    kept = cache.get(kept_as("test:page"))

    cache.delete(pages.key)  # evicted, or Redis flushed
    cache.set(kept_as("test:page"), kept, 60)  # while the page itself survived

    assert pages.get_or_make("test:page", render, 60) == "page 2"
    assert pages.current() != kept[0]


def test_a_page_that_cannot_be_made_is_not_kept():
    pages = Generation("test-pages")

    assert pages.get_or_make("test:missing", lambda: None, 60) is None
    assert cache.get(kept_as("test:missing")) is None


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


# --- One cache for every process: what one host writes, every other one sees ------------------


def test_a_bump_made_by_another_process_shows_at_once():
    pages, render = Generation("test-pages"), Maker()
    pages.get_or_make("test:page", render, 60)
    other_process = Generation("test-pages")  # the same name in another process: the same token

    other_process.bump()

    assert pages.get_or_make("test:page", render, 60) == "page 2"


def test_a_value_made_by_one_process_is_served_to_another():
    Generation("test-pages").get_or_make("test:page", lambda: "made on host A", 60)

    assert Generation("test-pages").get_or_make("test:page", Maker(), 60) == "made on host A"


def test_a_kept_value_costs_one_read_of_the_shared_cache():
    pages, render = Generation("test-pages"), Maker()
    pages.get_or_make("test:page", render, 60)

    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as reads:
        assert pages.get_or_make("test:page", render, 60) == "page 1"

    assert reads.call_count == 1


def test_with_the_shared_cache_down_nothing_kept_is_served():
    pages, render = Generation("test-pages"), Maker()

    with (
        mock.patch.object(cache, "get_many", return_value={}),  # what a degraded read answers
        mock.patch.object(cache, "add", return_value=True),
    ):
        made = [pages.get_or_make("test:page", render, 60) for _ in range(3)]

    assert made == ["page 1", "page 2", "page 3"]


def test_no_cache_is_kept_in_a_process():
    """Only the shared cache is configured, as what processes share and, under the release,
    what the code makes: nothing per process that another host would not see (with REDIS_URL
    it is Redis; embedded, one process's local memory is the whole portal)."""
    default, pages = settings.CACHES["default"], settings.CACHES["pages"]

    assert list(settings.CACHES) == ["default", "pages"]
    assert {**pages, "KEY_PREFIX": None} == {**default, "KEY_PREFIX": None}


# --- Many values at once, each under its own generation --------------------------------------


class ManyMaker:
    """Stands for a grouped count: records which items each call had to make."""

    def __init__(self):
        self.asked = []

    def __call__(self, items):
        self.asked.append(items)
        return {item: f"{item} {len(self.asked)}" for item in items}


def test_many_values_are_made_in_one_go_and_then_served_from_one_read():
    wanted = {n: (Generation(f"test-{n}"), f"test:value:{n}") for n in ("a", "b")}
    make = ManyMaker()

    first = get_or_make_many(wanted, make, 60)
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as reads:
        again = get_or_make_many(wanted, make, 60)

    assert first == again == {"a": "a 1", "b": "b 1"}
    assert make.asked == [["a", "b"]]
    assert reads.call_count == 1


def test_a_bump_remakes_only_the_values_under_that_generation(django_capture_on_commit_callbacks):
    wanted = {n: (Generation(f"test-{n}"), f"test:value:{n}") for n in ("a", "b")}
    make = ManyMaker()
    get_or_make_many(wanted, make, 60)

    with django_capture_on_commit_callbacks(execute=True):
        wanted["b"][0].bump()

    assert get_or_make_many(wanted, make, 60) == {"a": "a 1", "b": "b 2"}
    assert make.asked == [["a", "b"], ["b"]]


def test_of_many_values_one_not_made_is_not_kept():
    wanted = {"a": (Generation("test-a"), "test:value:a")}

    assert get_or_make_many(wanted, lambda items: dict.fromkeys(items), 60) == {"a": None}
    assert cache.get(kept_as("test:value:a")) is None


def test_a_value_not_for_keeping_is_answered_made_and_made_again_next_time():
    pages, render = Generation("test-pages"), Maker()
    mine_only = pages.get_or_make_kept("test:mine", render, lambda page: None, 60)
    again = pages.get_or_make_kept("test:mine", render, lambda page: None, 60)

    assert (mine_only, again) == (("page 1", None), ("page 2", None))


def test_what_is_kept_of_a_value_is_found_the_next_time_without_making_it():
    pages, render = Generation("test-pages"), Maker()
    first = pages.get_or_make_kept("test:shared", render, str.upper, 60)
    second = pages.get_or_make_kept("test:shared", render, str.upper, 60)

    assert (first, second) == (("page 1", "PAGE 1"), (None, "PAGE 1"))
    assert render.made == 1
