"""Images stored with their pixels only.

A phone or camera writes into a photo where it was taken (EXIF GPS: a secretary's photo taken
at home gives the home's position), when, and with what device; editors add XMP, IPTC and
comments. None of it belongs on a page, so every image the portal stores is decoded and encoded
anew from its pixels: turned upright first (the EXIF orientation is itself metadata, and without
it the picture would lie on its side), keeping only the ICC colour profile (without it the
colours would change) and, in a PNG, its transparent colour.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

log = logging.getLogger(__name__)
#: The largest image taken, in pixels (8000 × 5000): decoded, it takes ~120 MB as RGB.
MAX_IMAGE_PIXELS = 40_000_000
#: A photo re-encoded at this JPEG quality is not told apart from the upload by eye.
JPEG_QUALITY = 90
#: A photo is kept at most this many pixels on its longer side: more than any page or the A4
#: approval form shows, and a JPEG is then decoded at a reduced scale (a 40-megapixel photo
#: takes a quarter of the memory in the web process).
PHOTO_SIDE = 3000
#: Thumbnails are small and many on a page: a lower quality does not show at their size.
THUMBNAIL_QUALITY = 80
#: Where a portrait is cut to a thumbnail's shape: centred, a little above the middle, where
#: a face is.
FACE_CENTRING = (0.5, 0.35)
#: What an image's ``info`` may hold without saying anything about where, when or by whom it
#: was taken: how its pixels are to be read. Anything else (exif, xmp, comment, photoshop/IPTC,
#: PNG text chunks) makes a stored image one that :func:`carries_metadata`.
HARMLESS_INFO = {
    "jfif",
    "jfif_version",
    "jfif_unit",
    "jfif_density",
    "dpi",
    "adobe",
    "adobe_transform",
    "progressive",
    "progression",
    "icc_profile",
    "transparency",
    "gamma",
    "srgb",
    "chromaticity",
    "aspect",
}


def _too_large() -> ValidationError:
    return ValidationError(
        _("图片尺寸过大，最多 %(limit)s 像素，请缩小后再上传。")
        % {"limit": f"{MAX_IMAGE_PIXELS:,}"},
        code="too_many_pixels",
    )


def _bad_image() -> ValidationError:
    return ValidationError(_("图片文件已损坏或不是有效的图片。"), code="bad_image")


@contextmanager
def opened(source: IO[bytes]) -> Iterator[Image.Image]:
    """The image in ``source`` with only its header read: refused (ValidationError) if it is no
    image or has more than ``MAX_IMAGE_PIXELS`` pixels, before any pixel is decoded. Pillow
    refuses far larger images (decompression bombs) by itself, as an error or a warning: both
    are the same "too large" to the user."""
    source.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(source)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large() from None
    except Exception:
        raise _bad_image() from None
    with image:
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise _too_large()
        yield image


def _jpeg_ready(image: Image.Image) -> Image.Image:
    """The image in a mode JPEG holds: grey, RGB and CMYK as they are (their ICC profile still
    fits them), transparency laid on white (as a page shows it), the rest as RGB."""
    if image.mode in ("L", "RGB", "CMYK"):
        return image
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        rgba = image if image.mode == "RGBA" else image.convert("RGBA")
        white = Image.new("RGB", rgba.size, "white")
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return image.convert("RGB")


def jpeg_bytes(image: Image.Image, *, quality: int, icc_profile: bytes | None = None) -> bytes:
    """``image`` as a JPEG carrying nothing but its pixels and ``icc_profile``: Pillow writes
    neither EXIF nor XMP unless asked, but does copy a comment it read unless told otherwise."""
    buffer = io.BytesIO()
    options = {"icc_profile": icc_profile} if icc_profile else {}
    image.save(
        buffer, "JPEG", quality=quality, optimize=True, progressive=True, comment=b"", **options
    )
    return buffer.getvalue()


def thumbnail_bytes(image: Image.Image, size: tuple[int, int]) -> bytes:
    """``image`` (decoded) cut to exactly ``size`` around the face and encoded as a JPEG: the
    one way the portal makes a thumbnail, for the gallery's cards and the staff pages' photo
    previews alike."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    fitted = ImageOps.fit(rgb, size, centering=FACE_CENTRING)
    return jpeg_bytes(fitted, quality=THUMBNAIL_QUALITY)


@contextmanager
def decoded(source: IO[bytes], side: int | None = None) -> Iterator[Image.Image]:
    """The image in ``source`` with all its pixels read and turned upright: a JPEG decoded at
    the smallest scale still ``side`` pixels on each side (not at its full size, which takes
    more memory), any other at its size. ValidationError when it is too large or cannot be
    decoded: no image at all, or truncated (found only here, when its pixels are read)."""
    with opened(source) as image:
        try:
            if side is not None:
                image.draft("RGB", (side, side))  # JPEG only: a scale of 1/2, 1/4…
            image.load()
            # In place: a copy of a 40-megapixel photo would double the memory it takes.
            ImageOps.exif_transpose(image, in_place=True)
        except Exception:
            raise _bad_image() from None
        yield image


def without_metadata(source: IO[bytes], *, keep_png: bool = False) -> bytes:
    """The image in ``source`` encoded anew from its pixels, upright, as a JPEG (a PNG stays a
    PNG with ``keep_png``: a scanned certificate's lettering would blur in a JPEG). Raises
    ValidationError for an image too large or one that cannot be decoded."""
    keeps_size = keep_png  # an attachment (a scan): as sharp as it came
    with decoded(source, None if keeps_size else PHOTO_SIDE) as image:
        try:
            icc_profile = image.info.get("icc_profile")
            if not keeps_size:
                image.thumbnail((PHOTO_SIDE, PHOTO_SIDE))  # in place, the proportions kept
            if keep_png and image.format == "PNG":
                buffer = io.BytesIO()
                # A PNG is written with its ICC profile and transparent colour only.
                image.save(buffer, "PNG", optimize=True)
                return buffer.getvalue()
            return jpeg_bytes(_jpeg_ready(image), quality=JPEG_QUALITY, icc_profile=icc_profile)
        except Exception:
            raise _bad_image() from None


@contextmanager
def stored(field_file, side: int, *, of: object) -> Iterator[Image.Image | None]:
    """A stored image (an ImageField's file) decoded as :func:`decoded` does, or None when it
    cannot be read: gone from the storage, or stored broken (before uploads were re-encoded, or
    damaged since) — a warning naming ``of`` (its owner: a nomination, a profile) is logged,
    and the caller shows a placeholder instead. Every place that decodes a stored image asks
    here. A storage that cannot be reached still raises (the read may be tried again)."""
    with ExitStack() as stack:
        try:
            handle = stack.enter_context(field_file.open("rb"))
            image = stack.enter_context(decoded(handle, side))
        except FileNotFoundError:
            log.warning(
                "the image of %s is missing from the storage: %s", _named(of), field_file.name
            )
            image = None
        except ValidationError as error:
            log.warning(
                "the image of %s cannot be read (%s): %s", _named(of), error.code, field_file.name
            )
            image = None
        yield image


def _named(record) -> str:
    return f"{type(record).__name__} #{record.pk} ({record})"


def carries_metadata(source: IO[bytes]) -> bool:
    """Whether a stored image holds more than its pixels and how to show them (read from its
    header only). An image that cannot be read counts as carrying some: better re-encoded (or
    reported) than served unseen."""
    try:
        with opened(source) as image:
            return bool(set(image.info) - HARMLESS_INFO) or bool(image.getexif())
    except ValidationError:
        return True
