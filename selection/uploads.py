"""Checking uploaded files by their content, and naming them safely.

A file is what its bytes say, not what its name says: the first bytes are matched against the
signatures of the allowed types, images are decoded by Pillow and stored encoded anew without
their metadata (:mod:`selection.images`), and a .docx must be a zip holding a Word document.
Stored names are random; the original name is kept only for display, stripped of any path.
"""

from __future__ import annotations

import logging
import os
import unicodedata
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from config.storage import STORE_ERRORS, remove_quietly

from . import images
from .choices import AttachmentKind
from .errors import SelectionError

log = logging.getLogger(__name__)

MB = 1024 * 1024
PHOTO_MAX_BYTES = 5 * MB
ATTACHMENT_MAX_BYTES = 10 * MB
MAX_ATTACHMENTS = 10

_SIGNATURES = [
    (b"%PDF-", AttachmentKind.PDF),
    (b"\xff\xd8\xff", AttachmentKind.JPEG),
    (b"\x89PNG\r\n\x1a\n", AttachmentKind.PNG),
    (b"PK\x03\x04", AttachmentKind.DOCX),
]
EXTENSIONS = {
    AttachmentKind.PDF: ".pdf",
    AttachmentKind.JPEG: ".jpg",
    AttachmentKind.PNG: ".png",
    AttachmentKind.DOCX: ".docx",
}
_NAME_EXTENSIONS = {
    AttachmentKind.PDF: {".pdf"},
    AttachmentKind.JPEG: {".jpg", ".jpeg"},
    AttachmentKind.PNG: {".png"},
    AttachmentKind.DOCX: {".docx"},
}


