"""Back the portal up into one archive and restore it from one.

The archive is an uncompressed tar (the dump and the photos are compressed already)::

    database.pgdump | database.sqlite3   the database in its own format
    files/<storage alias>/<name>          every stored file, as the storage names it
    manifest.json                         what the rest must be (written last, read first)

Settings and secrets are not in it: a restore runs under the target's own settings."""

from __future__ import annotations

import io
import json
import os
import shutil
import tarfile
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import django
from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.utils import timezone

from audit.services import record
from selection.services import forget_cached_pages

from . import database, files

FORMAT = 1
MANIFEST = "manifest.json"
#: A progress line every so many files of a storage.
PROGRESS_EVERY = 1000
Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass(frozen=True)
class Summary:
    archive: str
    sha256: str
    files: int
    bytes: int


def portal_version() -> str:
    with open(settings.BASE_DIR / "pyproject.toml", "rb") as pyproject:
        return tomllib.load(pyproject)["project"]["version"]


def member_name(alias: str, name: str) -> str:
    return f"files/{alias}/{name}"


def add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def write_archive(path: Path, progress: Progress) -> dict:
    """Write the archive to ``path``; return its manifest."""
    manifest: dict = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "portal": {"version": portal_version(), "django": django.get_version()},
        "storages": {},
    }
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
        with tempfile.TemporaryDirectory() as work:
            dump = Path(work) / database.dump_name()
            progress(f"database: dumping ({database.vendor()}) …")
            try:
                state = database.dump(dump)
            except database.DatabaseError as error:
                raise BackupError(str(error)) from error
            with open(dump, "rb") as dump_file:
                size, sha256 = files.checksum(dump_file)
            tar.add(dump, arcname=dump.name)
            manifest["database"] = {
                "vendor": database.vendor(),
                "file": dump.name,
                "size": size,
                "sha256": sha256,
                **state,
            }
            progress(
                f"database: {len(state['tables'])} tables, "
                f"{sum(state['tables'].values())} rows, {size} bytes"
            )
        for alias in files.aliases():
            storage, entries = storages[alias], {}
            for name in files.walk(alias):
                info = tarfile.TarInfo(member_name(alias, name))
                info.size = storage.size(name)
                info.mtime = int(timezone.now().timestamp())
                with storage.open(name, "rb") as stored:
                    reader = files.HashingReader(stored)
                    tar.addfile(info, reader)
                entries[name] = {"size": reader.size, "sha256": reader.sha256.hexdigest()}
                if len(entries) % PROGRESS_EVERY == 0:
                    progress(f"files: {alias}: {len(entries)} files so far …")
            manifest["storages"][alias] = entries
            total = sum(entry["size"] for entry in entries.values())
            progress(f"files: {alias}: {len(entries)} files, {total} bytes")
        add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    return manifest


def archive_name() -> str:
    return f"sihao-{timezone.now():%Y%m%d-%H%M%S-%f}.tar"


def create_backup(
    *, output: Path | None = None, to_storage: str = "", keep: int = 0, progress: Progress
) -> Summary:
    """Write one archive to ``output`` or into the storage ``to_storage`` (under ``backups/``,
    keeping the newest ``keep`` there when ``keep`` > 0). Side effects: a ``backup.created``
    audit event (recorded after the dump, so not in the archive itself)."""
    if to_storage and to_storage not in settings.STORAGES:
        raise BackupError(f"no storage {to_storage!r} in settings.STORAGES")
    with tempfile.TemporaryDirectory() as work:
        if to_storage:
            path = Path(work) / archive_name()
            manifest = write_archive(path, progress)
        else:
            # Under the final name only once complete: a failed run leaves no half archive.
            path, partial = Path(output), Path(f"{output}.partial")
            try:
                manifest = write_archive(partial, progress)
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
            os.replace(partial, path)
        with open(path, "rb") as archive:
            size, sha256 = files.checksum(archive)
        if to_storage:
            target = f"{files.ARCHIVE_DIR}/{path.name}"
            with open(path, "rb") as archive:
                name = storages[to_storage].save(target, File(archive, name=target))
            progress(f"archive: stored as {name} in storage {to_storage} ({size} bytes)")
            location = f"{to_storage}:{name}"
            if keep:
                prune(to_storage, keep, progress)
        else:
            location = str(path)
            progress(f"archive: {path} ({size} bytes)")
    counted = [entry for entries in manifest["storages"].values() for entry in entries.values()]
    summary = Summary(location, sha256, len(counted), sum(e["size"] for e in counted))
    record("backup.created", after={**vars(summary), "created_at": manifest["created_at"]})
    return summary


def prune(alias: str, keep: int, progress: Progress) -> None:
    storage = storages[alias]
    _, names = storage.listdir(files.ARCHIVE_DIR)
    archives = sorted(n for n in names if n.startswith("sihao-") and n.endswith(".tar"))
    for name in archives[:-keep]:
        storage.delete(f"{files.ARCHIVE_DIR}/{name}")
        progress(f"archive: removed old {files.ARCHIVE_DIR}/{name}")


