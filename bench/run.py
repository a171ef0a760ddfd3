"""``make bench``: build a named scale in a throw-away database, measure, print a table, write
bench/results.json, and exit non-zero when a target is missed.

Runs on PostgreSQL + Redis (DATABASE_URL, REDIS_URL); without them it runs the same on SQLite and
says so in every line of its output ("SQLite variant: figures not comparable").

Measured:
- the portal's busiest pages in-process, as ratios to a trivial view timed beside them
  (bench.pages), and the gallery under gunicorn against the trivial view (bench.serve);
- ranking of the whole campaign in one SQL statement, equal to the pure-Python reference;
- reports: the summary xlsx of the whole campaign, a district's batch of nomination forms (PDF)
  and the structure analysis, each with its time and peak Python memory;
- the roster import of 100,000 members from xlsx (the management command), time and peak RSS;
- issuing 500 survey codes and opening their printable sheet (bench.survey), each <= 1 s.
Each job is also timed against its bare primitive on the same data in the same run
(bench.primitives): the ratio is printed beside the seconds.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

from bench import production_settings

production_settings()

import django  # noqa: E402  (after the environment is set)

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402

from bench import generate, primitives, reference  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results.json"
IMPORT_ROWS = int(os.getenv("BENCH_IMPORT_ROWS", "100000"))


def _timed(fn, repeat: int = 5):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return result, statistics.median(times), max(times)


def _reference_rows(campaign):
    from evaluations.models import Score, Scorecard
    from evaluations.queries import tie_break_codes

    entries = {}
    for pk, submitted_at in campaign.nominations.values_list("pk", "submitted_at"):
        entries[pk] = reference.Entry(pk, [], submitted_at.timestamp())
    survey_counts = {}
    from django.db.models import Count, Q

    from evaluations.models import SurveyResponse

    for nomination_id, responses, satisfied in (
        SurveyResponse.objects.filter(survey__nomination__campaign=campaign)
        .values_list("survey__nomination_id")
        .annotate(n=Count("pk"), s=Count("pk", filter=Q(overall__in=["good", "fairly_good"])))
    ):
        survey_counts[nomination_id] = (responses, satisfied)
    for pk, (responses, satisfied) in survey_counts.items():
        entries[pk].responses, entries[pk].satisfied = responses, satisfied
    cards = {}
    for card_id, nomination_id, veto in Scorecard.objects.filter(
        nomination__campaign=campaign, state="submitted"
    ).values_list("pk", "nomination_id", "veto"):
        cards[card_id] = reference.Card(card_id, {}, veto)
        entries[nomination_id].cards.append(cards[card_id])
    for card_id, code, points in Score.objects.filter(
        scorecard__nomination__campaign=campaign
    ).values_list("scorecard_id", "criterion__code", "points"):
        cards[card_id].points[code] = Decimal(points)
    return reference.ranking(
        list(entries.values()),
        max_points={c.code: c.max_points for c in campaign.criteria.all()},
        weight=campaign.public_weight,
        tie_break=tie_break_codes(campaign),
    )


def _report(campaign, kind: str, organization, bare_primitive=None) -> dict:
    """Build one report as the worker does: the median wall time of three runs, then one more
    under tracemalloc (peak memory). Fonts are loaded first, as a worker has them after its
    first report. ``bare_primitive(job)``, when given, is timed the same way right after."""
    from members.models import User
    from reports import fonts, services
    from reports.models import ReportJob

    admin = User.objects.get(username="bench-admin")
    fonts.pdf_font()
    fonts.chart_font()

    def run():
        job = ReportJob.objects.create(
            kind=kind, campaign=campaign, organization=organization, requested_by=admin
        )
        services.run_job(job.pk)
        job.refresh_from_db()
        assert job.state == "done", job.error
        return job

    job, seconds, _worst = _timed(run, repeat=3)
    bare = None
    if bare_primitive is not None:
        _count, bare, _worst = _timed(lambda: bare_primitive(job), repeat=3)
    tracemalloc.start()
    run()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"job": job, "seconds": seconds, "bare": bare, "peak_mb": peak / 2**20}


def _roster_file(path: Path, count: int, branches: list[str]) -> None:
    """A members roster of ``count`` new members in the bench branches (the portal's template)."""
    import xlsxwriter

    from members.idcard import make_id_number
    from members.roster.columns import MEMBER_COLUMNS

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet()
    for column, spec in enumerate(MEMBER_COLUMNS):
        sheet.write_string(0, column, spec.header)
    born = datetime.date(1975, 1, 1)
    for i in range(1, count + 1):
        birth = born + datetime.timedelta(days=i % 9000)
        values = [
            f"I{i:08d}",
            f"导入党员{i}",
            "男" if i % 2 else "女",
            "汉族",
            birth.isoformat(),
            "大学本科",
            "2020-07-01",
            "2021-07-01",
            "正式党员",
            branches[i % len(branches)],
            "干部",
            "江城市某单位",
            f"139{i:08d}",
            make_id_number("420100", birth, i),
        ]
        for column, value in enumerate(values):
            sheet.write_string(i, column, value)
    book.close()


def _import(count: int) -> dict:
    """Import ``count`` members with the management command. On PostgreSQL it runs as its own
    process, so its peak RSS is its own; on SQLite (an in-memory test database) in-process,
    with tracemalloc's peak instead."""
    import subprocess
    import tempfile

    path = Path(tempfile.mkdtemp()) / "roster.xlsx"
    from members.models import Organization

    branches = list(
        Organization.objects.filter(kind="branch", code__startswith="BENCH-D").values_list(
            "code", flat=True
        )
    )
    _roster_file(path, count, branches)
    command = ["import_roster", str(path), "--kind", "members", "--everywhere"]
    if connection.vendor == "postgresql":
        url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
        # The command in a process of its own, which reports its own peak RSS at the end:
        # VmHWM, the high-water mark of its own memory map. (getrusage's ru_maxrss survives
        # fork and exec: it reported this benchmark's own size at the fork, 450 MB at city.)
        script = (
            "import django; django.setup(); "
            "from django.core.management import call_command; "
            f"call_command(*{command!r}); "
            "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0]; "
            "print('PEAK_KB', hwm.split()[1])"
        )
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "DATABASE_URL": url},  # production settings, as this process
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        seconds = time.perf_counter() - start
        if done.returncode:
            raise RuntimeError(done.stderr[-3000:])
        peak = int(done.stdout.rsplit("PEAK_KB", 1)[1]) / 1024
        memory = ("peak_rss_mb", round(peak, 1))
    else:
        from django.core.management import call_command

        tracemalloc.start()
        start = time.perf_counter()
        call_command(*command)
        seconds = time.perf_counter() - start
        memory = ("peak_python_memory_mb", round(tracemalloc.get_traced_memory()[1] / 2**20, 1))
        tracemalloc.stop()
    start = time.perf_counter()
    primitives.roster_import(path)
    bare = time.perf_counter() - start
    path.unlink()
    return {"seconds": seconds, "bare": bare, "memory": memory}


