"""The object store's storage backend: django-storages' S3 backend, plus a read that streams.

Kept apart from config/storage.py, which the settings import: boto3 is loaded only by a process
whose files are on the object store, never by the embedded default.
"""

from __future__ import annotations

import posixpath
import re

from botocore.exceptions import ClientError
from django.core.exceptions import SuspiciousOperation
from storages.backends.s3 import S3Storage
from storages.utils import clean_name, safe_join

#: A name the portal drew at random: a UUID4's 32 hex digits and an extension, as
#: selection.uploads.stored_name and members.models.roster_path make them.
RANDOM_NAME = re.compile(r"(?:^|/)[0-9a-f]{32}\.[0-9a-z]+$")


class ObjectStorage(S3Storage):
    """S3Storage, whose ``open()`` answers a HEAD request and then copies the whole object into
    a temporary file (on disk past ``max_memory_size``) before the first byte can be read, for a
    handle that seeks. A file served to a browser needs none of that: :meth:`open_stream`."""

    def get_available_name(self, name, max_length=None):
        """A random name (``RANDOM_NAME``) as it is: no file has it, so an upload is one PUT
        without a HEAD first to ask whether the name is taken (122 random bits do not meet).
        Any other name is checked and changed if taken, as on the file system."""
        name = clean_name(name)
        if RANDOM_NAME.search(name) and (max_length is None or len(name) <= max_length):
            return name
        return super().get_available_name(name, max_length)

    def key(self, name: str) -> str:
        """The object's key in the bucket: the name under this alias's prefix, as S3Storage
        keys it (a name climbing out of the prefix is refused)."""
        try:
            return safe_join(self.location, clean_name(name))
        except ValueError:
            raise SuspiciousOperation(f"Attempted access to {name!r} denied.") from None

    def open_stream(self, name: str) -> StreamedObject:
        """The stored file for reading once from start to end: one GET, whose body is read
        from the connection piece by piece as it is asked for (never held whole, never copied
        to disk). FileNotFoundError when there is no such file."""
        try:
            answer = self.connection.meta.client.get_object(
                Bucket=self.bucket_name, Key=self.key(name)
            )
        except ClientError as error:
            if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                raise FileNotFoundError(f"File does not exist: {name}") from None
            raise
        return StreamedObject(name, answer["Body"], answer["ContentLength"])


class StreamedObject:
    """What a FileResponse (and a WSGI server's file wrapper) reads a stored object through:
    ``read`` and ``close``, with its ``name`` (for the content type) and ``size`` (for the
    Content-Length). Not seekable: the bytes come off the connection once."""

    def __init__(self, name: str, body, size: int):
        self.name = posixpath.basename(name)
        self.body = body
        self.size = size

    def read(self, size: int = -1) -> bytes:
        return self.body.read(None if size is None or size < 0 else size)

    def close(self) -> None:
        # A body not read to its end closes its connection rather than returning it to the
        # pool half read.
        self.body.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
