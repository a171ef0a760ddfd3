"""Helpers for the bench's storage rows (the bench calls them; the tests do not): the same work
timed with files on the file system and on an S3-compatible store (SeaweedFS on this machine).

    with object_store() as env:            # SeaweedFS started in a temporary folder
        for label, store in (("fs", None), ("s3", env)):
            with storages_on(store):
                rows[label] = photo_round_trip()   # + the bench's own report-job timings
"""

from __future__ import annotations

import contextlib
import io
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from config.storage import file_response, with_object_store

from .processes import ObjectStore


@contextlib.contextmanager
def object_store() -> Iterator[dict[str, str]]:
    """A SeaweedFS store of its own for a bench run; yields its S3_* settings, stops after."""
    with tempfile.TemporaryDirectory(prefix="bench-store-") as folder:
        store = ObjectStore(Path(folder))
        store.start()
        try:
            yield store.env()
        finally:
            store.stop()


@contextlib.contextmanager
def storages_on(env: dict[str, str] | None) -> Iterator[None]:
    """Every storage alias on the store that ``env`` (S3_* settings) describes; None leaves the
    settings as they are (the file system under var/ by default)."""
    if env is None:
        yield
        return
    from django.conf import settings
    from django.test import override_settings

    with override_settings(STORAGES=with_object_store(settings.STORAGES, env)):
        yield


def _photo(size=(1600, 2000)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def photo_round_trip(repeat: int = 20) -> dict[str, float]:
    """Median seconds to store a ~2 MB JPEG as an upload does (``storage.save``) and to serve it
    as the gallery does (a FileResponse read to its end), on the default storage."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    storage = storages["default"]
    photo = _photo()
    saves, serves, names = [], [], []
    try:
        for index in range(repeat):
            started = time.perf_counter()
            names.append(storage.save(f"bench/photo-{index}.jpg", ContentFile(photo)))
            saves.append(time.perf_counter() - started)
        for name in names:
            started = time.perf_counter()
            response = file_response(storage, name)
            assert len(b"".join(response.streaming_content)) == len(photo)
            response.close()
            serves.append(time.perf_counter() - started)
    finally:
        for name in names:
            storage.delete(name)
    return {
        "photo_upload_s": statistics.median(saves),
        "gallery_image_s": statistics.median(serves),
        "photo_bytes": len(photo),
    }
