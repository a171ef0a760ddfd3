"""SCALE=province: ten cities of bench.generate's city below a province — 2,000,000 members in
5,000 branches, ten campaigns in review of 5,000 nominations each (50,000 nominations) with 15
submitted cards each (750,000 cards, 3,000,000 scores) and their surveys.

Loaded through PostgreSQL COPY (bench.pgcopy; bulk_create on the SQLite variant), each step's
elapsed time and rows/s printed as it goes and each table's at the end; the whole load is held
to 30 minutes. Then: the ranking of one city's 5,000-nomination campaign
(<= 0.5 s, equal to the pure-Python reference) and the structure analysis of the whole province,
xlsx and PDF (<= 10 s each). Then the pages (bench.pages) against the small scale built in the
same database, for the province's admin over all five levels: the first city's campaign, ten
years of published profiles from every city, a district's screening and a committee's staged
campaign, as the city has them (``world``)."""

from __future__ import annotations

import dataclasses
import math
import random
import time

from bench import campaigns, generate, jobs, pgcopy, targets
from members.choices import OrgKind, Role
from members.models import Member, Organization, User
from members.services import save_organization
from selection.models import Campaign, Nomination

CITIES = 10
PREFIX = "PROV"


def _step(label: str, rows: int, start: float) -> None:
    seconds = time.perf_counter() - start
    rate = targets.rows_per_second(rows, seconds)
    print(f"  {label:<40} {rows:>10,} rows {seconds:8.1f} s {rate:>9,} rows/s", flush=True)


def spread_step(step: int, branches: int) -> int:
    """The largest step up to ``step`` that shares no factor with ``branches``: members are dealt
    to branches in turn (``generate.members``), so every ``step``-th of them lands in every
    branch alike, as in a real city, rather than all in one branch of each ``gcd``."""
    step = max(step, 1)
    while math.gcd(step, branches) != 1:
        step -= 1
    return step


