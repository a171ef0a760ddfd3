"""The database half of a backup, in the database's own format.

PostgreSQL: ``pg_dump --format=custom`` / ``pg_restore``, connected through libpq's environment
variables (the password in ``PGPASSWORD``, never in argv). The dump and the row counts of the
manifest come from one exported snapshot, so they describe the same instant. SQLite: the sqlite3
online backup API, in both directions."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

#: libpq's environment variable for each connection setting (and OPTIONS key) Django may carry.
LIBPQ_ENV = {
    "HOST": "PGHOST",
    "PORT": "PGPORT",
    "USER": "PGUSER",
    "NAME": "PGDATABASE",
    "PASSWORD": "PGPASSWORD",
}
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


class DatabaseError(Exception):
    """The dump or the restore program failed; the message says what it printed."""


def vendor() -> str:
    return connection.vendor


def dump_name() -> str:
    return "database.pgdump" if vendor() == "postgresql" else "database.sqlite3"


def libpq_environment(db: dict) -> dict[str, str]:
    """The process environment plus a Django database's connection settings, for libpq."""
    env = dict(os.environ)
    for key, variable in LIBPQ_ENV.items():
        if db.get(key):
            env[variable] = str(db[key])
    for key, variable in LIBPQ_OPTIONS.items():
        if db.get("OPTIONS", {}).get(key):
            env[variable] = str(db["OPTIONS"][key])
    return env


def run(argv: list[str]) -> None:
    env = libpq_environment(settings.DATABASES["default"])
    result = subprocess.run(argv, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise DatabaseError(f"{argv[0]} failed ({result.returncode}): {result.stderr.strip()}")


def count_rows(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor) -> list[list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [list(row) for row in cursor.fetchall()]


def dump(target: Path) -> dict:
    """Write the database to ``target``; return its table row counts and applied migrations,
    taken at the same instant as the dump."""
    if vendor() == "postgresql":
        return dump_postgresql(target)
    return dump_sqlite(target)


def dump_postgresql(target: Path) -> dict:
    if connection.in_atomic_block:
        raise DatabaseError("run the backup outside a transaction (it opens its own snapshot)")
    with transaction.atomic(), connection.cursor() as cursor:
        # The first statement of the transaction: the counts below and pg_dump share a snapshot.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = connection.introspection.table_names(cursor)
        state = {"tables": count_rows(cursor, tables), "migrations": applied_migrations(cursor)}
        run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"])
    return state


def dump_sqlite(target: Path) -> dict:
    connection.ensure_connection()
    with closing(sqlite3.connect(target)) as copy:
        connection.connection.backup(copy)
        # Counted on the copy: exactly what the archive holds.
        cursor = copy.cursor()
        tables = [
            row[0]
            for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        counts = {t: cursor.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        return {"tables": counts, "migrations": applied_migrations(cursor)}


def load(source: Path) -> None:
    """Replace the configured database's contents with the dump at ``source``."""
    if vendor() == "postgresql":
        connection.close()  # pg_restore drops tables: hold no connection that could block it
        run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={settings.DATABASES['default']['NAME']}",
                str(source),
            ]
        )
    else:
        connection.ensure_connection()
        with closing(sqlite3.connect(source)) as dump_file:
            dump_file.backup(connection.connection)
    connection.close()


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return count_rows(cursor, connection.introspection.table_names(cursor))


def project_tables_with_rows() -> list[str]:
    """Tables of the portal's own apps (not Django's bookkeeping) that hold at least one row."""
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        full = []
        for config in apps.get_app_configs():
            if Path(config.path).parent != settings.BASE_DIR:  # Django's and third parties' apps
                continue
            for model in config.get_models():
                table = model._meta.db_table
                if table not in existing:
                    continue
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone() is not None:
                    full.append(table)
    return sorted(full)
