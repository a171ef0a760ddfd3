"""Files served from the real object store (config.object_store): one GET streamed from the
connection in pieces, no HEAD before it, no copy in memory or on disk; gone is 404. An upload
under a random name is one PUT, no HEAD before it either."""

import os
import tracemalloc
import uuid

import pytest
from django.core.exceptions import SuspiciousOperation
from django.core.files.base import ContentFile
from django.http import Http404

from config.object_store import ObjectStorage, StreamedObject
from config.storage import CHUNK_SIZE, file_response, object_store_options

# Closing a response sends request_finished, which looks at the database connections a test
# before this one may have opened: allowed, so the outcome does not depend on the order.
pytestmark = [pytest.mark.objectstore, pytest.mark.django_db]

MB = 1024 * 1024


@pytest.fixture
def storage(object_store):
    return ObjectStorage(**object_store_options(object_store.env()), location="default")


def operations(storage) -> list[str]:
    """The S3 operations ``storage``'s client sends from now on, by name."""
    sent = []
    storage.connection.meta.client.meta.events.register(
        "before-call.s3", lambda model, **kwargs: sent.append(model.name)
    )
    return sent


def test_a_stored_file_is_served_by_one_get_with_its_length_and_no_head_first(storage):
    content = os.urandom(300_000)
    name = storage.save("photos/streamed.jpg", ContentFile(content))
    sent = operations(storage)

    response = file_response(storage, name)
    body = b"".join(response.streaming_content)
    response.close()

    assert body == content
    assert int(response["Content-Length"]) == len(content)
    assert response["Content-Type"] == "image/jpeg"
    assert sent == ["GetObject"]
    storage.delete(name)


def test_an_upload_under_a_random_name_is_one_put_with_no_head_first(storage):
    sent = operations(storage)

    name = storage.save(f"photos/{uuid.uuid4().hex}.jpg", ContentFile(os.urandom(300_000)))

    assert sent == ["PutObject"]
    storage.delete(name)


def test_a_name_of_the_portals_choosing_is_asked_for_first_and_never_written_over(storage):
    first = storage.save("thumbs/profile-1-2x.jpg", ContentFile(b"first"))
    sent = operations(storage)

    second = storage.save("thumbs/profile-1-2x.jpg", ContentFile(b"second"))

    assert second != first
    assert sent[0] == "HeadObject" and sent[-1] == "PutObject"
    with storage.open_stream(first) as kept:
        assert kept.read() == b"first"
    storage.delete(first)
    storage.delete(second)


def test_a_large_file_is_streamed_in_pieces_never_held_whole(storage):
    name = storage.save("reports/large.bin", ContentFile(os.urandom(12 * MB)))
    tracemalloc.start()
    try:
        response = file_response(storage, name)
        assert isinstance(response.file_to_stream, StreamedObject)
        pieces = [len(piece) for piece in response.streaming_content]
        response.close()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert sum(pieces) == 12 * MB
    assert max(pieces) == CHUNK_SIZE
    assert peak < 2 * MB
    storage.delete(name)


def test_a_file_that_is_gone_is_404_and_a_name_outside_the_prefix_is_refused(storage):
    with pytest.raises(Http404):
        file_response(storage, "photos/never-stored.jpg")
    with pytest.raises(SuspiciousOperation):
        storage.open_stream("../reports/someone-elses.xlsx")


def test_a_stream_closed_halfway_gives_its_connection_up(storage):
    name = storage.save("photos/half.jpg", ContentFile(os.urandom(2 * MB)))

    with storage.open_stream(name) as handle:
        assert len(handle.read(CHUNK_SIZE)) == CHUNK_SIZE
    # The next request on the same client is answered whole (not from a half-read connection).
    with storage.open_stream(name) as again:
        assert len(again.read()) == 2 * MB
    storage.delete(name)
