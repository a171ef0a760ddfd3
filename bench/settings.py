"""The portal's settings plus a trivial view (T0, the baseline every figure is a ratio to).
``BENCH_NO_CACHE=1`` keeps no public page (the uncached pages under gunicorn): each is made for
every request, as right after a publish. Redis stays, for what it does besides (the API's rate
limits fail closed without it, 503)."""

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
    PUBLIC_CACHE_SECONDS = 0  # a timeout of 0 keeps nothing
# The benchmark asks for the API's list hundreds of times a minute from one address: its rate
# limit is still counted on every call (that cost is measured), never reached.
API_RATE_PER_ADDRESS = 1_000_000
