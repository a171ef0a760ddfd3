"""Checks behind /healthz: database, cache/broker, Celery workers.

/healthz is public and must stay cheap: the database and cache checks are one round trip each,
and the workers' state (a broadcast ping that waits up to half a second) is kept for
HEALTH_WORKERS_SECONDS in the shared cache and in each process, so any number of calls cost one
ping per interval (only the caller that takes the turn pings; the others answer the last
state, or "checking" before there is one)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection

logger = logging.getLogger(__name__)


def database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("healthz: database check failed")
        return "down"
    return "ok"


def cache_state() -> str:
    try:
        cache.set("healthz", "1", 5)
        return "ok" if cache.get("healthz") == "1" else "down"
    except Exception:
        logger.exception("healthz: cache check failed")
        return "down"


WORKERS_KEY = "healthz:workers"


def workers() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"state": "eager", "count": 0}
    seconds = settings.HEALTH_WORKERS_SECONDS
    local = caches["local"]
    known = local.get(WORKERS_KEY) or cache.get(WORKERS_KEY)
    if known is not None:
        return known
    # One caller per interval pings, across processes (the shared cache) and within this one
    # (the local cache, which also holds with Redis down, when ``add`` always succeeds).
    if not local.add(f"{WORKERS_KEY}:turn", 1, seconds) or not cache.add(
        f"{WORKERS_KEY}:turn", 1, seconds
    ):
        return {"state": "checking", "count": 0}
    state = _ping()
    local.set(WORKERS_KEY, state, seconds)
    cache.set(WORKERS_KEY, state, seconds)
    return state


def _ping() -> dict:
    from config.celery import app

    try:
        replies = app.control.ping(timeout=0.5) or []
    except Exception:
        logger.exception("healthz: worker ping failed")
        return {"state": "down", "count": 0}
    return {"state": "ok" if replies else "none", "count": len(replies)}


def report() -> tuple[dict, bool]:
    """The health report and whether the portal can serve (it needs its database)."""
    data = {"database": database(), "cache": cache_state(), "workers": workers()}
    return data, data["database"] == "ok"
