"""The benchmark (``make bench``) and its tools (``bench.profile``, ``bench.instructions``).

Every entry point calls :func:`production_settings` before Django starts: the portal is
measured as it runs in production, with DEBUG off (with DEBUG on, Django's debug cursor logs and
times every query)."""

import os

#: A key for the benchmark's own processes (production refuses the built-in development key).
SECRET_KEY = "bench-" + "x" * 50


def production_settings() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", SECRET_KEY)
