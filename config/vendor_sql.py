"""SQL that differs by database, for migrations: ``RunSQL`` runs the same statements on every
database, and the portal runs on PostgreSQL and, embedded, on SQLite (triggers, for one, are
written differently on each)."""

from __future__ import annotations

from django.db import migrations


def run_per_vendor(
    forward: dict[str, list[str]], backward: dict[str, list[str]]
) -> migrations.RunPython:
    """Run ``forward[vendor]`` (``backward[vendor]`` when unapplied); nothing on a database
    without an entry."""

    def run(statements: dict[str, list[str]]):
        def apply(apps, schema_editor):
            with schema_editor.connection.cursor() as cursor:
                for statement in statements.get(schema_editor.connection.vendor, []):
                    cursor.execute(statement)

        return apply

    return migrations.RunPython(run(forward), run(backward))
