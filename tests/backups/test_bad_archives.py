"""Whatever file a restore is given, it says what is wrong and touches nothing."""

import io
import json
import tarfile

import pytest
from django.core.management import CommandError, call_command

from members.models import Member

pytestmark = pytest.mark.django_db(transaction=True)


def restore(path) -> str:
    with pytest.raises(CommandError) as failure:
        call_command("restore", str(path), "--force", stdout=io.StringIO())
    return str(failure.value)


def rewritten(archive, target, change_manifest) -> None:
    with tarfile.open(archive) as source, tarfile.open(target, "w") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                change_manifest(manifest)
                data = json.dumps(manifest).encode()
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))


@pytest.fixture
def archive(member_a1, tmp_path):
    path = tmp_path / "portal.tar"
    call_command("backup", "--output", str(path), stdout=io.StringIO())
    return path


def test_a_file_that_is_not_an_archive_is_refused(tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar file at all" * 100)

    assert restore(junk).startswith(f"cannot read the archive {junk}")
    assert restore(tmp_path / "missing.tar") == f"no archive at {tmp_path / 'missing.tar'}"


def test_an_archive_without_a_manifest_is_refused(tmp_path):
    empty = tmp_path / "empty.tar"
    tarfile.open(empty, "w").close()

    assert restore(empty) == "not a portal backup: no manifest.json in the archive"


def test_a_manifest_naming_a_dump_outside_the_archive_is_refused(archive, tmp_path):
    evil = tmp_path / "evil.tar"
    rewritten(archive, evil, lambda m: m["database"].update(file="../../outside"))
    Member.objects.update(name="改过的名字")

    assert restore(evil) == "unexpected database file '../../outside'"
    assert set(Member.objects.values_list("name", flat=True)) == {"改过的名字"}


def test_a_dump_that_does_not_match_its_checksum_is_not_restored(archive, tmp_path):
    corrupt = tmp_path / "corrupt.tar"
    rewritten(archive, corrupt, lambda m: m["database"].update(sha256="0" * 64))
    Member.objects.update(name="改过的名字")

    assert restore(corrupt) == "the database dump in the archive does not match its checksum"
    assert set(Member.objects.values_list("name", flat=True)) == {"改过的名字"}


def test_files_of_a_storage_this_portal_lacks_are_refused(archive, tmp_path):
    foreign = tmp_path / "foreign.tar"
    rewritten(archive, foreign, lambda m: m["storages"].update(elsewhere={}))

    assert restore(foreign) == (
        "the archive has files of storages not in settings.STORAGES: ['elsewhere']"
    )


def test_a_store_that_refuses_is_a_line_for_the_operator_not_a_traceback(monkeypatch):
    from botocore.exceptions import ClientError

    from backups.management.commands import backup

    def refused(**kwargs):
        error = {"Error": {"Code": "AccessDenied", "Message": "Access Denied"}}
        raise ClientError(error, "ListObjects")

    monkeypatch.setattr(backup, "create_backup", refused)

    with pytest.raises(CommandError, match="AccessDenied"):
        call_command("backup", "--to-storage", "default", stdout=io.StringIO())
