"""``DATABASES``: PostgreSQL at ``DATABASE_URL``, else SQLite under ``VAR_DIR`` (the embedded
default)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url


def databases(url: str, var_dir: Path, *, conn_max_age: int) -> dict:
    """The ``default`` database: the one ``url`` names, else a SQLite file in ``var_dir``
    (created if missing)."""
    if url:
        default = dj_database_url.parse(
            url,
            conn_max_age=conn_max_age,
            # Without health checks the first request after a database restart is a 500.
            conn_health_checks=True,
        )
        # JIT compilation pays off for long analytical queries, not for a portal's short ones;
        # with the rough row estimates of the ranking's CTEs it cost more than the query itself.
        default.setdefault("OPTIONS", {})["options"] = "-c jit=off"
        return {"default": default}
    var_dir.mkdir(parents=True, exist_ok=True)
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": var_dir / "db.sqlite3",
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
