"""Serving a nomination's private files (and its profile's photo). Callers check the user's right
to the nomination first; these only stream the file with safe headers (config.storage.file_response:
never a link to the object store, whose bucket is private)."""

import hashlib

from django.http import Http404, HttpResponse, HttpResponseNotModified

from config.storage import file_response

from .models import Attachment


def photo_response(request, photo) -> HttpResponse:
    """A nomination's or a profile's photo (its FieldFile), for staff pages only. Its address
    stays the same when the photo is replaced, so the browser asks each time (no-cache) and is
    told "not modified" by the photo's name, which every new upload changes, without a read of
    the file."""
    if not photo:
        raise Http404
    etag = '"' + hashlib.sha256(photo.name.encode()).hexdigest()[:16] + '"'
    asked = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
    if etag in asked:
        response = HttpResponseNotModified()
    else:
        response = file_response(photo.storage, photo.name)
        if response.status_code != 200:
            return response
        response["Content-Type"] = "image/png" if photo.name.endswith(".png") else "image/jpeg"
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


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
