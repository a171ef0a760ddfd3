"""A backup restored into an empty portal gives back the same portal: every row of every table,
every stored file's bytes, the ranking and the audit trail. A restore never overwrites data
unless told to, and says so when what it restored does not match the archive's manifest."""

import io
import json
import sqlite3
import tarfile
import uuid

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import AuditEvent
from members.models import Member
from selection.gallery import PUBLIC_PAGES
from tests.config.scripts import run_manage, run_script
from tests.conftest import HAS_POSTGRES

from .conftest import (
    RANKING_SCRIPT,
    audit_chain,
    every_row,
    file_tree,
    ranking_as_json,
)

pytestmark = pytest.mark.django_db(transaction=True)


def back_up(tmp_path) -> tuple:
    """The portal as it is, then its backup archive (and what the command printed)."""
    with connection.cursor() as cursor:
        rows, chain = every_row(cursor, connection.vendor), audit_chain(cursor)
    files = {
        "default": file_tree(settings.MEDIA_ROOT),
        "reports": file_tree(tmp_path / "reports"),
    }
    archive = tmp_path / "portal.tar"
    out = io.StringIO()
    call_command("backup", "--output", str(archive), stdout=out)
    return rows, chain, files, archive, out.getvalue()


def assert_same_files(files: dict, var_dir) -> None:
    assert file_tree(var_dir / "private") == files["default"]
    assert file_tree(var_dir / "reports") == files["reports"]
    assert len(files["default"]) == 4  # three photos and the attachment
    assert len(files["reports"]) == 1


def assert_same_audit_trail(chain: list, restored: list) -> None:
    """The same events in the same order, then the restore's own event."""
    assert restored[:-1] == chain
    assert restored[-1][1] == "backup.restored"
    assert restored[-1][0] > chain[-1][0]


def test_the_archive_holds_the_dump_every_stored_file_and_a_manifest(reviewing_year, tmp_path):
    rows, _, files, archive, printed = back_up(tmp_path)

    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    dump = "database.pgdump" if connection.vendor == "postgresql" else "database.sqlite3"
    assert names[0] == dump and names[-1] == "manifest.json"
    stored = {f"files/{alias}/{name}" for alias in files for name in files[alias]}
    assert set(names[1:-1]) == stored
    assert manifest["database"]["tables"] == {table: len(found) for table, found in rows.items()}
    assert ["audit", "0003_retention_in_trigger"] in manifest["database"]["migrations"]
    assert set(manifest["storages"]) == {"default", "reports", "archives"}
    assert manifest["portal"]["version"] == "0.1.0"
    assert "files: default: 4 files" in printed and "files: reports: 1 files" in printed
    assert AuditEvent.objects.filter(verb="backup.created").count() == 1


@pytest.mark.skipif(HAS_POSTGRES, reason="the SQLite path (the next test is PostgreSQL's)")
def test_a_sqlite_backup_restores_into_an_empty_portal_unchanged(reviewing_year, tmp_path):
    rows, chain, files, archive, _ = back_up(tmp_path)
    var_dir = tmp_path / "restored"

    restore = run_manage("restore", str(archive), var_dir=var_dir)

    assert restore.returncode == 0, restore.stderr
    assert "verified: every table's row count and every file's checksum match" in restore.stdout
    with sqlite3.connect(var_dir / "db.sqlite3") as restored:
        assert every_row(restored.cursor(), "sqlite") == rows
        assert_same_audit_trail(chain, audit_chain(restored.cursor()))
    assert_same_files(files, var_dir)
    ranking = run_script(RANKING_SCRIPT.format(pk=reviewing_year.pk), var_dir)
    assert ranking == ranking_as_json(reviewing_year)
    assert [(row["name"], row["rank"]) for row in ranking] == [("王建国", 1), ("李秀英", 2)]


