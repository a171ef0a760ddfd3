"""Where the portal keeps files: every file goes through one of Django's ``STORAGES`` aliases,
never through a local path, so that any web host or worker can read what another one wrote.

Unset, each alias is a folder under ``var/`` (the embedded default). With ``S3_BUCKET`` set, every
alias but ``staticfiles`` becomes django-storages' S3 backend on one private bucket of any
S3-compatible store, each alias under a key prefix of its own (``default/``, ``reports/``, …):

    S3_BUCKET             the bucket (it must exist; nothing in it is public)
    S3_ENDPOINT_URL       the store's address, e.g. http://objects.intranet:8333 (unset: AWS)
    S3_ACCESS_KEY_ID      the key pair of the portal's account on the store
    S3_SECRET_ACCESS_KEY
    S3_REGION             optional (most stores of one's own accept any, e.g. us-east-1)

The bucket stays private and the portal never hands out its URLs: a view checks the user's scope
and then streams the file itself (see :func:`stream`).

The backend is django-storages' S3Storage with a streaming read added
(config.object_store.ObjectStorage).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

#: A file read from the store is kept in memory up to this size, and in a temporary file on
#: disk beyond it (django-storages keeps it all in memory unless told a limit).
MB = 1024 * 1024
MAX_MEMORY_SIZE = MB
#: Reads and writes of files are copied in pieces of this size.
CHUNK_SIZE = 256 * 1024
NOT_STORED_IN_THE_STORE = {"staticfiles"}


def object_store_options(environ=os.environ) -> dict | None:
    """The options every S3 alias shares, or None when no object store is configured."""
    bucket = environ.get("S3_BUCKET", "")
    if not bucket:
        return None
    from boto3.s3.transfer import TransferConfig
    from botocore.config import Config

    return {
        "bucket_name": bucket,
        "endpoint_url": environ.get("S3_ENDPOINT_URL") or None,
        "access_key": environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("S3_SECRET_ACCESS_KEY") or None,
        "region_name": environ.get("S3_REGION") or None,
        "default_acl": None,  # the bucket's own (private) policy
        "querystring_auth": True,  # never used: no view hands out a store URL
        # Like the file system: a name in use gets a new one, a file is never overwritten (at
        # the price of a HEAD per save, but for the random names of uploads: ObjectStorage).
        # Thumbnails are saved under their profile's name again: written over, a failed
        # change's clean-up would remove the file its record still names.
        "file_overwrite": False,
        "max_memory_size": MAX_MEMORY_SIZE,
        # Uploads past 8 MB go in 8 MB parts, two at a time: a large report or roster holds at
        # most ~16 MB in memory while it is sent, whatever its size.
        "transfer_config": TransferConfig(
            multipart_threshold=8 * MB, multipart_chunksize=8 * MB, max_concurrency=2
        ),
        # (django-storages ignores its addressing_style and signature_version options once a
        # client_config is given: they go in here.)
        "client_config": Config(
            signature_version="s3v4",
            s3={
                # Path-style addressing works with every S3-compatible store (no DNS per bucket).
                "addressing_style": "path",
                # Over plain HTTP botocore would hash every upload's body with SHA-256 for the
                # signature, a second pass over it besides the CRC32 checksum it sends (and
                # signs) anyway; over HTTPS it does without already. A CRC32 shows corruption,
                # not tampering: plain HTTP only to a store on the department's own network.
                "payload_signing_enabled": False,
            },
            # A store that is down fails a request within seconds rather than holding it a
            # minute.
            connect_timeout=3,
            read_timeout=30,
            retries={"max_attempts": 2, "mode": "standard"},
        ),
    }


#: The backend of every alias but ``staticfiles`` unless the object store is configured.
FILE_SYSTEM = "django.core.files.storage.FileSystemStorage"


def storages(*, reports: Path, archives: Path, debug: bool, environ=os.environ) -> dict:
    """``STORAGES``: uploads (``default``), generated reports and the yearly archives in
    folders, or in the object store when ``environ`` configures one; static files served from
    the source folders under ``debug``, else from ``collectstatic``'s hashed, compressed copies."""
    return with_object_store(
        {
            "default": {"BACKEND": FILE_SYSTEM},
            "reports": {"BACKEND": FILE_SYSTEM, "OPTIONS": {"location": reports}},
            "archives": {"BACKEND": FILE_SYSTEM, "OPTIONS": {"location": archives}},
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
                if debug
                else "whitenoise.storage.CompressedManifestStaticFilesStorage"
            },
        },
        environ,
    )


