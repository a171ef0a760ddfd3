"""The benchmark's targets (issue 38) and the verdicts on measured figures: pure functions of the
figures, so that what passes and what fails is tested without timing anything
(tests/config/test_bench_targets.py). bench.run prints each figure beside its target.

Pages are of three kinds:

- ``signed_in``: a staff page, as a ratio to T1 (the trivial view answered for the same signed-in
  user in the same run: session, user and roles, no query of its own);
- ``uncached`` and ``cached``: a public page (or the public API) for a visitor, as a ratio to T0
  (the trivial view for a visitor), right after a publish and from the cache.

Every page: at most ``QUERY_LIMIT`` queries, the same number at small scale and at the measured
scale, and its time at the measured scale at most ``GROWTH_LIMIT`` times its time at small scale.
"""

from __future__ import annotations

QUERY_LIMIT = 12
GROWTH_LIMIT = 1.5
#: Multiples of the kind's trivial view (T1 for signed-in pages, T0 for public ones).
RATIO_LIMITS = {"signed_in": 10, "uncached": 25, "cached": 2}
BASELINE = {"signed_in": "T1", "uncached": "T0", "cached": "T0"}
#: Requests per second under gunicorn, as a share of the trivial view's.
SERVED_SHARES = {"cached": 0.5, "uncached": 0.05}
#: The pages #38's gunicorn target is set for; the others' rows are printed for information
#: (no verdict, no effect on the exit status).
SERVED_TARGET_PAGES = frozenset({"gallery list"})
#: SCALE=province (2,000,000 members, 50,000 nominations, 3,000,000 scores).
PROVINCE_LOAD_SECONDS = 30 * 60
RANKING_SECONDS = 0.5
PROVINCE_STRUCTURE_SECONDS = 10
#: Issue 43: with the object store configured, a job or a request at most this many times its
#: time with files on the file system, in the same run.
OBJECT_STORE_RATIO = 1.5


def page_target(kind: str) -> str:
    """Short enough for the table: the ratio, the queries (the same at small) and the growth."""
    return (
        f"<= {RATIO_LIMITS[kind]} x {BASELINE[kind]}; <= {QUERY_LIMIT} q, = small;"
        f" <= {GROWTH_LIMIT} x small"
    )


def page_problems(
    kind: str, *, ratio: float, queries: int, queries_at_small: int | None, growth: float
) -> list[str]:
    """What misses its target on one page ([] when nothing does).

    ``ratio`` is the page's time over its kind's trivial view, ``growth`` its time at the
    measured scale over its time at small scale."""
    problems = []
    limit = RATIO_LIMITS[kind]
    if ratio > limit:
        problems.append(f"{ratio} x {BASELINE[kind]} > {limit}")
    if queries > QUERY_LIMIT:
        problems.append(f"{queries} queries > {QUERY_LIMIT}")
    if queries_at_small != queries:
        problems.append(f"{queries} queries, {queries_at_small} at small")
    if growth > GROWTH_LIMIT:
        problems.append(f"{growth} x its small-scale time > {GROWTH_LIMIT}")
    return problems


def served_problems(kind: str, *, requests_per_second: float, trivial: float) -> list[str]:
    """Under gunicorn: a public page's requests/s against the trivial view's."""
    share = requests_per_second / trivial if trivial else 0.0
    wanted = SERVED_SHARES[kind]
    if share >= wanted:
        return []
    return [f"{share:.1%} of the trivial view's requests/s < {wanted:.0%}"]


def served_row(name: str, kind: str, found: dict) -> dict:
    """A page's row under gunicorn: ``found`` maps each path's name (and "trivial") to its
    requests/s, or to the error text when it could not be served."""
    failed = [f"{key}: {found[key]}" for key in (name, "trivial") if isinstance(found[key], str)]
    trivial = found["trivial"]
    row = {
        "name": f"gunicorn: {name} ({kind})",
        "figure": 0 if failed else round(found[name] / trivial * 100, 1),
        "unit": "% of trivial req/s",
        "requests_per_second": found[name],
        "trivial_requests_per_second": trivial,
    }
    if name not in SERVED_TARGET_PAGES:
        return row | {
            "target": "informational (the target is the gallery list's)",
            "informational": True,
            "problems": [],
            "met": True,
        }
    problems = failed or served_problems(kind, requests_per_second=found[name], trivial=trivial)
    return row | {
        "target": f">= {SERVED_SHARES[kind]:.0%} of the trivial view",
        "problems": problems,
        "met": not problems,
    }


def seconds_problems(seconds: float, limit: float, what: str = "") -> list[str]:
    """A job timed in seconds against its limit."""
    label = f"{what} " if what else ""
    return [] if seconds <= limit else [f"{label}{seconds:g} s > {limit:g} s"]


def rows_per_second(rows: int, seconds: float) -> int:
    """A load's rate, as printed beside its elapsed time."""
    return round(rows / seconds) if seconds > 0 else 0


def page_rows(measured: dict) -> list[dict]:
    """A row per page: its figure at the measured scale beside its targets (bench.targets)."""
    rows = []
    for name, page in measured["pages"].items():
        kind, big, small = page["kind"], page["measured"], page["small"]
        problems = page_problems(
            kind,
            ratio=big["ratio"],
            queries=big["queries"],
            queries_at_small=small["queries"],
            growth=page["growth"],
        )
        rows.append(
            {
                "name": f"page: {name}",
                "kind": kind,
                "figure": big["ratio"],
                "unit": f"x {BASELINE[kind]}",
                "median_ms": big["median_ms"],
                "p95_ms": big["p95_ms"],
                "ratios": big["ratios"],  # one per round (bench.pages.measure)
                "queries": big["queries"],
                "queries_at_small": small["queries"],
                "small_median_ms": small["median_ms"],
                "small_ratio": small["ratio"],
                "growth": page["growth"],
                "target": page_target(kind),
                "problems": problems,
                "met": not problems,
            }
        )
    return rows


def object_store_problems(*, s3: float, fs: float) -> list[str]:
    """The same work with files on the object store against the file system (issue 43)."""
    ratio = s3 / fs if fs > 0 else float("inf")
    if ratio <= OBJECT_STORE_RATIO:
        return []
    return [f"{ratio:.2f} x the file system > {OBJECT_STORE_RATIO}"]


def object_store_row(name: str, *, s3: float, fs: float, unit: str) -> dict:
    """One measure's row: its time on the object store beside its time on the file system."""
    problems = object_store_problems(s3=s3, fs=fs)
    return {
        "name": f"S3: {name}",
        "figure": round(s3, 3),
        "unit": unit,
        "file_system_s": round(fs, 3),
        "x_file_system": round(s3 / fs, 2) if fs > 0 else None,
        "target": f"<= {OBJECT_STORE_RATIO} x file system: {fs:.3f} s",
        "problems": problems,
        "met": not problems,
    }