@pytest.mark.postgres
def test_a_postgresql_backup_restores_into_an_empty_database_unchanged(reviewing_year, tmp_path):
    import psycopg2

    rows, chain, files, archive, _ = back_up(tmp_path)
    params = connection.settings_dict
    name = f"sihao_backup_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    url = (
        f"postgres://{params['USER']}:{params['PASSWORD'] or ''}@{params['HOST'] or 'localhost'}"
        f":{params['PORT'] or 5432}/{name}"
    )
    var_dir = tmp_path / "restored"
    try:
        restore = run_manage("restore", str(archive), var_dir=var_dir, DATABASE_URL=url)
        ranking = run_script(RANKING_SCRIPT.format(pk=reviewing_year.pk), var_dir, DATABASE_URL=url)
        restored = psycopg2.connect(
            dbname=name,
            user=params["USER"],
            password=params["PASSWORD"],
            host=params["HOST"],
            port=params["PORT"],
        )
        with restored, restored.cursor() as cursor:
            restored_rows, restored_chain = every_row(cursor, "postgresql"), audit_chain(cursor)
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            triggers = [row[0] for row in cursor.fetchall()]
        restored.close()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    assert restore.returncode == 0, restore.stderr
    assert "verified: every table's row count and every file's checksum match" in restore.stdout
    assert restored_rows == rows
    assert_same_audit_trail(chain, restored_chain)
    assert triggers == ["audit_auditevent_append_only"]  # the trail stays append-only
    assert_same_files(files, var_dir)
    assert ranking == ranking_as_json(reviewing_year)


def test_a_restore_refuses_a_database_that_has_data(member_a1, tmp_path):
    archive = tmp_path / "portal.tar"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    Member.objects.filter(pk=member_a1.pk).update(name="改过的名字")

    with pytest.raises(CommandError, match=r"the database is not empty .*pass --force"):
        call_command("restore", str(archive))

    assert Member.objects.get(pk=member_a1.pk).name == "改过的名字"
    assert not AuditEvent.objects.filter(verb="backup.restored").exists()


def test_a_forced_restore_replaces_the_data_and_forgets_what_was_cached(member_a1, tmp_path):
    archive = tmp_path / "portal.tar"
    name = member_a1.name
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    Member.objects.filter(pk=member_a1.pk).update(name="改过的名字")
    cached_under = PUBLIC_PAGES.current()

    call_command("restore", str(archive), "--force", stdout=io.StringIO())

    assert Member.objects.get(pk=member_a1.pk).name == name
    assert PUBLIC_PAGES.current() != cached_under  # no page cached from the replaced data
    assert AuditEvent.objects.filter(verb="backup.restored").count() == 1


def test_a_restore_that_does_not_match_its_manifest_fails_with_what_differs(
    reviewing_year, tmp_path
):
    *_, archive, _ = back_up(tmp_path)
    tampered = tmp_path / "tampered.tar"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("files/reports/"):
                data = data[:-1] + bytes([data[-1] ^ 1])  # same size, one bit flipped
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))

    with pytest.raises(CommandError) as failure:
        call_command("restore", str(tampered), "--force", stdout=io.StringIO())

    report = str(failure.value).splitlines()
    assert report[0] == "the restored portal does not match the manifest:"
    assert len(report) == 2 and report[1].startswith("  file reports:")
    assert report[1].endswith(": differs from the archive")
    assert not AuditEvent.objects.filter(verb="backup.restored").exists()


def test_nightly_backups_into_a_storage_keep_the_newest_and_restore_from_there(member_a1, tmp_path):
    name = member_a1.name
    for _ in range(3):
        call_command("backup", "--to-storage", "reports", "--keep", "2", stdout=io.StringIO())
    _, archives = storages["reports"].listdir("backups")
    newest = f"backups/{max(archives)}"
    with tarfile.open(tmp_path / "reports" / newest) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    Member.objects.filter(pk=member_a1.pk).update(name="改过的名字")

    call_command("restore", newest, "--from-storage", "reports", "--force", stdout=io.StringIO())

    assert len(archives) == 2
    assert manifest["storages"]["reports"] == {}  # earlier archives are not backed up again
    assert Member.objects.get(pk=member_a1.pk).name == name
    assert AuditEvent.objects.filter(verb="backup.created").count() == 2  # in the third archive


def test_a_files_only_restore_puts_the_files_back_and_leaves_the_database_alone(
    reviewing_year, tmp_path
):
    *_, files, archive, _ = back_up(tmp_path)
    for path in (tmp_path / "reports").rglob("*"):
        if path.is_file():
            path.unlink()
    Member.objects.update(name="时间点恢复后的名字")  # as the WAL recovery left it

    with pytest.raises(CommandError, match=r"storage 'default' already holds 4 .* --force"):
        call_command("restore", str(archive), "--files-only", stdout=io.StringIO())
    out = io.StringIO()
    call_command("restore", str(archive), "--files-only", "--force", stdout=out)

    assert "verified: every file's checksum matches the manifest" in out.getvalue()
    assert file_tree(tmp_path / "reports") == files["reports"]
    assert set(Member.objects.values_list("name", flat=True)) == {"时间点恢复后的名字"}
