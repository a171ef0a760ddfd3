"""Serving a nomination's private files (and its profile's photo). Callers check the user's right
to the nomination first; these only stream the file with safe headers (config.storage.file_response:
never a link to the object store, whose bucket is private)."""

import hashlib

from django.core.cache import caches
from django.http import Http404, HttpResponse, HttpResponseNotModified

from config.storage import STORE_ERRORS, file_response, store_unavailable

from . import images
from .models import Attachment

#: The staff pages show a nomination's photo at most 120 × 160 pixels: its preview is twice
#: that (sharp on a high-density screen), some KB where the photo itself may be MB, which a
#: slow intranet takes most of a minute to bring.
PREVIEW_SIZE = (240, 320)
#: How long a browser keeps a preview without asking again, and the server its cut: its URL
#: carries the photo's version, so a new photo is a new URL and shows at once.
PREVIEW_MAX_AGE = 24 * 60 * 60


def photo_version(photo) -> str:
    """A token that changes with the photo: every upload is stored under a new name."""
    return hashlib.sha256(photo.name.encode()).hexdigest()[:16]


def _etag_matches(request, etag: str) -> bool:
    asked = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
    return etag in asked


def photo_response(request, photo) -> HttpResponse:
    """A nomination's or a profile's photo (its FieldFile), for staff pages only. Its address
    stays the same when the photo is replaced, so the browser asks each time (no-cache) and is
    told "not modified" by the photo's name, which every new upload changes, without a read of
    the file."""
    if not photo:
        raise Http404
    etag = f'"{photo_version(photo)}"'
    if _etag_matches(request, etag):
        response = HttpResponseNotModified()
    else:
        response = file_response(photo.storage, photo.name)
        if response.status_code != 200:
            return response
        response["Content-Type"] = "image/png" if photo.name.endswith(".png") else "image/jpeg"
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


def photo_preview_response(request, photo, *, of) -> HttpResponse:
    """The photo cut to ``PREVIEW_SIZE`` (as the gallery's thumbnails are), for staff pages
    only. Cut on its first request and kept in the cache of what the release makes, under the
    photo's stored name (a new upload, a new name). Asked for with the photo's current version
    (``?v=``) it may be kept by the browser for ``PREVIEW_MAX_AGE``; else it is checked each
    time. 404 for a photo that is gone or cannot be read (the page's text says so)."""
    if not photo:
        raise Http404
    version = photo_version(photo)
    etag = f'"{version}-preview"'
    if _etag_matches(request, etag):
        response = HttpResponseNotModified()
    else:
        try:
            body = _preview(photo, of=of)
        except STORE_ERRORS as error:
            return store_unavailable(photo.name, error)
        response = HttpResponse(body, content_type="image/jpeg")
    response["ETag"] = etag
    if request.GET.get("v") == version:
        response["Cache-Control"] = f"private, max-age={PREVIEW_MAX_AGE}"
    else:
        response["Cache-Control"] = "private, no-cache"
    return response


def _preview(photo, *, of) -> bytes:
    cache = caches["pages"]
    key = f"photo-preview:{photo.name}"
    body = cache.get(key)
    if body is None:
        # Decoded at the smallest scale still covering the preview, not at the photo's size.
        with images.stored(photo, max(PREVIEW_SIZE), of=of) as image:
            if image is None:
                raise Http404
            body = images.thumbnail_bytes(image, PREVIEW_SIZE)
        cache.set(key, body, PREVIEW_MAX_AGE)
    return body


def attachment_response(attachment: Attachment) -> HttpResponse:
    response = file_response(
        attachment.file.storage,
        attachment.file.name,
        as_attachment=True,
        filename=attachment.original_name,
    )
    if response.status_code != 200:
        return response
    response["Content-Type"] = attachment.content_type
    response["Cache-Control"] = "private, no-store"
    return response
