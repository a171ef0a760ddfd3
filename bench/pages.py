"""Server time and query count of the portal's pages, in-process through the whole middleware
stack, at two scales in the same database and the same rounds: signed-in staff pages (list pages
among them) as ratios to T1, the trivial view for the same user, and public pages and the public
API as ratios to T0, the trivial view for a visitor, right after a publish and from the cache.
The targets are in bench.targets."""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from selection import gallery
from selection.models import Campaign, ExemplarProfile, Nomination
from selection.models.campaigns import PUBLIC_NOTICES

TRIVIAL = "/__bench__/trivial"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    who: object  # a User, or None for a visitor
    kind: str  # "signed_in", "uncached" or "cached" (bench.targets)
    campaign_id: int | None = None  # a public page cached under its campaign's generation too


def _public(name: str, path: str, campaign_id: int | None = None) -> list[Page]:
    return [
        Page(f"{name} (uncached)", path, None, "uncached", campaign_id),
        Page(f"{name} (cached)", path, None, "cached", campaign_id),
    ]


def pages(world) -> list[Page]:
    """The pages measured on the world built by bench.generate."""
    profile = ExemplarProfile.objects.filter(nomination__campaign=world.past).first()
    card = world.reviewer.scorecards.order_by("pk").first()
    nomination = Nomination.objects.filter(campaign=world.campaign).order_by("pk").first()
    pk = world.campaign.pk
    return [
        *_public("home", "/"),
        *_public("gallery list", "/gallery/"),
        *_public("gallery detail", f"/gallery/{profile.slug}/"),
        *_public("notice list", "/notice/"),
        *_public("notice", f"/notice/{world.past.pk}/", world.past.pk),
        *_public("api profile list", "/api/v1/public/profiles/"),
        Page("secretary dashboard", f"/nominations/?campaign={pk}", world.secretary, "signed_in"),
        # A district's campaign in screening: a page of 50 nominations with their eligibility.
        Page(
            "screening queue",
            f"/nominations/screening/?campaign={world.screening.pk}",
            world.admin,
            "signed_in",
        ),
        Page("reviewer queue", "/review/", world.reviewer, "signed_in"),
        Page("scoring page", f"/review/{card.nomination_id}/", world.reviewer, "signed_in"),
        Page("results page", f"/campaigns/{pk}/results/", world.admin, "signed_in"),
        Page("nomination detail", f"/nominations/{nomination.pk}/", world.admin, "signed_in"),
        Page("member list", "/members/", world.admin, "signed_in"),
        Page("campaign list", "/campaigns/", world.admin, "signed_in"),
        Page("report list", "/reports/", world.admin, "signed_in"),
        Page("audit log", "/audit/", world.admin, "signed_in"),
        # Level by level: the stages overview, and a 党委's first-stage pool (a few hundred) and
        # its committee.
        Page("stages overview", f"/campaigns/{world.staged.pk}/stages/", world.admin, "signed_in"),
        Page(
            "stage pool",
            f"/campaigns/{world.staged.pk}/stages/1/{world.committee.pk}/",
            world.admin,
            "signed_in",
        ),
        Page(
            "stage committee",
            f"/campaigns/{world.staged.pk}/stages/1/{world.committee.pk}/committee/",
            world.admin,
            "signed_in",
        ),
    ]


def _outdate(page: Page) -> None:
    """What "uncached" means here: what a publish does to the public pages — their generation
    moves on, so the next request makes the page again and keeps it (emptying all of Redis
    instead would measure a Redis restart: a new token and a refilled session store)."""
    gallery.PUBLIC_PAGES.bump()
    PUBLIC_NOTICES.bump()  # the notice list's (every campaign's write bumps it)
    if page.campaign_id is not None:
        Campaign.generation(page.campaign_id).bump()


def _time(client: Client, path: str, repeat: int, page: Page | None = None) -> list[float]:
    times = []
    for _ in range(repeat):
        if page is not None and page.kind == "uncached":
            _outdate(page)
        start = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
    return times


def _queries(client: Client, page: Page) -> int:
    """The page's queries, counted on a request made right after another: a signed-in session
    notes the time it was last seen at most once a minute (``SessionLimitsMiddleware``), and
    that write would be counted in a page first requested a minute after its last round."""
    _time(client, page.path, 1, page)
    if page.kind == "uncached":
        _outdate(page)
    with CaptureQueriesContext(connection) as captured:
        client.get(page.path)
    return len(captured)


