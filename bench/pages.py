"""Server time and query count of the portal's busiest pages, in-process through the whole
middleware stack, as ratios to T0 (a trivial view timed in the same run)."""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from selection import gallery
from selection.models import ExemplarProfile

TRIVIAL = "/__bench__/trivial"


def _pages(world) -> list[tuple[str, str, object, bool]]:
    """(name, path, who, uncached) for the world built by bench.generate."""
    profile = ExemplarProfile.objects.filter(nomination__campaign=world.past).first()
    card = world.reviewer.scorecards.order_by("pk").first()
    pk = world.campaign.pk
    return [
        ("gallery list (uncached)", "/gallery/", None, True),
        ("gallery list (cached)", "/gallery/", None, False),
        ("gallery detail (uncached)", f"/gallery/{profile.slug}/", None, True),
        # The same list through the API (api/public.py), held to the gallery's targets.
        ("api profile list (uncached)", "/api/v1/public/profiles/", None, True),
        ("api profile list (cached)", "/api/v1/public/profiles/", None, False),
        ("notice", f"/notice/{world.past.pk}/", None, False),
        ("secretary dashboard", f"/nominations/?campaign={pk}", world.secretary, False),
        # A district's campaign in screening: a page of 50 nominations with their eligibility.
        (
            "screening queue",
            f"/nominations/screening/?campaign={world.screening.pk}",
            world.admin,
            False,
        ),
        ("reviewer queue (1,250 cards)", "/review/", world.reviewer, False),
        ("scoring page", f"/review/{card.nomination_id}/", world.reviewer, False),
        ("results page", f"/campaigns/{pk}/results/", world.admin, False),
    ]


def _outdate_public_pages() -> None:
    """What "uncached" means here: what a publish does to the public pages — their generation
    moves on, so the next request makes the page again and keeps it (emptying all of Redis
    instead would measure a Redis restart: a new token and a refilled session store)."""
    gallery.PUBLIC_PAGES.bump()


def _time(client: Client, path: str, *, uncached: bool, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        if uncached:
            _outdate_public_pages()
        start = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
    return times


def _bracketed(
    client: Client, path: str, baseline: Client, *, uncached: bool, repeat: int
) -> tuple[list[float], list[float]]:
    """The page's times, and T0's timed just before and just after them: a shared machine's speed
    drifts by tens of per cent within a minute, and a T0 timed once at the start let that drift
    into every ratio. T0 stays a run of trivial requests (timed between the page's requests,
    it would carry the page's garbage collections and cold caches, and flatter every ratio)."""
    trivial = _time(baseline, TRIVIAL, uncached=False, repeat=repeat)
    page = _time(client, path, uncached=uncached, repeat=repeat)
    trivial += _time(baseline, TRIVIAL, uncached=False, repeat=repeat)
    return page, trivial


def _queries(client: Client, path: str, *, uncached: bool) -> int:
    """The page's queries, counted on a request made right after another: a signed-in session
    notes the time it was last seen at most once a minute (``SessionLimitsMiddleware``), and
    that write would be counted in a page first requested a minute after its last round."""
    _time(client, path, uncached=uncached, repeat=1)
    if uncached:
        _outdate_public_pages()
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)


#: Rounds over the whole list of pages, and the pause before each but the first, in seconds
#: (see measure()).
ROUNDS = 9
PAUSE = 20


@override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["testserver"])
def measure(world, *, repeat: int = 30, rounds: int = ROUNDS, pause: float = PAUSE) -> dict:
    """Per page: median and p95 server time, its ratio to T0, and the query count.

    The pages are measured in ``rounds`` rounds over the whole list, ``pause`` seconds apart.
    In each, a page's ratio is its median over the median of T0 timed just before and after
    it; the page's ratio is the median of its rounds' ratios. A shared machine's speed can change
    by up to a half from one minute to the next, and in its slow spells the signed-in pages,
    which wait on PostgreSQL, slow more than T0, which does not. A round over all the pages
    takes a few seconds: rounds one after the other could all fall inside one spell; spread
    over minutes, a spell decides some rounds and not the median. The times reported are of all
    the page's requests; ``ratios`` keeps each round's, and ``rounds_started_s`` when each
    round started."""
    anonymous = Client()
    _time(anonymous, TRIVIAL, uncached=False, repeat=5)  # warm up
    t0 = statistics.median(_time(anonymous, TRIVIAL, uncached=False, repeat=repeat * 3))
    clients, seen, started, begun = {}, {}, [], time.perf_counter()
    for number in range(rounds):
        if number:
            time.sleep(pause)
            _time(anonymous, TRIVIAL, uncached=False, repeat=repeat)  # awake again
        started.append(round(time.perf_counter() - begun, 1))
        for name, path, who, uncached in _pages(world):
            if name not in clients:
                clients[name] = Client()
                if who is not None:
                    clients[name].force_login(who)
                seen[name] = {"times": [], "trivial": [], "ratios": [], "signed_in": []}
            client, page = clients[name], seen[name]
            _time(client, path, uncached=uncached, repeat=2)  # warm up (and fill the cache)
            times, trivial = _bracketed(client, path, anonymous, uncached=uncached, repeat=repeat)
            median = statistics.median(times)
            page["times"] += times
            page["trivial"] += trivial
            page["ratios"].append(median / statistics.median(trivial))
            if who is not None:
                page["signed_in"].append(median / _signed_in_floor(client, repeat=repeat))
    found = {}
    for name, path, _who, uncached in _pages(world):
        page = seen[name]
        times = sorted(page["times"])
        found[name] = {
            "median_ms": round(statistics.median(times) * 1000, 2),
            "p95_ms": round(times[max(int(len(times) * 0.95) - 1, 0)] * 1000, 2),
            "t0_ms": round(statistics.median(page["trivial"]) * 1000, 3),
            "ratio": round(statistics.median(page["ratios"]), 1),
            "ratios": [round(ratio, 1) for ratio in page["ratios"]],
            "queries": _queries(clients[name], path, uncached=uncached),
        }
        if page["signed_in"]:
            found[name]["ratio_signed_in"] = round(statistics.median(page["signed_in"]), 1)
    return {"t0_ms": round(t0 * 1000, 3), "pages": found, "rounds_started_s": started}


def _signed_in_floor(client: Client, *, repeat: int) -> float:
    """Reported, not a target: the trivial view requested by the same user, timed right after
    the page — what any signed-in request pays before its view runs (the session with its
    user and their roles, one query: ``members.sessions``)."""
    return statistics.median(_time(client, TRIVIAL, uncached=False, repeat=repeat))


def queries_only(world) -> dict[str, int]:
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["testserver"]):
        counts = {}
        for name, path, who, uncached in _pages(world):
            client = Client()
            if who is not None:
                client.force_login(who)
            counts[name] = _queries(client, path, uncached=uncached)  # after a warm-up request
        return counts