def fetch(alias: str, name: str, target: Path) -> Path:
    """Copy an archive out of a storage into ``target``, chunk by chunk."""
    if alias not in settings.STORAGES or not storages[alias].exists(name):
        raise BackupError(f"no archive {name!r} in storage {alias!r}")
    with storages[alias].open(name, "rb") as source, open(target, "wb") as copy:
        shutil.copyfileobj(source, copy, files.CHUNK)
    return target


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(tar.extractfile(MANIFEST))
    except KeyError:
        raise BackupError(f"not a portal backup: no {MANIFEST} in the archive") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"archive format {manifest.get('format')!r}, this portal reads {FORMAT}")
    return manifest


def check_target(manifest: dict, *, force: bool, files_only: bool) -> None:
    """Refuse what a restore would lose or could not do, before anything is touched."""
    if not files_only:
        check_database(manifest, force=force)
    missing = sorted(set(manifest["storages"]) - set(settings.STORAGES))
    if missing:
        raise BackupError(f"the archive has files of storages not in settings.STORAGES: {missing}")
    for alias, entries in manifest["storages"].items():
        clashing = [] if force else files.existing(alias, entries)
        if clashing:
            raise BackupError(
                f"storage {alias!r} already holds {len(clashing)} of the archive's files"
                f" (e.g. {clashing[0]}): pass --force to overwrite them"
            )


def check_database(manifest: dict, *, force: bool) -> None:
    dumped = manifest["database"]
    if dumped["vendor"] != database.vendor():
        raise BackupError(
            f"the archive holds a {dumped['vendor']} dump; this portal runs on {database.vendor()}"
        )
    if dumped["file"] != database.dump_name():
        raise BackupError(f"unexpected database file {dumped['file']!r}")
    full = [] if force else database.project_tables_with_rows()
    if full:
        raise BackupError(
            f"the database is not empty ({', '.join(full[:5])}{' …' if len(full) > 5 else ''}"
            " have rows): restore into an empty database, or pass --force to replace it"
        )


def extract_dump(tar: tarfile.TarFile, manifest: dict, target: Path) -> None:
    expected = manifest["database"]
    with tar.extractfile(expected["file"]) as source, open(target, "wb") as copy:
        reader = files.HashingReader(source)
        shutil.copyfileobj(reader, copy, files.CHUNK)
    if reader.sha256.hexdigest() != expected["sha256"]:
        raise BackupError("the database dump in the archive does not match its checksum")


def verify(manifest: dict, *, files_only: bool = False) -> list[str]:
    """What differs between the restored portal and the manifest (empty when nothing does)."""
    problems = []
    counts = {} if files_only else database.table_counts()
    for table, expected in [] if files_only else manifest["database"]["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"table {table}: {counts.get(table)} rows, expected {expected}")
    for alias, entries in manifest["storages"].items():
        for name, entry in entries.items():
            found = files.stored_checksum(alias, name)
            if found != (entry["size"], entry["sha256"]):
                problems.append(f"file {alias}:{name}: differs from the archive")
    return problems


def restore_backup(
    archive: Path, *, force: bool = False, files_only: bool = False, progress: Progress
) -> dict:
    """Restore the database and every stored file from ``archive`` (only the files with
    ``files_only``: after a point-in-time recovery of the database), then verify them against
    its manifest. Refuses a database whose portal tables have rows, and files already there,
    unless ``force``. Side
    effects: replaces the database and the files; bumps the cache generations (nothing cached
    from the data replaced is served); a ``backup.restored`` audit event, recorded after the
    verification. Returns the manifest."""
    if not Path(archive).is_file():
        raise BackupError(f"no archive at {archive}")
    try:
        with tarfile.open(archive, "r:") as tar:
            manifest = restore_from(tar, force=force, files_only=files_only, progress=progress)
    except tarfile.TarError as error:
        raise BackupError(f"cannot read the archive {archive}: {error}") from error
    problems = verify(manifest, files_only=files_only)
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise BackupError(f"the restored portal does not match the manifest:\n  {shown}{more}")
    if files_only:
        progress("verified: every file's checksum matches the manifest")
    else:
        progress("verified: every table's row count and every file's checksum match the manifest")
    forget_cached_pages()
    record(
        "backup.restored",
        after={
            "archive": str(archive),
            "created_at": manifest["created_at"],
            "forced": force,
            "files_only": files_only,
        },
    )
    return manifest


def restore_from(
    tar: tarfile.TarFile, *, force: bool, files_only: bool, progress: Progress
) -> dict:
    """Check the target, then restore the dump (checked against its checksum first) and every
    file of the open archive; return its manifest."""
    manifest = read_manifest(tar)
    portal = manifest["portal"]
    progress(
        f"archive: made {manifest['created_at']} by portal {portal['version']}"
        f" (Django {portal['django']})"
    )
    check_target(manifest, force=force, files_only=files_only)
    if not files_only:
        restore_database(tar, manifest, progress)
    for alias, entries in manifest["storages"].items():
        for name in entries:
            with tar.extractfile(member_name(alias, name)) as content:
                files.put(alias, name, content)
        total = sum(entry["size"] for entry in entries.values())
        progress(f"files: {alias}: {len(entries)} files, {total} bytes restored")
    return manifest


def restore_database(tar: tarfile.TarFile, manifest: dict, progress: Progress) -> None:
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / manifest["database"]["file"]
        extract_dump(tar, manifest, dump)
        progress(f"database: restoring ({database.vendor()}) …")
        try:
            database.load(dump)
        except database.DatabaseError as error:
            raise BackupError(str(error)) from error
    progress(f"database: {len(manifest['database']['tables'])} tables restored")