def load(scale=None, *, seed: int = 2026) -> dict:
    """The province; returns its root, admin, campaigns and the load's seconds."""
    scale = scale or generate.SCALES["province"]
    per_city = dataclasses.replace(scale, members=scale.members // CITIES)
    nominations_per_city = scale.nominations // CITIES
    rng = random.Random(seed)
    insert = pgcopy.inserter()
    begun, loaded = time.perf_counter(), scale.members
    print(f"Loading scale '{scale.name}'", flush=True)

    start = time.perf_counter()
    root = save_organization(Organization(code=PREFIX, name=f"{PREFIX}省委", kind=OrgKind.PROVINCE))
    branches = []
    for m in range(CITIES):
        _city, found = generate.tree(per_city, f"{PREFIX}-M{m:02d}", parent=root)
        branches += found
    _step("organisations", Organization.objects.count(), start)

    start = time.perf_counter()
    generate.members(scale.members, "P", branches, rng, insert)
    _step("members", scale.members, start)

    creator = User.objects.create(username="prov-secretary")
    reviewers = None
    admin = generate.person("prov-admin", Role.ADMIN, root)
    made = []
    cities = Organization.objects.filter(parent=root).order_by("path")
    step = spread_step(per_city.members // nominations_per_city, per_city.branches)
    campaign_scale = dataclasses.replace(per_city, nominations=nominations_per_city)
    for m, city in enumerate(cities):
        start = time.perf_counter()
        nominees = list(
            Member.objects.filter(organization__path__startswith=city.path)
            .order_by("member_no")
            .values_list("pk", "organization_id")[::step]
        )[:nominations_per_city]
        campaign, found_reviewers = campaigns.review(
            campaign_scale,
            f"{PREFIX}{m:02d}",
            city,
            nominees,
            creator,
            rng,
            title=f"{PREFIX}基准测试活动{m:02d}",
            insert=insert,
        )
        made.append(campaign)
        reviewers = reviewers or found_reviewers
        cards = len(nominees) * scale.cards_per_nomination
        rows = len(nominees) * (
            1
            + scale.cards_per_nomination * 5  # a card and its four scores
            + 1
            + scale.codes_per_nomination
            + scale.responses_per_nomination
        )
        _step(f"campaign {m + 1}/{CITIES} ({cards:,} cards, all rows)", rows, start)
        loaded += rows
    seconds = time.perf_counter() - begun
    for table, (count, spent) in sorted(pgcopy.TOTALS.items()):
        rate = targets.rows_per_second(count, spent)
        print(f"  COPY {table:<35} {count:>10,} rows {spent:8.1f} s {rate:>9,} rows/s")
    rate = targets.rows_per_second(loaded, seconds)
    print(f"Loaded {loaded:,} rows in {seconds:.0f} s, {rate:,} rows/s", flush=True)
    return {
        "root": root,
        "admin": admin,
        "creator": creator,
        "reviewers": reviewers,
        "branch": branches[0],
        "step": step,
        "campaigns": made,
        "seconds": seconds,
        "rows": loaded,
    }


def world(loaded: dict, city_scale=None, *, seed: int = 2026) -> generate.World:
    """What the pages need besides the load, as ``generate.review_campaign`` makes it for a city,
    with the province's admin over all of it. The gallery holds as many profiles as the city's,
    from every city's members no campaign nominated, so that a notice lists as many names as a
    city's and the pages differ from the city's only in the data around them."""
    root, creator, campaign = loaded["root"], loaded["creator"], loaded["campaigns"][0]
    city_scale = city_scale or generate.SCALES["city"]
    cities = list(Organization.objects.filter(parent=root).order_by("path"))
    per_city = -(-city_scale.profiles // len(cities))
    past_nominees = []
    for city in cities:
        # the campaigns took every ``step``-th member from the first; these sit between them
        members = Member.objects.filter(organization__path__startswith=city.path)
        step = loaded["step"]
        past_nominees += list(
            members.order_by("member_no").values_list("pk", "organization_id")[step // 2 :: step]
        )[:per_city]
    past = campaigns.past_campaigns(city_scale, PREFIX, root, creator, past_nominees)
    campaigns.opinions(Nomination.objects.filter(campaign__owner=root), creator)
    campaigns.opinions(Nomination.objects.filter(campaign=campaign), creator)
    city = cities[0]
    district = Organization.objects.filter(parent=city).order_by("path").first()
    screening = campaigns.screening_campaign(city_scale, PREFIX, district, creator)
    committee = Organization.objects.filter(parent=district).order_by("path").first()
    staged = campaigns.staged_campaign(
        city_scale, PREFIX, city, committee, creator, loaded["reviewers"], random.Random(seed)
    )
    return generate.World(
        campaign=campaign,
        root=root,
        district=district,
        admin=loaded["admin"],
        secretary=generate.person("prov-branch-secretary", Role.SECRETARY, loaded["branch"]),
        reviewer=loaded["reviewers"][0],
        past=past,
        screening=screening,
        staged=staged,
        committee=committee,
    )


def rows(*, vacuum) -> tuple[list[dict], dict]:
    """Load the province, then measure (bench.run prints the rows); with the pages' figures."""
    from bench import pages
    from evaluations.models import Score

    small = generate.review_campaign(generate.SCALES["small"], prefix="SMALL")
    loaded = load()
    measured_world = world(loaded)
    vacuum()
    # The pages first: the report jobs below are the admin's, and would fill their report list.
    measured = pages.measure({"small": small, "measured": measured_world})
    scores = Score.objects.count()
    seconds = loaded["seconds"]
    problems = targets.seconds_problems(round(seconds), targets.PROVINCE_LOAD_SECONDS, "load")
    found = [
        {
            "name": f"load ({Member.objects.count():,} members, {scores:,} scores)",
            "figure": round(seconds, 1),
            "unit": "s",
            "rows_per_second": targets.rows_per_second(loaded["rows"], seconds),
            "target": f"< {targets.PROVINCE_LOAD_SECONDS // 60} min",
            "problems": problems,
            "met": not problems,
        },
        jobs.ranking_row(loaded["campaigns"][0], limit=targets.RANKING_SECONDS),
    ]
    campaign, root, limit = (
        loaded["campaigns"][0],
        loaded["root"],
        targets.PROVINCE_STRUCTURE_SECONDS,
    )
    for kind, title in (
        ("structure_xlsx", "structure analysis xlsx (2,000,000 members)"),
        ("structure", "structure analysis PDF (2,000,000 members)"),
    ):
        found.append(jobs.report_row(campaign, kind, root, title, limit, admin=loaded["admin"]))
    return targets.page_rows(measured) + found, measured


def find_world() -> generate.World:
    """The world ``world`` built, found again in a kept database (bench.profile)."""
    staged = Campaign.objects.get(title=f"{PREFIX}逐级推荐基准活动")
    campaign = Campaign.objects.get(title=f"{PREFIX}基准测试活动00")
    return generate.World(
        campaign=campaign,
        root=Organization.objects.get(code=PREFIX),
        district=Organization.objects.filter(parent=campaign.owner).order_by("path").first(),
        admin=User.objects.get(username="prov-admin"),
        secretary=User.objects.get(username="prov-branch-secretary"),
        reviewer=User.objects.get(username=f"{PREFIX.lower()}00-rev-0"),
        past=Campaign.objects.filter(title__endswith=f"{PREFIX}四好党员选树")
        .order_by("-year")
        .first(),
        screening=Campaign.objects.get(title=f"{PREFIX}资格审查基准活动"),
        staged=staged,
        committee=staged.stages.get(position=1).entries.first().node,
    )
