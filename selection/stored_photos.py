"""Images stored before uploads were cleaned of their metadata: ``manage.py clean_photos``.

The stored files themselves are rewritten, once, rather than a cleaned copy being made for the
public gallery (as its thumbnails are): then every place that serves or copies a photo (the
gallery's photo and the API's ``photo_url``, the staff pages, reviewers' cards, the approval
form's PDF, a new profile made from a nomination, backups taken from now on) has only clean
files, with no second copy to keep in step and nothing to check per request. A file that
carries no metadata is left as it is, so the command may run again (after a restore from an
older backup, say) without re-encoding anything twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db.models.fields.files import FieldFile

from . import gallery, images, uploads
from .choices import AttachmentKind
from .errors import SelectionError
from .models import Attachment, ExemplarProfile, Nomination


@dataclass
class Cleaned:
    """What :func:`clean_stored_photos` rewrote, the files it could not rewrite, and those
    that cannot be read at all (stored broken, or gone: the pages and forms show a placeholder
    for them until a new one is uploaded)."""

    nominations: int = 0
    profiles: int = 0
    attachments: int = 0
    failed: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


class Unreadable(Exception):
    """A stored image that cannot be read: left as it is (there is nothing to re-encode)."""


def _require_readable(field_file: FieldFile, owner) -> None:
    # The smallest decode that still reads every byte (a JPEG at an eighth of its size).
    with images.stored(field_file, 1, of=owner) as image:
        if image is None:
            raise Unreadable


def _carries_metadata(field_file: FieldFile) -> bool:
    with field_file.open("rb") as handle:
        return images.carries_metadata(handle)


def _replace(field_file: FieldFile, clean: Callable, files: uploads.ChangedFiles) -> int | None:
    """Store the file's image anew without its metadata, if it carries any; its new size, or
    None if it was clean. Read whole before the field is given its new file (the field is
    itself the file being read)."""
    with field_file.open("rb") as handle:
        if not images.carries_metadata(handle):
            return None
        content = clean(File(handle, name=field_file.name))
    files.replace(field_file, uploads.stored_name(content.kind), content)
    return content.size


def _clean_nomination(pk: int, files: uploads.ChangedFiles) -> bool:
    nomination = Nomination.objects.select_for_update().get(pk=pk)
    _require_readable(nomination.photo, nomination)
    if _replace(nomination.photo, uploads.clean_photo, files) is None:
        return False
    nomination.save(update_fields=["photo"])
    return True


def _clean_profile(pk: int, files: uploads.ChangedFiles) -> bool:
    profile = ExemplarProfile.objects.select_for_update().get(pk=pk)
    _require_readable(profile.photo, profile)
    published = profile.published_at is not None
    stale_thumbnails = published and any(
        thumbnail and _carries_metadata(thumbnail)
        for thumbnail in (profile.thumbnail, profile.thumbnail_large)
    )
    if _replace(profile.photo, uploads.clean_photo, files) is None and not stale_thumbnails:
        return False
    if published:
        gallery.make_thumbnails(profile, files)
    profile.save(update_fields=["photo", "thumbnail", "thumbnail_large"])
    return True


def _clean_attachment(pk: int, files: uploads.ChangedFiles) -> bool:
    attachment = Attachment.objects.select_for_update().get(pk=pk)
    size = _replace(attachment.file, lambda file: uploads.clean_attachment(file)[1], files)
    if size is None:
        return False
    attachment.size = size
    attachment.save(update_fields=["file", "size"])
    return True


def clean_stored_photos() -> Cleaned:
    """Rewrite every stored nomination photo, profile photo and image attachment that carries
    metadata, as an upload is stored now (:func:`selection.uploads.clean_photo`). Each file in
    its own transaction: the new file under a new name (so the gallery's image URLs change
    with it), the old one removed once committed. A published profile's thumbnails are cut anew
    with its photo; the public pages' generation is bumped if any was. A file that cannot be
    read is left as it is: listed in ``unreadable`` (a photo stored broken, a file gone) or in
    ``failed`` (refused by the upload's rules)."""
    done = Cleaned()
    jobs = (
        ("nominations", Nomination.objects.exclude(photo=""), _clean_nomination),
        ("profiles", ExemplarProfile.objects.exclude(photo=""), _clean_profile),
        (
            "attachments",
            Attachment.objects.filter(content_type__in=[AttachmentKind.JPEG, AttachmentKind.PNG]),
            _clean_attachment,
        ),
    )
    for kind, queryset, clean in jobs:
        for pk in queryset.order_by("pk").values_list("pk", flat=True):
            try:
                with uploads.changing_files() as files:
                    if clean(pk, files):
                        setattr(done, kind, getattr(done, kind) + 1)
            except (Unreadable, FileNotFoundError):
                done.unreadable.append(f"{kind} #{pk}")
            except ValidationError as error:
                done.failed.append(f"{kind} #{pk}: {' '.join(error.messages)}")
            except SelectionError as error:
                done.failed.append(f"{kind} #{pk}: {error}")
    if done.profiles:
        gallery.PUBLIC_PAGES.bump()
    return done
