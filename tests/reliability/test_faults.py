"""Faults done for real, on private PostgreSQL and Redis instances started here (never the
machine's own services): the portal runs under gunicorn against them while they fail.

- PostgreSQL restarted while the portal serves: the next requests succeed without restarting
  the web process (CONN_HEALTH_CHECKS).
- Redis stopped: pages and forms are still served (the cache degrades to none); /healthz says
  the cache is down but the portal is up.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.services


def test_requests_succeed_after_postgresql_restarts(stack):
    postgres, _redis, portal = stack
    pages = ["/notice/", "/gallery/", "/healthz"]  # each reads the database
    assert [portal.status(page) for page in pages] == [200, 200, 200]

    postgres.ctl("restart")

    # The kept connection is dead; the health check notices and reconnects: no 500, no 503.
    assert [portal.status(page) for page in pages] == [200, 200, 200]


def test_pages_and_forms_are_served_while_redis_is_down(stack):
    _postgres, redis, portal = stack
    assert portal.status("/gallery/") == 200

    redis.stop()

    assert portal.status("/") == 200
    assert portal.status("/gallery/") == 200
    assert portal.status("/accounts/login/") == 200
    assert portal.status("/notice/") == 200
    health = portal.body("/healthz")
    assert '"database": "ok"' in health and '"cache": "down"' in health
    redis.start()
    assert portal.status("/gallery/") == 200
