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
    """ "Uncached": what a publish does to the public pages — their generation moves on, so the
    next request makes the page again and keeps it. Up to stop 9 the benchmark emptied all of
    Redis instead, the generation token included, which only a Redis restart does: that miss
    also wrote a new token (one more round trip) and refilled the session store."""
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
    """The page's times, and T0's timed just before and just after them: this VM's speed
    drifts by tens of per cent within a minute, and a T0 timed once at the start let that drift
    into every ratio. T0 stays a run of trivial requests (timed between the page's requests,
    it would carry the page's garbage collections and cold caches, and flatter every ratio)."""
    trivial = _time(baseline, TRIVIAL, uncached=False, repeat=repeat)
    page = _time(client, path, uncached=uncached, repeat=repeat)
    trivial += _time(baseline, TRIVIAL, uncached=False, repeat=repeat)
    return page, trivial


def _queries(client: Client, path: str, *, uncached: bool) -> int:
    if uncached:
        _outdate_public_pages()
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)


@override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["testserver"])
def measure(world, *, repeat: int = 30) -> dict:
    """Per page: median and p95 server time, the ratio of the median to the median of T0 timed
    just before and after the page, and the query count."""
    anonymous = Client()
    _time(anonymous, TRIVIAL, uncached=False, repeat=5)  # warm up
    t0 = statistics.median(_time(anonymous, TRIVIAL, uncached=False, repeat=repeat * 3))
    found = {}
    for name, path, who, uncached in _pages(world):
        client = Client()
        if who is not None:
            client.force_login(who)
        _time(client, path, uncached=uncached, repeat=2)  # warm up (and fill the cache)
        times, trivial = _bracketed(client, path, anonymous, uncached=uncached, repeat=repeat)
        times.sort()
        median, beside = statistics.median(times), statistics.median(trivial)
        p95 = times[max(int(len(times) * 0.95) - 1, 0)]
        found[name] = {
            "median_ms": round(median * 1000, 2),
            "p95_ms": round(p95 * 1000, 2),
            "t0_ms": round(beside * 1000, 3),
            "ratio": round(median / beside, 1),
            "queries": _queries(client, path, uncached=uncached),
        }
        if who is not None:
            found[name] |= _beside_signed_in(client, median, repeat=repeat)
    return {"t0_ms": round(t0 * 1000, 3), "pages": found}


def _beside_signed_in(client: Client, median: float, *, repeat: int) -> dict:
    """Reported, not a target: the page against the trivial view requested by the same user,
    timed right after it — what any signed-in request pays before its view runs (the session
    from Redis, the user and their roles from PostgreSQL)."""
    floor = statistics.median(_time(client, TRIVIAL, uncached=False, repeat=repeat))
    return {
        "t0_signed_in_ms": round(floor * 1000, 3),
        "ratio_signed_in": round(median / floor, 1),
    }


def queries_only(world) -> dict[str, int]:
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["testserver"]):
        counts = {}
        for name, path, who, uncached in _pages(world):
            client = Client()
            if who is not None:
                client.force_login(who)
            _time(client, path, uncached=uncached, repeat=1)  # warm up, as measure() does
            counts[name] = _queries(client, path, uncached=uncached)
        return counts
