"""The benchmark's verdicts (bench/targets.py, issue 38) on figures given by hand: what passes
and what fails, never a timing."""

from bench import targets


def test_a_signed_in_page_within_ten_times_t1_with_the_same_queries_at_both_scales_passes():
    assert (
        targets.page_problems("signed_in", ratio=9.9, queries=4, queries_at_small=4, growth=1.2)
        == []
    )


def test_a_signed_in_page_slower_than_ten_times_t1_fails_and_says_by_how_much():
    problems = targets.page_problems(
        "signed_in", ratio=10.4, queries=4, queries_at_small=4, growth=1.0
    )

    assert problems == ["10.4 x T1 > 10"]


def test_a_page_with_more_queries_at_city_than_at_small_fails_even_under_twelve():
    problems = targets.page_problems(
        "signed_in", ratio=3.0, queries=5, queries_at_small=4, growth=1.0
    )

    assert problems == ["5 queries, 4 at small"]


def test_a_page_of_thirteen_queries_fails_though_the_count_is_the_same_at_both_scales():
    problems = targets.page_problems(
        "uncached", ratio=3.0, queries=13, queries_at_small=13, growth=1.0
    )

    assert problems == ["13 queries > 12"]


def test_a_page_half_as_slow_again_at_city_as_at_small_passes_and_slower_fails():
    at_limit = targets.page_problems(
        "signed_in", ratio=3.0, queries=2, queries_at_small=2, growth=1.5
    )
    over = targets.page_problems("signed_in", ratio=3.0, queries=2, queries_at_small=2, growth=1.6)

    assert at_limit == []
    assert over == ["1.6 x its small-scale time > 1.5"]


def test_public_pages_are_held_to_25_t0_uncached_and_2_t0_cached():
    def problems(kind, ratio):
        return targets.page_problems(kind, ratio=ratio, queries=1, queries_at_small=1, growth=1)

    assert problems("uncached", 25) == []
    assert problems("uncached", 25.1) == ["25.1 x T0 > 25"]
    assert problems("cached", 2) == []
    assert problems("cached", 2.1) == ["2.1 x T0 > 2"]


def test_gunicorn_cached_pages_need_half_the_trivial_views_throughput_and_uncached_a_twentieth():
    assert targets.served_problems("cached", requests_per_second=50, trivial=100) == []
    assert targets.served_problems("cached", requests_per_second=49, trivial=100) == [
        "49.0% of the trivial view's requests/s < 50%"
    ]
    assert targets.served_problems("uncached", requests_per_second=5, trivial=100) == []
    assert targets.served_problems("uncached", requests_per_second=4, trivial=100) == [
        "4.0% of the trivial view's requests/s < 5%"
    ]


def test_the_gunicorn_target_judges_the_gallery_list_and_only_informs_on_other_pages():
    found = {"trivial": 100, "gallery list": 40, "home": 1, "notice": "502 Bad Gateway"}

    gallery = targets.served_row("gallery list", "cached", found)
    assert not gallery["met"]
    assert gallery["problems"] == ["40.0% of the trivial view's requests/s < 50%"]
    for name in ("home", "notice"):  # far below any target, or not served: no verdict
        row = targets.served_row(name, "cached", found)
        assert row["met"] and row["informational"] and row["problems"] == []
    assert targets.served_row("home", "uncached", found)["figure"] == 1.0


def test_the_gallery_lists_gunicorn_row_fails_when_either_path_could_not_be_served():
    found = {"trivial": "connection refused", "gallery list": 90}

    row = targets.served_row("gallery list", "uncached", found)

    assert not row["met"] and row["problems"] == ["trivial: connection refused"]


def test_a_province_load_of_thirty_minutes_passes_and_a_second_more_fails():
    limit = targets.PROVINCE_LOAD_SECONDS

    assert targets.seconds_problems(1800, limit, "load") == []
    assert targets.seconds_problems(1801, limit, "load") == ["load 1801 s > 1800 s"]
    assert targets.rows_per_second(3_000_000, 600) == 5000


def test_a_page_row_carries_the_figure_at_the_measured_scale_beside_small_and_its_verdict():
    measured = {
        "pages": {
            "member list": {
                "kind": "signed_in",
                "growth": 1.1,
                "measured": {
                    "ratio": 4.2,
                    "median_ms": 8.0,
                    "p95_ms": 9.0,
                    "ratios": [4.2],
                    "queries": 3,
                },
                "small": {
                    "ratio": 3.9,
                    "median_ms": 7.2,
                    "p95_ms": 8.0,
                    "ratios": [3.9],
                    "queries": 4,
                },
            }
        }
    }

    (row,) = targets.page_rows(measured)

    assert (row["figure"], row["unit"], row["queries"], row["queries_at_small"]) == (
        4.2,
        "x T1",
        3,
        4,
    )
    assert row["met"] is False
    assert row["problems"] == ["3 queries, 4 at small"]


def test_a_job_on_the_object_store_within_one_and_a_half_times_its_file_system_time_passes():
    assert targets.object_store_problems(s3=1.5, fs=1.0) == []


def test_a_job_on_the_object_store_slower_than_one_and_a_half_times_fails_and_says_by_how_much():
    assert targets.object_store_problems(s3=1.6, fs=1.0) == ["1.60 x the file system > 1.5"]


def test_an_object_store_row_shows_both_times_and_its_verdict():
    row = targets.object_store_row("gallery image", s3=0.02, fs=0.01, unit="s (median)")

    assert row["figure"] == 0.02
    assert row["file_system_s"] == 0.01
    assert row["x_file_system"] == 2.0
    assert row["met"] is False
    assert row["problems"] == ["2.00 x the file system > 1.5"]


def test_a_file_system_time_of_zero_cannot_pass_the_object_store_target():
    assert targets.object_store_problems(s3=0.1, fs=0.0) != []