def with_object_store(storages: dict, environ=os.environ) -> dict:
    """``storages`` with every alias but ``staticfiles`` moved to the object store when one is
    configured (see the module's docstring); unchanged otherwise."""
    shared = object_store_options(environ)
    if shared is None:
        return storages
    return {
        alias: config
        if alias in NOT_STORED_IN_THE_STORE
        else {
            "BACKEND": "config.object_store.ObjectStorage",
            "OPTIONS": {**shared, "location": alias},
        }
        for alias, config in storages.items()
    }


def store_errors() -> tuple[type[BaseException], ...]:
    """What a storage raises when it cannot be reached or refuses a request."""
    errors: list[type[BaseException]] = [OSError]
    try:
        from boto3.exceptions import Boto3Error
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - boto3 is in requirements.txt
        return tuple(errors)
    return (*errors, BotoCoreError, ClientError, Boto3Error)


STORE_ERRORS = store_errors()


def file_response(storage, name: str, **kwargs):
    """A FileResponse streaming a stored file (see :func:`stream`); 404 when it is gone, and a
    503 with a plain message, not a 500, while the store cannot be reached."""
    from django.http import FileResponse, Http404

    try:
        handle = stream(storage, name)
    except FileNotFoundError:
        raise Http404 from None
    except STORE_ERRORS as error:
        return store_unavailable(name, error)
    response = FileResponse(handle, **kwargs)
    # Read in pieces of CHUNK_SIZE, not FileResponse's 4 KB: each read from the object store
    # passes through the HTTP client's layers, which cost more than the bytes at 4 KB.
    response.block_size = CHUNK_SIZE
    if "Content-Length" not in response and getattr(handle, "size", None) is not None:
        # A streamed object cannot seek to its end: its size came with it.
        response["Content-Length"] = handle.size
    return response


def store_unavailable(name: str, error: BaseException):
    """The answer to a request whose file the store could not give: a 503 with a plain message
    and a time to retry, never a 500."""
    from django.http import HttpResponse
    from django.utils.translation import gettext as _

    log.warning("could not read %s from storage: %s", name, error)
    return HttpResponse(
        _("文件存储暂时不可用，请稍后重试。"),
        status=503,
        content_type="text/plain; charset=utf-8",
        headers={"Retry-After": "30", "Cache-Control": "no-store"},
    )


def read_whole(storage, name: str) -> bytes:
    """A small stored file's bytes, read in one piece (a thumbnail, never an upload of any
    size): FileNotFoundError when it is gone, one of STORE_ERRORS when the store fails."""
    with stream(storage, name) as handle:
        return handle.read()


def stream(storage, name: str):
    """An open handle on a stored file for a FileResponse, which sends it in chunks.

    Why not a link to the store: the bucket is private, the intranet's clients may not reach the
    store at all, and a signed URL would outlive the scope check the view just made (anyone it is
    passed to could fetch the file until it expires). So the web process reads and sends the file
    itself, after the view's scope check: from the object store straight off the GET's body as
    it is sent on (``open_stream``: no HEAD first, no copy in memory or on disk), from any other
    storage through ``open``. A store failing halfway cuts the response short, which the client
    sees against the Content-Length."""
    open_stream = getattr(storage, "open_stream", None)
    return open_stream(name) if open_stream is not None else storage.open(name, "rb")


@contextlib.contextmanager
def local_copy(storage, name: str, *, suffix: str = "") -> Iterator[Path]:
    """A path on this machine to a stored file, for a library that needs one (calamine, zip
    checks): the file itself on the file system, else a temporary copy made piece by piece and
    removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="stored-") as folder:
        yield path_or_copy(storage, name, Path(folder) / f"copy{suffix}")


def path_or_copy(storage, name: str, copy: Path) -> Path:
    """The stored file's own path on the file system; else ``copy``, written piece by piece
    (the caller removes it)."""
    try:
        path = Path(storage.path(name))
    except NotImplementedError:  # the object store: no paths at all
        path = None
    if path is not None and path.is_file():  # (an in-memory storage names paths it never has)
        return path
    with storage.open(name, "rb") as source, copy.open("wb") as target:
        shutil.copyfileobj(source, target, CHUNK_SIZE)
    return copy


def remove_quietly(storage, name: str) -> None:
    """Delete a stored file, logging instead of raising when the store cannot be reached (a
    clean-up after a failure must not hide the failure)."""
    try:
        storage.delete(name)
    except STORE_ERRORS:
        log.warning("could not remove %s from storage %r", name, storage)