#: Server time targets as multiples of T0 (every other page: 15).
TIME_LIMITS = {
    "gallery list (cached)": 2,
    "gallery list (uncached)": 12,
    "api profile list (cached)": 2,
    "api profile list (uncached)": 12,
}


def _page_rows(measured: dict, small_counts: dict[str, int]) -> list[dict]:
    rows = []
    for name, page in measured["pages"].items():
        gallery = name.startswith(("gallery", "api profile"))
        limit = TIME_LIMITS.get(name, 15)
        query_limit = 3 if gallery else 12
        same = small_counts.get(name) == page["queries"]
        rows.append(
            {
                "name": f"page: {name}",
                "figure": page["ratio"],
                "unit": "x T0",
                "median_ms": page["median_ms"],
                "p95_ms": page["p95_ms"],
                "t0_ms": page["t0_ms"],  # T0 timed just before and after this page
                "ratios": page["ratios"],  # one per round (bench.pages.measure)
                **{k: page[k] for k in ("ratio_signed_in",) if k in page},
                "queries": page["queries"],
                "queries_at_small": small_counts.get(name),
                "target": f"<= {limit} x T0, <= {query_limit} queries, same at small",
                "met": page["ratio"] <= limit and page["queries"] <= query_limit and same,
            }
        )
    return rows


