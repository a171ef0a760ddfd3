"""Serving a nomination's private files. Callers check the user's right to the nomination first;
these only stream the file with safe headers."""

from django.http import FileResponse, Http404

from .models import Attachment, Nomination


def photo_response(nomination: Nomination) -> FileResponse:
    if not nomination.photo:
        raise Http404
    response = FileResponse(nomination.photo.open("rb"))
    response["Content-Type"] = (
        "image/png" if nomination.photo.name.endswith(".png") else "image/jpeg"
    )
    response["Cache-Control"] = "private, max-age=300"
    return response


def attachment_response(attachment: Attachment) -> FileResponse:
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
    )
    response["Content-Type"] = attachment.content_type
    response["Cache-Control"] = "private, no-store"
    return response
