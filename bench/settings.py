"""The portal's settings plus a trivial view (T0, the baseline every figure is a ratio to).
``BENCH_NO_CACHE=1`` turns the cache off (the uncached gallery under gunicorn)."""

import os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.getenv("BENCH_NO_CACHE") == "1":
    CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # noqa: F405
# The benchmark asks for the API's list hundreds of times a minute from one address: its rate
# limit is still counted on every call (that cost is measured), never reached.
API_RATE_PER_ADDRESS = 1_000_000
