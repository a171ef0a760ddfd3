"""Where files are kept (config/storage.py): the file system under var/ by default, every alias
but staticfiles on the object store once S3_BUCKET is set; files read back through a storage,
never a local path; a store that cannot be reached answered with a clear message."""

import pytest
from botocore.exceptions import EndpointConnectionError
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from storages.backends.s3 import S3Storage

from config.object_store import StreamedObject
from config.storage import CHUNK_SIZE, file_response, local_copy, with_object_store

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "reports": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {}},
    "archives": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
S3 = {
    "S3_BUCKET": "portal",
    "S3_ENDPOINT_URL": "http://objects.intranet:8333",
    "S3_ACCESS_KEY_ID": "key",
    "S3_SECRET_ACCESS_KEY": "secret",
}


def test_without_a_bucket_the_storages_stay_as_they_are():
    assert with_object_store(STORAGES, {}) is STORAGES


def test_with_a_bucket_every_alias_but_static_files_moves_to_its_own_prefix():
    moved = with_object_store(STORAGES, S3)

    assert moved["staticfiles"] == STORAGES["staticfiles"]
    for alias in ("default", "reports", "archives"):
        assert moved[alias]["BACKEND"] == "config.object_store.ObjectStorage"
        options = moved[alias]["OPTIONS"]
        assert options["location"] == alias
        assert (options["bucket_name"], options["endpoint_url"]) == (
            "portal",
            "http://objects.intranet:8333",
        )
        assert (options["access_key"], options["secret_key"]) == ("key", "secret")
        # Private, never overwritten, never held whole in memory when read.
        assert options["default_acl"] is None
        assert options["file_overwrite"] is False
        assert options["max_memory_size"] > 0
        # django-storages reads these from the client's config once it is given one.
        config = options["client_config"]
        assert config.s3["addressing_style"] == "path"
        assert config.signature_version == "s3v4"


def test_the_s3_storage_is_built_from_those_options(settings):
    from django.core.files.storage import storages

    settings.STORAGES = with_object_store(settings.STORAGES, S3)

    storage = storages["reports"]
    assert isinstance(storage, S3Storage)  # django-storages' backend, a streaming read added
    assert storage.location == "reports"
    assert storage.bucket_name == "portal"


class Unreachable(InMemoryStorage):
    def open(self, name, mode="rb"):
        raise EndpointConnectionError(endpoint_url="http://objects.intranet:8333")


def test_a_store_that_cannot_be_reached_is_answered_503_with_a_message_not_500():
    response = file_response(Unreachable(), "default/x.pdf")

    assert response.status_code == 503
    assert "文件存储暂时不可用" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_a_file_that_is_gone_is_404():
    from django.http import Http404

    with pytest.raises(Http404):
        file_response(InMemoryStorage(), "nothing-here.pdf")


def test_a_stored_file_is_streamed_in_chunks():
    storage = InMemoryStorage()
    name = storage.save("big.bin", ContentFile(b"x" * 300_000))

    response = file_response(storage, name)

    assert response.streaming
    assert b"".join(response.streaming_content) == b"x" * 300_000


class Streaming(InMemoryStorage):
    """A storage that streams as the object store's does (config.object_store)."""

    def open_stream(self, name):
        handle = self.open(name)
        return StreamedObject(name, handle, handle.size)


def test_a_storage_that_streams_is_read_through_its_stream_with_its_size_as_the_length():
    storage = Streaming()
    name = storage.save("photos/big.jpg", ContentFile(b"x" * 600_000))

    response = file_response(storage, name)

    assert isinstance(response.file_to_stream, StreamedObject)
    assert response["Content-Length"] == "600000"
    assert response["Content-Type"] == "image/jpeg"
    pieces = list(response.streaming_content)
    assert [len(piece) for piece in pieces] == [CHUNK_SIZE, CHUNK_SIZE, 600_000 - 2 * CHUNK_SIZE]


def test_a_library_that_needs_a_path_gets_a_temporary_copy_of_a_file_without_one():
    storage = InMemoryStorage()
    name = storage.save("roster.xlsx", ContentFile(b"PK-content"))

    with local_copy(storage, name, suffix=".xlsx") as path:
        assert path.read_bytes() == b"PK-content"
        assert path.suffix == ".xlsx"
    assert not path.exists()


def test_the_names_uploads_are_given_are_known_as_random_and_no_other():
    from config.object_store import RANDOM_NAME
    from members.models import roster_path
    from selection.choices import AttachmentKind
    from selection.models.nominations import attachment_path, photo_path
    from selection.uploads import stored_name

    drawn = [
        photo_path(None, stored_name(AttachmentKind.JPEG)),
        attachment_path(None, stored_name(AttachmentKind.DOCX)),
        roster_path(None, "花名册.xlsx"),
    ]
    chosen = ["profiles/thumbs/li-ming-7-0123456789ab-2x.jpg", "12/3f9a/report.xlsx"]

    assert all(RANDOM_NAME.search(name) for name in drawn)
    assert not any(RANDOM_NAME.search(name) for name in chosen)
