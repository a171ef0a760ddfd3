"""pg_dump and pg_restore get the connection settings through libpq's environment, so the
password never appears in a command line (where `ps` shows it to every user of the machine)."""

import subprocess

from django.conf import settings

from backups import database


def test_the_database_password_goes_to_libpq_in_the_environment():
    env = database.libpq_environment(
        {
            "NAME": "sihao",
            "USER": "portal",
            "PASSWORD": "s3cret-pw",
            "HOST": "db.internal",
            "PORT": 5433,
            "OPTIONS": {"sslmode": "verify-full"},
        }
    )

    assert (env["PGPASSWORD"], env["PGUSER"], env["PGHOST"], env["PGPORT"]) == (
        "s3cret-pw",
        "portal",
        "db.internal",
        "5433",
    )
    assert (env["PGDATABASE"], env["PGSSLMODE"]) == ("sihao", "verify-full")


def test_the_dump_and_restore_programs_are_run_with_that_environment(monkeypatch):
    calls = []
    monkeypatch.setattr(
        subprocess,
        "run",
        lambda argv, **kwargs: (
            calls.append((argv, kwargs["env"])) or subprocess.CompletedProcess(argv, 0, "", "")
        ),
    )

    database.run(["pg_dump", "--format=custom", "--file=/tmp/x"])

    [(argv, env)] = calls
    assert argv == ["pg_dump", "--format=custom", "--file=/tmp/x"]
    assert env == database.libpq_environment(settings.DATABASES["default"])


def test_a_failing_dump_program_says_what_it_printed(monkeypatch):
    monkeypatch.setattr(
        subprocess,
        "run",
        lambda argv, **kwargs: subprocess.CompletedProcess(argv, 1, "", "connection refused\n"),
    )

    try:
        database.run(["pg_dump"])
    except database.DatabaseError as error:
        assert str(error) == "pg_dump failed (1): connection refused"
    else:
        raise AssertionError("no error raised")
