"""The files half of a backup: every stored file of every storage but the static files, walked
and streamed through the public Storage API only, so any backend (file system, S3) will do."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages

#: Aliases never backed up: the static files are rebuilt from the code by collectstatic.
SKIPPED_ALIASES = {"staticfiles"}
#: Where ``backup --to-storage`` puts archives; skipped in every storage so backups never nest.
ARCHIVE_DIR = "backups"
CHUNK = 1024 * 1024


def aliases() -> list[str]:
    return [alias for alias in settings.STORAGES if alias not in SKIPPED_ALIASES]


def walk(alias: str, directory: str = "") -> Iterator[str]:
    """Every file name in the storage, sorted, through ``listdir`` recursively."""
    storage = storages[alias]
    try:
        directories, names = storage.listdir(directory)
    except FileNotFoundError:  # a file-system storage nothing was ever saved to
        return
    prefix = f"{directory}/" if directory else ""
    for name in sorted(names):
        yield prefix + name
    for sub in sorted(directories):
        if not directory and sub == ARCHIVE_DIR:
            continue
        yield from walk(alias, prefix + sub)


class HashingReader:
    """A file object that hashes what is read through it (tarfile reads in chunks)."""

    def __init__(self, file):
        self.file = file
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def checksum(file) -> tuple[int, str]:
    """Size and sha256 of an open file, read chunk by chunk."""
    digest, size = hashlib.sha256(), 0
    while data := file.read(CHUNK):
        digest.update(data)
        size += len(data)
    return size, digest.hexdigest()


def stored_checksum(alias: str, name: str) -> tuple[int, str] | None:
    storage = storages[alias]
    if not storage.exists(name):
        return None
    with storage.open(name, "rb") as file:
        return checksum(file)


def existing(alias: str, names) -> list[str]:
    storage = storages[alias]
    return [name for name in names if storage.exists(name)]


def put(alias: str, name: str, content) -> None:
    """Write ``content`` (an open file) under exactly ``name``, replacing what is there."""
    storage = storages[alias]
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, File(content, name=name))
    if saved != name:
        raise OSError(f"storage {alias!r} saved {name!r} as {saved!r}")
