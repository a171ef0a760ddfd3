"""Checks behind /healthz: database, cache/broker, Celery workers."""

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


def workers() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"state": "eager", "count": 0}
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
