"""A request whose upload was cut off is refused whole.

A browser closed (or a line dropped) in the middle of sending a form with a file ends the
request's body early. Django then parses what did arrive: the text fields sent before the file,
and no file at all (the one begun is dropped). A view would take that for a form sent without
a file and save it: a new nomination's typed text kept as a draft its secretary never learnt
of. So the body is refused as unreadable (400, as Django answers a body it cannot parse), and
no view sees any of it.

It is the client that went away, not a failure of ours: Django's request log gets one line
for it (``CutOffUploadLog``), not a traceback that reads like a bug to the people on call."""

import logging

from django.core.files.uploadhandler import FileUploadHandler
from django.http.multipartparser import MultiPartParserError


class UploadCutOff(MultiPartParserError):
    """The request's body ended in the middle of a file (Django answers 400 and logs it)."""


class InterruptedUploadHandler(FileUploadHandler):
    """Last in ``FILE_UPLOAD_HANDLERS``: the handlers before it store the files (and remove a
    partial one when told the upload was interrupted); this one only refuses the request."""

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None

    def upload_interrupted(self):
        raise UploadCutOff("The request's body ended in the middle of a file.")


class CutOffUploadLog(logging.Filter):
    """On the ``django.request`` logger (``LOGGING``): its record of an ``UploadCutOff`` keeps
    its level and becomes one line, the path, without the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], UploadCutOff):
            record.msg = "Upload cut off by the client, refused (400): %s"
            record.exc_info = None
            record.exc_text = None
        return True


#: ``FILE_UPLOAD_HANDLERS``: Django's own, then the one above.
HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    "config.uploads.InterruptedUploadHandler",
]
