"""Serving a nomination's private files (and its profile's photo). Callers check the user's right
to the nomination first; these only stream the file with safe headers (config.storage.file_response:
never a link to the object store, whose bucket is private)."""

from django.http import Http404, HttpResponse

from config.storage import file_response

from .models import Attachment


def photo_response(photo) -> HttpResponse:
    """A nomination's or a profile's photo (its FieldFile), for staff pages only."""
    if not photo:
        raise Http404
    response = file_response(photo.storage, photo.name)
    if response.status_code != 200:
        return response
    response["Content-Type"] = "image/png" if photo.name.endswith(".png") else "image/jpeg"
    response["Cache-Control"] = "private, max-age=300"
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
