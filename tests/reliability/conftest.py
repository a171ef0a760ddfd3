import contextlib

import pytest

from .instances import PG_BIN, Portal, PrivatePostgres, PrivateRedis

#: Short limits for the drills: a dead worker's job is noticed after 3 s, a queued job whose
#: message was lost is sent again after 1 s.
DRILL_ENV = {"REPORT_STALE_SECONDS": "3", "REPORT_REQUEUE_SECONDS": "1"}


@contextlib.contextmanager
def _instances(**portal_options):
    """Private PostgreSQL and Redis, and the portal under gunicorn on them; all stopped after."""
    if PG_BIN is None:
        pytest.fail("PostgreSQL server binaries are not installed")
    postgres = PrivatePostgres()
    redis = PrivateRedis()
    portal = None
    try:
        portal = Portal(postgres.url, redis.url, **portal_options)
        yield postgres, redis, portal
    finally:
        if portal is not None:
            portal.close()
        redis.stop()
        postgres.close()


@pytest.fixture
def stack():
    with _instances(**DRILL_ENV) as instances:
        yield instances


@pytest.fixture
def production_like():
    """The portal under gunicorn with four workers, as in production."""
    with _instances(workers=4) as instances:
        yield instances
