"""Count the CPU instructions a page costs the server process, under valgrind (not part of
``make bench``).

    python -m bench.instructions --page "results page"
    python -m bench.instructions --page "T0 signed in"   # what every signed-in page pays first

Timings drift by tens of per cent within minutes, so a change of a few per cent cannot
be seen in them. Instructions can: valgrind's callgrind counts them the same on every run of the
same code and data, whatever else the machine is doing. Each page is run twice under valgrind in
a child process, once with no timed requests and once with ``--requests`` of them, on the city
kept by ``bench.profile`` (build it with that first); the difference divided by the number of
requests is one request's count, beside T0's (the trivial view) counted the same way. The page's
cache is filled first, outside valgrind.

What it does not count: the time spent waiting for PostgreSQL and Redis (other processes) and
what the CPU's caches make of the instructions, so its ratios are lower than the timed ones
(about two thirds of them here). It compares versions of the Python side, it does not replace
the timed targets. Each child takes about 30 s (Django starting under valgrind).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys

from bench import production_settings

production_settings()

TRIVIAL = "T0"
#: The trivial view for a signed-in user (a reviewer): what every signed-in page pays before
#: its own work (the session, the user and their roles).
SIGNED_IN = "T0 signed in"


def _run_requests(page: str, requests: int) -> None:
    """In the child: warm the page up, then request it ``requests`` times."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from bench import generate, pages

    settings.DATABASES["default"]["NAME"] += "_profile"
    connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"]
    world = generate.find_world()
    targets = [
        pages.Page(TRIVIAL, pages.TRIVIAL, None, "cached"),
        pages.Page(SIGNED_IN, pages.TRIVIAL, world.reviewer, "signed_in"),
        *pages.pages(world),
    ]
    target = next(target for target in targets if target.name == page)
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["testserver"]):
        client = Client()
        if target.who is not None:
            client.force_login(target.who)
        pages._time(client, target.path, 5, target)
        pages._time(client, target.path, requests, target)


def _count(page: str, requests: int) -> int:
    """Instructions of a child process that makes ``requests`` requests of ``page``."""
    found = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-m",
            "bench.instructions",
            "--child",
            page,
            str(requests),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    collected = re.search(r"Collected : (\d+)", found.stderr)
    if collected is None:
        raise RuntimeError(found.stderr[-2000:])
    return int(collected.group(1))


def per_request(page: str, requests: int) -> int:
    # Fill what the page caches first (another page may have emptied the cache), outside
    # valgrind: a cold first request counted in one child and not the other skews the difference.
    subprocess.run(
        [sys.executable, "-m", "bench.instructions", "--child", page, "0"],
        capture_output=True,
        check=True,
    )
    return (_count(page, requests) - _count(page, 0)) // requests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--page", action="append", help="a page's name (repeatable)")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _run_requests(args.child[0], int(args.child[1]))
        return 0
    if shutil.which("valgrind") is None:
        print("bench.instructions needs valgrind (apt-get install valgrind)")
        return 2
    if not os.getenv("DATABASE_URL"):
        print("bench.instructions needs DATABASE_URL (PostgreSQL) and the city of bench.profile")
        return 2
    t0 = per_request(TRIVIAL, args.requests * 5)
    print(f"{TRIVIAL:<32} {t0:>12,} instructions a request")
    for page in args.page or []:
        count = per_request(page, args.requests)
        print(f"{page:<32} {count:>12,} instructions a request {count / t0:6.1f} x T0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
