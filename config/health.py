"""Checks behind /healthz: database, cache/broker, Celery workers.

/healthz is public and must stay cheap: the database and cache checks are one round trip each,
and the workers' state (a broadcast ping that waits up to half a second) is kept for
HEALTH_WORKERS_SECONDS in the shared cache, so any number of calls on any number of hosts cost
one ping per interval (only the caller that takes the turn pings; the others answer the last
state, or "checking" before there is one). With the cache down the workers are not pinged at
all: the broker is the same Redis, so they cannot be reached ("unknown")."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
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


def workers(*, cache_up: bool = True) -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"state": "eager", "count": 0}
    if not cache_up:
        return {"state": "unknown", "count": 0}
    seconds = settings.HEALTH_WORKERS_SECONDS
    known = cache.get(WORKERS_KEY)
    if known is not None:
        return known
    # One caller per interval pings, across processes and hosts (ADD: the first one wins).
    if not cache.add(f"{WORKERS_KEY}:turn", 1, seconds):
        return {"state": "checking", "count": 0}
    state = _ping()
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
    data = {"database": database(), "cache": cache_state()}
    data["workers"] = workers(cache_up=data["cache"] == "ok")
    return data, data["database"] == "ok"
