"""Profile the benchmark's pages against a city kept between runs (not part of ``make bench``).

    python -m bench.profile            # build the city once into <DATABASE_URL's name>_profile
    python -m bench.profile --page "results page" --cprofile 25
    python -m bench.profile --scale province  # the province, kept in <name>_profile_province

The first run builds the world (a few minutes); later runs find it again and only measure, so
a change can be timed before and after in seconds. ``--drop`` removes the kept database.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys

from bench import production_settings

production_settings()

import django  # noqa: E402  (after the environment is set)
from django.conf import settings  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def _use_kept_database(drop: bool, suffix: str) -> bool:
    """Point the default connection at the kept database; True when it already holds a city."""
    import psycopg2

    name = settings.DATABASES["default"]["NAME"] + "_profile" + suffix
    db = settings.DATABASES["default"]
    admin = psycopg2.connect(
        dbname="postgres",
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if drop and exists:
            cursor.execute(f'DROP DATABASE "{name}"')
            exists = False
        if not exists:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    connection.close()
    settings.DATABASES["default"]["NAME"] = name
    connection.settings_dict["NAME"] = name
    return exists


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=["small", "city", "province"], default="city")
    parser.add_argument("--page", help="only the pages whose name contains this")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--cprofile", type=int, metavar="N", help="print the top N functions")
    parser.add_argument(
        "--callers",
        metavar="REGEX",
        help="with --cprofile, who called the functions matching REGEX (file:line(name))",
    )
    parser.add_argument("--sql", action="store_true", help="print each query with its time")
    parser.add_argument("--drop", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("bench.profile needs DATABASE_URL (PostgreSQL)")
        return 2
    from bench import generate, pages, province

    kept = _use_kept_database(args.drop, "_province" if args.scale == "province" else "")
    if not kept:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        if args.scale == "province":
            province.world(province.load())
        else:
            generate.review_campaign(generate.SCALES[args.scale])
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    world = province.find_world() if args.scale == "province" else generate.find_world()

    anonymous = Client()
    t0 = statistics.median(pages._time(anonymous, pages.TRIVIAL, 100))
    print(f"T0 {t0 * 1000:.3f} ms")
    for page in pages.pages(world):
        if args.page and args.page not in page.name:
            continue
        client = Client()
        if page.who is not None:
            client.force_login(page.who)
        found = pages._round(client, anonymous, page, args.repeat)
        median = statistics.median(found["times"])
        queries = pages._queries(client, page)
        baseline = "T1" if page.kind == "signed_in" else "T0"
        print(
            f"{page.name:<32} {median * 1000:8.2f} ms {found['ratio']:7.1f} x {baseline} "
            f"{queries:3} queries"
        )
        if args.sql:
            with CaptureQueriesContext(connection) as captured:
                client.get(page.path)
            for query in captured:
                print(f"  {float(query['time']) * 1000:7.2f} ms  {query['sql'][:600]}")
        if args.cprofile:
            profiler = cProfile.Profile()
            profiler.enable()
            pages._time(client, page.path, args.repeat, page)
            profiler.disable()
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(args.cprofile)
            stats.sort_stats("tottime").print_stats(args.cprofile)
            if args.callers:
                stats.print_callers(args.callers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