#: Rounds over the whole list of pages, the pause before each but the first (seconds), and the
#: requests of each page (and of each trivial view before and after it) in a round. BENCH_ROUNDS
#: and BENCH_PAUSE shorten a trial run.
ROUNDS = int(os.getenv("BENCH_ROUNDS", "9"))
PAUSE = float(os.getenv("BENCH_PAUSE", "20"))
REPEAT = 20


def _round(client: Client, anonymous: Client, page: Page, repeat: int) -> dict:
    """One round of one page at one scale: the page's times, and its trivial view's timed just
    before and just after them (a shared machine's speed drifts by tens of per cent within a
    minute: a baseline timed once at the start would let that drift into every ratio)."""
    baseline = client if page.kind == "signed_in" else anonymous
    _time(client, page.path, 2, page)  # warm up (and fill the cache)
    trivial = _time(baseline, TRIVIAL, repeat)
    times = _time(client, page.path, repeat, page)
    trivial += _time(baseline, TRIVIAL, repeat)
    return {"times": times, "ratio": statistics.median(times) / statistics.median(trivial)}


@override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["testserver"])
def measure(
    worlds: dict[str, object],
    *,
    repeat: int = REPEAT,
    rounds: int = ROUNDS,
    pause: float = PAUSE,
) -> dict:
    """Per page and scale (``worlds``: {"small": …, "measured": …}): median and p95 server time,
    its ratio to its trivial view (the median of its rounds'), its query count; and per page its
    growth, the median over rounds of its median time at the measured scale over small's.

    The rounds are ``pause`` seconds apart: a shared machine's speed can change by up to a half
    from one minute to the next, and in its slow spells the pages that wait on PostgreSQL slow
    more than the trivial views, which do not; spread over minutes, a spell decides some rounds
    and not the median. In a round a page is timed at both scales one right after the other."""
    anonymous = Client()
    _time(anonymous, TRIVIAL, 5)  # warm up
    t0 = statistics.median(_time(anonymous, TRIVIAL, repeat * 3))
    lists = {scale: pages(world) for scale, world in worlds.items()}
    clients, seen, started, begun = {}, {}, [], time.perf_counter()
    for number in range(rounds):
        if number:
            time.sleep(pause)
            _time(anonymous, TRIVIAL, repeat)  # awake again
        started.append(round(time.perf_counter() - begun, 1))
        for index, name in enumerate(page.name for page in lists["measured"]):
            medians = {}
            for scale, listed in lists.items():
                page = listed[index]
                if (scale, name) not in clients:
                    clients[scale, name] = Client()
                    if page.who is not None:
                        clients[scale, name].force_login(page.who)
                    seen[scale, name] = {"times": [], "ratios": []}
                found = _round(clients[scale, name], anonymous, page, repeat)
                seen[scale, name]["times"] += found["times"]
                seen[scale, name]["ratios"].append(found["ratio"])
                medians[scale] = statistics.median(found["times"])
            growth = medians["measured"] / medians["small"]
            seen.setdefault(("growth", name), []).append(growth)
    found = {}
    for index, page in enumerate(lists["measured"]):
        row = {"kind": page.kind, "growth": round(statistics.median(seen["growth", page.name]), 2)}
        for scale, listed in lists.items():
            times = sorted(seen[scale, page.name]["times"])
            ratios = seen[scale, page.name]["ratios"]
            row[scale] = {
                "median_ms": round(statistics.median(times) * 1000, 2),
                "p95_ms": round(times[max(int(len(times) * 0.95) - 1, 0)] * 1000, 2),
                "ratio": round(statistics.median(ratios), 1),
                "ratios": [round(ratio, 1) for ratio in ratios],
                "queries": _queries(clients[scale, page.name], listed[index]),
            }
        found[page.name] = row
    return {"t0_ms": round(t0 * 1000, 3), "pages": found, "rounds_started_s": started}


def queries_only(world) -> dict[str, int]:
    """Each page's query count after a warm-up request (bench.profile)."""
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["testserver"]):
        counts = {}
        for page in pages(world):
            client = Client()
            if page.who is not None:
                client.force_login(page.who)
            counts[page.name] = _queries(client, page)
        return counts