def _beside_bare(seconds: float, bare: float | None) -> dict:
    """The bare primitive's seconds and the job's multiple of them (see bench.primitives)."""
    if bare is None:
        return {}
    return {"bare_s": round(bare, 3), "x_bare": round(seconds / bare, 1) if bare else None}


def _served_rows(world) -> list[dict]:
    """gunicorn + wrk: requests/s of the gallery against the trivial view, cached and not."""
    from bench import serve
    from selection.models import ExemplarProfile

    if connection.vendor != "postgresql":
        return []
    profile = ExemplarProfile.objects.filter(nomination__campaign=world.past).first()
    paths = {
        "trivial": "/__bench__/trivial",
        "gallery list": "/gallery/",
        "gallery detail": f"/gallery/{profile.slug}/",
    }
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    rows = []
    for cached in (False, True):
        found = serve.requests_per_second(url, paths, cached=cached)
        if not found:
            print("wrk is not installed (apt-get install wrk): requests/s not measured")
            return []
        label = "cached" if cached else "uncached"
        for name in ("gallery list", "gallery detail"):
            share = found[name] / found["trivial"]
            target = 0.5 if cached else 0.1
            rows.append(
                {
                    "name": f"gunicorn: {name} ({label})",
                    "figure": round(share * 100, 1),
                    "unit": "% of trivial req/s",
                    "requests_per_second": found[name],
                    "trivial_requests_per_second": found["trivial"],
                    "target": f">= {target:.0%} of the trivial view"
                    if name == "gallery list"
                    else "(reported)",
                    "met": share >= target if name == "gallery list" else True,
                }
            )
    return rows