def _head(upload: UploadedFile, length: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return head


def sniff(upload: UploadedFile) -> str | None:
    head = _head(upload)
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def _too_large(size: str, limit: int) -> str:
    return _("文件过大（%(size)s），上限为 %(limit)s。") % {
        "size": size,
        "limit": filesizeformat(limit),
    }


def _photo_type_refused() -> str:
    return _("照片须为 JPG 或 PNG 图片。")


def _attachment_type_refused() -> str:
    return _("附件须为 PDF、JPG、PNG 或 DOCX 文件。")


def _check_size(upload: UploadedFile, limit: int) -> None:
    if upload.size == 0:
        raise ValidationError(_("文件是空的。"), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _too_large(filesizeformat(upload.size), limit),
            code="too_large",
        )


#: What static/js/upload-check.js puts in place of a chosen file's size in ``data-too-large``.
SIZE_PLACEHOLDER = "__SIZE__"


def browser_checks(*, photo: bool) -> dict[str, str]:
    """The attributes of a photo's (else an attachment's) file field by which the browser
    checks a chosen file before sending it (static/js/upload-check.js): the limits and words of
    the checks here, so a file too large or of another type is refused at once rather than
    after minutes of sending it on a slow line. The server checks again (no script, a browser
    that lies)."""
    kinds = (AttachmentKind.JPEG, AttachmentKind.PNG) if photo else tuple(_NAME_EXTENSIONS)
    limit = PHOTO_MAX_BYTES if photo else ATTACHMENT_MAX_BYTES
    return {
        "data-max-bytes": str(limit),
        "data-too-large": _too_large(SIZE_PLACEHOLDER, limit),
        "data-extensions": ",".join(
            extension for kind in kinds for extension in sorted(_NAME_EXTENSIONS[kind])
        ),
        "data-bad-type": _photo_type_refused() if photo else _attachment_type_refused(),
    }


def _check_docx(upload: UploadedFile) -> None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise ValidationError(_("不是有效的 Word（.docx）文档。"), code="bad_docx")
            if sum(info.file_size for info in archive.infolist()) > 20 * ATTACHMENT_MAX_BYTES:
                raise ValidationError(_("文档解压后过大。"), code="docx_bomb")
    except zipfile.BadZipFile:
        raise ValidationError(_("不是有效的 Word（.docx）文档。"), code="bad_docx") from None
    finally:
        upload.seek(0)


def _check_name_matches(upload: UploadedFile, kind: str) -> None:
    extension = os.path.splitext(upload.name or "")[1].lower()
    if extension not in _NAME_EXTENSIONS[kind]:
        raise ValidationError(
            _("文件扩展名与文件内容不符（内容为 %(kind)s）。")
            % {"kind": AttachmentKind(kind).label},
            code="extension_mismatch",
        )


class CleanImage(ContentFile):
    """An uploaded image already encoded anew without its metadata (:mod:`selection.images`):
    the form cleans it, and the service it is handed to takes it as it is."""

    def __init__(self, content: bytes, *, name: str, kind: str):
        super().__init__(content, name=name)
        self.kind = kind


def _clean_image(upload: UploadedFile, kind: str, *, keep_png: bool) -> CleanImage:
    content = images.without_metadata(upload, keep_png=keep_png)
    name = upload.name or ""  # the client's, shown for an attachment
    if kind == AttachmentKind.PNG and not keep_png:
        kind = AttachmentKind.JPEG
        name = os.path.splitext(name)[0] + EXTENSIONS[kind]
    return CleanImage(content, name=name, kind=kind)


def clean_photo(upload: UploadedFile) -> CleanImage:
    """A JPEG or PNG photo of at most 5 MB, returned as the JPEG to store: upright, without
    EXIF, XMP, IPTC or comments (ValidationError if refused). Every photo upload goes through
    here, once: a photo cleaned already is returned as it is."""
    if isinstance(upload, CleanImage):
        return upload
    _check_size(upload, PHOTO_MAX_BYTES)
    kind = sniff(upload)
    if kind not in (AttachmentKind.JPEG, AttachmentKind.PNG):
        raise ValidationError(_photo_type_refused(), code="bad_type")
    _check_name_matches(upload, kind)
    return _clean_image(upload, kind, keep_png=False)


def clean_attachment(upload: UploadedFile) -> tuple[str, UploadedFile | CleanImage]:
    """A PDF, JPEG, PNG or DOCX file of at most 10 MB: its content type and the file to store,
    an image without its metadata (as :func:`clean_photo`, but a PNG stays a PNG)."""
    if isinstance(upload, CleanImage):
        return upload.kind, upload
    _check_size(upload, ATTACHMENT_MAX_BYTES)
    kind = sniff(upload)
    if kind is None:
        raise ValidationError(_attachment_type_refused(), code="bad_type")
    _check_name_matches(upload, kind)
    if kind in (AttachmentKind.JPEG, AttachmentKind.PNG):
        cleaned = _clean_image(upload, kind, keep_png=True)
        return cleaned.kind, cleaned
    if kind == AttachmentKind.DOCX:
        _check_docx(upload)
    return kind, upload


def display_name(name: str) -> str:
    """The last path component of a client-supplied name, without control characters."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    return name[:120] or _("附件")


def stored_name(kind: str) -> str:
    """A random name that reveals nothing and cannot be guessed."""
    return f"{uuid.uuid4().hex}{EXTENSIONS[kind]}"


# --- Files and the transaction that records them -----------------------------------------------


class ChangedFiles:
    """The files one change writes, kept in step with the transaction that records them (see
    :func:`changing_files`)."""

    def __init__(self):
        self.written: list[tuple] = []

    def save(self, field_file: FieldFile, name: str, content) -> None:
        """Write ``content`` for the record being saved; removed again if the change fails."""
        field_file.save(name, content, save=False)
        self.written.append((field_file.storage, field_file.name))

    def replace(self, field_file: FieldFile, name: str, content) -> None:
        """Write a new file in place of the record's old one; the old file is removed once the
        change has committed (until then the record still points to it)."""
        storage, old = field_file.storage, field_file.name
        self.save(field_file, name, content)
        if old and old != field_file.name:
            self._remove_after_commit(storage, old)

    def remove(self, field_file: FieldFile) -> None:
        """Remove the file of a record this change deletes, once the change has committed."""
        if field_file.name:
            self._remove_after_commit(field_file.storage, field_file.name)

    @staticmethod
    def _remove_after_commit(storage, name: str) -> None:
        transaction.on_commit(lambda: storage.delete(name))


@contextmanager
def changing_files() -> Iterator[ChangedFiles]:
    """An atomic block for a change that writes files: if it fails, the files it wrote are
    removed again, and a file it replaced is only removed after it has committed. So a failed
    change leaves neither a file without a record nor a record without its file.

    Django has no hook for a rollback, so a failure is seen as an exception leaving this block;
    a change that succeeds here inside a larger transaction that is rolled back later still
    leaves its new files behind (no view of this portal nests its changes so)."""
    files = ChangedFiles()
    try:
        with transaction.atomic():
            yield files
    except BaseException as error:
        for storage, name in files.written:
            remove_quietly(storage, name)
        if isinstance(error, STORE_ERRORS):
            # The object store (or the disk) failed: nothing was recorded; the user may retry.
            log.warning("file storage failed: %s", error)
            raise SelectionError(_("文件存储暂时不可用，未保存任何更改，请稍后重试。")) from error
        raise
