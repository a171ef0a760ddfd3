"""The Celery worker and beat of the embedded default, inside the web process.

Without ``REDIS_URL`` there is no broker, and tasks run eagerly, inside the request that asks for
them: right for the test suite and for one-off commands. ``manage.py serve`` (what ``make run``
starts) calls :func:`start` instead, so the portal behaves as it does in production with one
machine and nothing else installed: a report is built after the response (its progress bar
moves), and the periodic jobs of ``CELERY_BEAT_SCHEDULE`` run (phases advance at their deadline,
lost report jobs are swept, old files purged). Messages travel through kombu's in-memory
transport, so they live only as long as the process; the job rows in the database are the source
of truth in any case, and the sweeper enqueues again what a restart lost.
"""

from __future__ import annotations

import threading

from celery import beat
from celery.worker import WorkController
from django.conf import settings

from .celery import app

_lock = threading.Lock()
_started: list[object] = []


def start() -> bool:
    """Start one worker thread (a single "solo" consumer) and the beat thread, once per process.

    Returns False when a broker is configured (production: the worker and beat are processes of
    their own) or when they are already running.
    """
    if settings.REDIS_URL:
        return False
    with _lock:
        if _started:
            return False
        app.conf.task_always_eager = False
        app.conf.beat_schedule_filename = str(settings.VAR_DIR / "celerybeat-schedule")
        worker = WorkController(
            app=app,
            hostname="embedded@localhost",
            pool_cls="solo",
            concurrency=1,
            without_heartbeat=True,
            without_mingle=True,
            without_gossip=True,
            loglevel="WARNING",
        )
        threading.Thread(target=worker.start, name="embedded-celery-worker", daemon=True).start()
        scheduler = beat.EmbeddedService(app, thread=True)
        scheduler.start()
        _started.extend([worker, scheduler])
    return True


def stop() -> None:
    """Stop the threads :func:`start` started and go back to eager tasks (for tests)."""
    with _lock:
        while _started:
            _started.pop().stop()
        app.conf.task_always_eager = not settings.REDIS_URL
