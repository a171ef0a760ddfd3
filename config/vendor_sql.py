"""SQL that differs by database, for migrations: ``RunSQL`` runs the same statements on every
database, and the portal runs on PostgreSQL and, embedded, on SQLite (triggers, for one, are
written differently on each). Migrations call these functions: a change here changes what
migrations already applied elsewhere would do on a new database, so write a new function
rather than change one in use."""

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


def version_triggers(table: str, version: str) -> migrations.RunPython:
    """Triggers that give ``version`` (``members.models.DataVersion``) a number it never had on
    every statement writing ``table``, in the writing transaction (``members.versions``), and
    write its row back if it is missing. PostgreSQL: per statement, through the function
    ``members_dataversion_bump`` (made by ``members.0007``) and its sequence; SQLite, whose
    triggers are per row: a random 64-bit number."""
    sqlite_events = ("insert", "update", "delete")
    return run_per_vendor(
        {
            "postgresql": [
                f"CREATE TRIGGER {table}_version"
                f" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
                f" FOR EACH STATEMENT EXECUTE FUNCTION members_dataversion_bump('{version}')"
            ],
            "sqlite": [
                f"CREATE TRIGGER {table}_version_{event} AFTER {event.upper()} ON {table} BEGIN"
                " INSERT OR REPLACE INTO members_dataversion (name, number)"
                f" VALUES ('{version}', random()); END"
                for event in sqlite_events
            ],
        },
        {
            "postgresql": [f"DROP TRIGGER {table}_version ON {table}"],
            "sqlite": [f"DROP TRIGGER {table}_version_{event}" for event in sqlite_events],
        },
    )