def _survey_rows(world) -> list[dict]:
    """Issuing 500 survey codes and opening their sheet, as the campaign's admin."""
    from bench import survey
    from evaluations.choices import SURVEY_OPEN
    from selection.models import Nomination

    nomination = (
        Nomination.objects.filter(campaign=world.campaign, state__in=SURVEY_OPEN)
        .select_related("branch", "campaign")
        .first()
    )
    if nomination is None:
        return []
    return survey.rows(nomination, world.admin)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=sorted(generate.SCALES), default="city")
    args = parser.parse_args()
    scale = generate.SCALES[args.scale]
    vendor = connection.vendor
    label = "" if vendor == "postgresql" else " [SQLite variant: figures not comparable]"

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    # A new database starts with an empty cache: a page kept by an earlier run under the same
    # generation token would otherwise be served from it.
    cache.clear()
    rows = []
    try:
        from bench import pages

        # The small scale first, in the same database, for the query counts to compare.
        small = generate.review_campaign(generate.SCALES["small"], prefix="SMALL")
        start = time.perf_counter()
        world = generate.review_campaign(scale)
        load_seconds = time.perf_counter() - start
        campaign = world.campaign
        from evaluations.models import Score
        from evaluations.queries import ranking

        scores = Score.objects.filter(scorecard__nomination__campaign=campaign).count()
        if vendor == "postgresql":
            # What autovacuum does after a bulk load in production; without it every plan
            # here is built on stale statistics.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        small_counts = pages.queries_only(small)
        measured = pages.measure(world)
        rows += _page_rows(measured, small_counts)
        got, median, worst = _timed(lambda: ranking(campaign))
        _means, bare, _worst = _timed(lambda: primitives.scores_by_nomination(campaign))
        # Memory in a separate run: tracing allocations slows Python down several times.
        tracemalloc.start()
        ranking(campaign)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        expected = _reference_rows(campaign)
        equal = [(r.nomination_id, r.total, r.rank) for r in got if r.rank] == [
            e for e in expected if e[2]
        ] and {(r.nomination_id, r.total) for r in got if not r.rank} == {
            (e[0], e[1]) for e in expected if not e[2]
        }
        rows.append(
            {
                "name": f"ranking ({len(got)} nominations, {scores} scores)",
                "figure": round(median, 3),
                "unit": "s (median of 5)",
                "worst": round(worst, 3),
                "peak_python_memory_mb": round(peak / 2**20, 1),
                "target": "<= 0.5 s and equal to the pure-Python reference",
                "met": median <= 0.5 and equal,
                "equal_to_reference": equal,
                **_beside_bare(median, bare),
            }
        )
        for kind, organization, title, limit, bare_primitive in (
            (
                "summary",
                world.root,
                "summary xlsx ({rows} nominations)",
                2,
                primitives.summary_xlsx,
            ),
            (
                "forms",
                world.district,
                "batch PDF ({rows} nomination forms)",
                10,
                primitives.forms_pdf,
            ),
            ("structure_xlsx", world.root, "structure analysis xlsx (all members)", 30, None),
            ("structure", world.root, "structure analysis PDF (all members)", 30, None),
        ):
            built = _report(campaign, kind, organization, bare_primitive)
            rows.append(
                {
                    "name": title.format(rows=built["job"].rows),
                    "figure": round(built["seconds"], 2),
                    "unit": "s (median of 3)",
                    "peak_python_memory_mb": round(built["peak_mb"], 1),
                    "size_kb": built["job"].size // 1024,
                    "target": f"<= {limit} s" + (", <= 100 MB growth" if kind == "summary" else ""),
                    "met": built["seconds"] <= limit
                    and (kind != "summary" or built["peak_mb"] <= 100),
                    **_beside_bare(built["seconds"], built["bare"]),
                }
            )
        from members.models import Member

        imported = _import(IMPORT_ROWS)
        found = Member.objects.filter(member_no__startswith="I").count()
        memory_name, memory = imported["memory"]
        rows.append(
            {
                "name": f"roster import ({found} new members from xlsx)",
                "figure": round(imported["seconds"], 1),
                "unit": "s",
                memory_name: memory,
                "target": "<= 20 s, <= 400 MB, all rows imported",
                "met": imported["seconds"] <= 20 and memory <= 400 and found == IMPORT_ROWS,
                **_beside_bare(imported["seconds"], imported["bare"]),
            }
        )
        rows.append(
            {
                "name": f"load ({scale.members} members, bulk_create)",
                "figure": round(load_seconds, 1),
                "unit": "s",
                "target": "minutes, not hours",
                "met": load_seconds < 600,
            }
        )
        rows += _served_rows(world)
        rows += _survey_rows(world)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"\nBenchmark, scale '{scale.name}', database {vendor}{label}")
    print(f"T0 (trivial view, in-process): {measured['t0_ms']} ms median")
    print(f"{'measure':<48} {'figure':>10}  {'peak MB':>8}  {'x bare':>7}  {'target':<46} ok")
    for row in rows:
        ok = "yes" if row["met"] else "NO"
        figure = f"{row['figure']:>8} {row['unit'][:2]:<2}"
        peak = row.get("peak_python_memory_mb", row.get("peak_rss_mb", ""))
        bare = row.get("x_bare", "")
        print(f"{row['name']:<48} {figure} {peak:>8}  {bare:>7}  {row['target']:<46} {ok}")
    print(
        "x bare: the job's time over its bare primitive on the same data, timed in the same run"
        " (bench/primitives.py)"
    )
    print("Signed-in pages against the trivial view for the same user (reported, not a target):")
    for row in rows:
        if "ratio_signed_in" in row:
            print(f"  {row['name']:<46} {row['ratio_signed_in']:>6} x")
    RESULTS.write_text(
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
                "t0_ms": measured["t0_ms"],
                "page_rounds_started_s": measured["rounds_started_s"],
                "results": rows,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    return 0 if all(row["met"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
