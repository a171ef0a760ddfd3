"""``make bench``: build a named scale in a throw-away database, measure, print each figure beside
its target (bench.targets), write bench/results.json, and exit non-zero when a target is missed.

Runs on PostgreSQL + Redis (DATABASE_URL, REDIS_URL); without them it runs the same on SQLite and
says so in every line of its output ("SQLite variant: figures not comparable").

Measured (SCALE=small or city; the small scale is always built beside it, in the same database):
- the portal's pages in-process at both scales (bench.pages): signed-in staff pages against T1,
  public pages and the public API against T0, uncached and cached; their query counts at both
  scales and their time at the measured scale against small's;
- the public pages under gunicorn against the trivial view (bench.serve);
- the ranking of the whole campaign, equal to the pure-Python reference; the reports, the roster
  import and the survey codes (bench.jobs), each beside its bare primitive (bench.primitives);
- with files on an object store (SeaweedFS) beside the file system, alternating: two report
  jobs, a photo upload (the whole request), a gallery thumbnail and photo served; then a backup
  of the data set and its restore (bench.storage).
  ``--only storage`` builds the data set and runs these alone.

SCALE=province (bench.province) measures the load of 2,000,000 members, 50,000 nominations and
3,000,000 scores, the ranking of one 5,000-nomination campaign, the structure analysis, and the
pages at province scale against small (bench.pages), as for a city.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

from bench import production_settings

production_settings()

import django  # noqa: E402  (after the environment is set)

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402

from bench import generate, jobs, targets  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results.json"


def served_rows(world) -> list[dict]:
    """gunicorn: requests/s of each public page against the trivial view, cached and not."""
    from bench import serve
    from selection.models import ExemplarProfile

    if connection.vendor != "postgresql":
        return []
    profile = ExemplarProfile.objects.filter(nomination__campaign=world.past).first()
    paths = {
        "trivial": "/__bench__/trivial",
        "home": "/",
        "gallery list": "/gallery/",
        "gallery detail": f"/gallery/{profile.slug}/",
        "notice list": "/notice/",
        "notice": f"/notice/{world.past.pk}/",
        "api profile list": "/api/v1/public/profiles/",
    }
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    rows = []
    for kind in ("uncached", "cached"):
        found = serve.requests_per_second(url, paths, cached=kind == "cached")
        for name in paths:
            if name == "trivial":
                continue
            rows.append(targets.served_row(name, kind, found) | {"client": serve.CLIENT})
    return rows


def _vacuum() -> None:
    """What autovacuum does after a bulk load in production; without it every plan here is
    built on stale statistics."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def city_rows(scale, only: str = "") -> tuple[list[dict], dict]:
    from bench import pages, storage

    # The small scale first, in the same database: each page's queries and time beside it.
    small = generate.review_campaign(generate.SCALES["small"], prefix="SMALL")
    start = time.perf_counter()
    world = generate.review_campaign(scale)
    load_seconds = time.perf_counter() - start
    _vacuum()
    if only == "storage":
        return storage.rows(world), {}
    measured = pages.measure({"small": small, "measured": world})
    rows = targets.page_rows(measured)
    rows.append(jobs.ranking_row(world.campaign))
    rows += jobs.report_rows(world)
    rows.append(jobs.import_row())
    rows.append(
        {
            "name": f"load ({scale.members} members, bulk_create)",
            "figure": round(load_seconds, 1),
            "unit": "s",
            "target": "minutes, not hours",
            "met": load_seconds < 600,
        }
    )
    rows += served_rows(world)
    rows += jobs.survey_rows(world)
    rows += storage.rows(world)
    return rows, measured


def print_table(rows: list[dict], heading: str) -> None:
    print(f"\n{heading}")
    print(f"{'measure':<44} {'figure':>12} {'queries':>9} {'growth':>6}  {'target':<40} ok")
    for row in rows:
        figure = f"{row['figure']:>7} {row['unit'][:4]:<4}"
        queries = (
            f"{row['queries']}/{row['queries_at_small']}"
            if "queries" in row
            else row.get("x_bare", "")
        )
        growth = row.get("growth", "")
        ok = "yes" if row["met"] else "NO: " + "; ".join(row.get("problems") or ["missed"])
        if row.get("informational"):
            ok = "(info)"
        print(f"{row['name']:<44} {figure} {queries!s:>9} {growth!s:>6}  {row['target']:<40} {ok}")
    print(
        "queries: at the measured scale / at small (jobs: x bare, the job's time over its bare"
        " primitive on the same data, bench/primitives.py); growth: time at the measured scale"
        " over time at small"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=sorted(generate.SCALES), default="city")
    parser.add_argument(
        "--only", choices=["storage"], help="build the data set, then measure only these rows"
    )
    args = parser.parse_args()
    scale = generate.SCALES[args.scale]
    vendor = connection.vendor
    label = "" if vendor == "postgresql" else " [SQLite variant: figures not comparable]"

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    # A new database starts with an empty cache: a page kept by an earlier run under the same
    # generation token would otherwise be served from it.
    cache.clear()
    measured = {}
    try:
        if scale.name == "province":
            from bench import province

            rows, measured = province.rows(vacuum=_vacuum)
        else:
            rows, measured = city_rows(scale, args.only or "")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    heading = f"Benchmark, scale '{scale.name}', database {vendor}{label}"
    if measured:
        heading += f"\nT0 (trivial view for a visitor, in-process): {measured['t0_ms']} ms median"
    print_table(rows, heading)
    results = RESULTS.with_name("results-province.json") if scale.name == "province" else RESULTS
    if args.only:
        results = RESULTS.with_name(f"results-{args.only}.json")
    results.write_text(
        json.dumps(
            {
                "scale": scale.name,
                "database": vendor,
                "comparable": vendor == "postgresql",
                "machine": {
                    "python": platform.python_version(),
                    "cpus": os.cpu_count(),
                    "platform": platform.platform(),
                },
                "t0_ms": measured.get("t0_ms"),
                "page_rounds_started_s": measured.get("rounds_started_s"),
                "results": rows,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    return 0 if all(row["met"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
