"""The jobs ``make bench`` times, each beside its bare primitive on the same data in the same run
(bench.primitives): the ranking of a campaign against the pure-Python reference, the reports
(summary xlsx, a district's batch of nomination forms, the structure analysis) with their time
and peak Python memory, the roster import with its time and peak RSS, and the survey codes."""

from __future__ import annotations

import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

from django.db import connection

from bench import primitives, reference

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


def run_report(campaign, kind: str, organization, *, admin):
    """One report job, built as the worker builds it; its row once done."""
    from reports import services
    from reports.models import ReportJob

    job = ReportJob.objects.create(
        kind=kind, campaign=campaign, organization=organization, requested_by=admin
    )
    services.run_job(job.pk)
    job.refresh_from_db()
    assert job.state == "done", job.error
    return job


def report_seconds(campaign, kind: str, organization, *, admin) -> dict:
    """The median wall time of three runs of one report job (fonts loaded first, as a worker
    has them after its first report) and the job's row count."""
    from reports import fonts

    fonts.pdf_font()
    fonts.chart_font()
    job, seconds, _worst = _timed(
        lambda: run_report(campaign, kind, organization, admin=admin), repeat=3
    )
    return {"job": job, "rows": job.rows, "seconds": seconds}


def _report(campaign, kind: str, organization, bare_primitive=None, *, admin) -> dict:
    """Build one report as the worker does: the median wall time of three runs, then one more
    under tracemalloc (peak memory). ``bare_primitive(job)``, when given, is timed the same way
    right after."""
    timed = report_seconds(campaign, kind, organization, admin=admin)
    job, seconds = timed["job"], timed["seconds"]
    bare = None
    if bare_primitive is not None:
        _count, bare, _worst = _timed(lambda: bare_primitive(job), repeat=3)
    tracemalloc.start()
    run_report(campaign, kind, organization, admin=admin)
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
            make_id_number("420100", birth, i, "M" if i % 2 else "F"),
        ]
        for column, value in enumerate(values):
            sheet.write_string(i, column, value)
    book.close()


def bench_database_url() -> str:
    """The bench's database (the test database this run made) in DATABASE_URL's form."""
    return os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]


def command_in_own_process(command: list[str], database_url: str, **env: str) -> tuple:
    """Run a management command in a process of its own under production settings, as this
    one, on ``database_url`` (and ``env`` on top); return its wall seconds and its own peak RSS
    in MB: VmHWM, the high-water mark of its own memory map, which it prints at its end.
    (getrusage's ru_maxrss survives fork and exec: it reported this benchmark's own size at
    the fork, 450 MB at city.)"""
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
        env={**os.environ, "DATABASE_URL": database_url, **env},
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    seconds = time.perf_counter() - start
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return seconds, int(done.stdout.rsplit("PEAK_KB", 1)[1]) / 1024


def _import(count: int) -> dict:
    """Import ``count`` members with the management command. On PostgreSQL it runs as its own
    process, so its peak RSS is its own; on SQLite (an in-memory test database) in-process,
    with tracemalloc's peak instead."""
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
        seconds, peak = command_in_own_process(command, bench_database_url())
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


def _beside_bare(seconds: float, bare: float | None) -> dict:
    """The bare primitive's seconds and the job's multiple of them (see bench.primitives)."""
    if bare is None:
        return {}
    return {"bare_s": round(bare, 3), "x_bare": round(seconds / bare, 1) if bare else None}


def survey_rows(world) -> list[dict]:
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


def ranking_row(campaign, limit: float = 0.5) -> dict:
    """The ranking of ``campaign`` (median of 5), equal to the pure-Python reference."""
    from evaluations.models import Score
    from evaluations.queries import ranking

    scores = Score.objects.filter(scorecard__nomination__campaign=campaign).count()
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
    problems = [f"{median:.3f} s > {limit} s"] if median > limit else []
    problems += [] if equal else ["not equal to the pure-Python reference"]
    return {
        "name": f"ranking ({len(got)} nominations, {scores} scores)",
        "figure": round(median, 3),
        "unit": "s (median of 5)",
        "worst": round(worst, 3),
        "peak_python_memory_mb": round(peak / 2**20, 1),
        "target": f"<= {limit} s and equal to the pure-Python reference",
        "problems": problems,
        "met": not problems,
        "equal_to_reference": equal,
        **_beside_bare(median, bare),
    }


def report_row(campaign, kind, organization, title, limit, bare_primitive=None, *, admin) -> dict:
    built = _report(campaign, kind, organization, bare_primitive, admin=admin)
    return {
        "name": title.format(rows=built["job"].rows),
        "figure": round(built["seconds"], 2),
        "unit": "s (median of 3)",
        "peak_python_memory_mb": round(built["peak_mb"], 1),
        "size_kb": built["job"].size // 1024,
        "target": f"<= {limit} s" + (", <= 100 MB growth" if kind == "summary" else ""),
        "met": built["seconds"] <= limit and (kind != "summary" or built["peak_mb"] <= 100),
        **_beside_bare(built["seconds"], built["bare"]),
    }


def report_rows(world) -> list[dict]:
    """The reports of the city's campaign, with the limits they have always had."""
    return [
        report_row(world.campaign, *spec, admin=world.admin)
        for spec in (
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
            ("structure_xlsx", world.root, "structure analysis xlsx (all members)", 30),
            ("structure", world.root, "structure analysis PDF (all members)", 30),
        )
    ]


def import_row() -> dict:
    from members.models import Member

    imported = _import(IMPORT_ROWS)
    found = Member.objects.filter(member_no__startswith="I").count()
    memory_name, memory = imported["memory"]
    return {
        "name": f"roster import ({found} new members from xlsx)",
        "figure": round(imported["seconds"], 1),
        "unit": "s",
        memory_name: memory,
        "target": "<= 20 s, <= 400 MB, all rows imported",
        "met": imported["seconds"] <= 20 and memory <= 400 and found == IMPORT_ROWS,
        **_beside_bare(imported["seconds"], imported["bare"]),
    }
