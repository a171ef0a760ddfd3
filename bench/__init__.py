"""The benchmark (``make bench``) and its tools (``bench.profile``, ``bench.instructions``).

Every entry point calls :func:`production_settings` before Django starts: the portal is
measured as it runs in production, with DEBUG off, as gunicorn under ``bench.serve`` always was.
(Until stop 8 the in-process pages ran with the development default, DEBUG on: every query was
logged and timed by Django's debug cursor.)"""

import os

#: A key for the benchmark's own processes (production refuses the built-in development key).
SECRET_KEY = "bench-" + "x" * 50


def production_settings() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", SECRET_KEY)
