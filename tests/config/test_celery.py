"""A task round trip: eagerly in-process, and through real Redis with a real worker."""

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app, ping


def test_task_runs_eagerly_without_a_broker():
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        assert ping.delay().get(timeout=1) == "pong"
    finally:
        app.conf.task_always_eager = previous


@pytest.mark.services
def test_task_round_trip_through_redis_and_a_real_worker():
    assert app.conf.task_always_eager is False
    assert app.conf.broker_url.startswith("redis://")

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = ping.apply_async(ignore_result=False)
        assert result.get(timeout=20) == "pong"
