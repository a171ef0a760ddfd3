"""Browser tests: Playwright for Python driving Debian's Chromium, against the portal served by
pytest-django's live server on PostgreSQL, with a real Celery worker on Redis.

They need the services (PostgreSQL, Redis) and /usr/bin/chromium: without them they skip (and
fail under REQUIRE_SERVICES=1, like every service-backed test)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser(monkeypatch):
    """Chromium for one test. Playwright's sync API runs an event loop in this thread while it
    lives, so the test's own ORM calls need DJANGO_ALLOW_ASYNC_UNSAFE — for this test only (it
    must not leak into other tests or the subprocesses they start)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def artifacts():
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


@pytest.fixture
def worker(transactional_db, monkeypatch):
    """A real Celery worker on Redis, in this process (it sees the test database)."""
    from celery.contrib.testing.worker import start_worker
    from django.db import connections

    from config.celery import app

    assert app.conf.task_always_eager is False, "the journey runs with a real worker"
    # Connections opened by the worker's and the live server's threads close after each task
    # or request (kept connections would block dropping the test database at the end).
    monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 0)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield


@pytest.fixture(autouse=True, scope="session")
def _no_connection_left_behind(django_db_setup, django_db_blocker):
    """The threads of the live server and the worker are gone by the end of the session, but a
    connection of theirs can outlive them (idle, never closed); it would block dropping the test
    database. End such sessions before the database is dropped."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle'"
        )
