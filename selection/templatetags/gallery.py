"""The thumbnails of the public pages (components/thumbnail.html): the tags choose the image's
files, sizes, text alternative and when it loads; the template writes the ``<img>``."""

from __future__ import annotations

from django import template

from selection.gallery import THUMBNAIL_SIZE

register = template.Library()


#: How wide a card's thumbnail is shown, by the width of the window (Bootstrap's container,
#: columns and gutters; the card's border): the browser picks the smallest file that fills it.
CARD_IMAGE_SIZES = (
    "(min-width: 1400px) 414px, (min-width: 1200px) 354px, (min-width: 992px) 294px,"
    " (min-width: 768px) 334px, (min-width: 576px) 244px, calc(100vw - 26px)"
)
#: The first cards of a page are on the first screen: their images load at once, the very first
#: (the page's largest paint) before anything else; the others as they come near the screen.
EAGER_CARDS = 3


def thumbnail(small_url: str, large_url: str, sizes: str, **image) -> dict:
    """What components/thumbnail.html shows: the ``<img>``'s size (every thumbnail is cut to
    ``THUMBNAIL_SIZE``), the large twin for dense screens where the profile has one, and
    ``image``'s ``alt``, ``css`` (its classes) and ``load`` (``"first"``, ``"lazy"`` or none)."""
    width, height = THUMBNAIL_SIZE
    return {
        "src": small_url,
        "large": large_url,
        "sizes": sizes,
        "width": str(width),
        "height": str(height),
        "large_width": str(2 * width),
        **image,
    }


@register.inclusion_tag("components/thumbnail.html")
def card_thumbnail(card: dict, position: int = EAGER_CARDS) -> dict:
    """The thumbnail of one profile of ``gallery_list``'s page (its plain row), the
    ``position``-th card (from 0) of its page. The image is decorative: its alt text would
    repeat the title beside it."""
    if not card["thumbnail"]:
        return {}
    if position == 0:
        load = "first"
    elif position < EAGER_CARDS:
        load = ""
    else:
        load = "lazy"
    return thumbnail(
        card["thumbnail_url"],
        card["large_url"],
        CARD_IMAGE_SIZES,
        alt="",
        css="card-img-top thumbnail-img",
        load=load,
    )


#: A thumbnail on the home page (six columns on a wide screen, two on a phone).
HOME_IMAGE_SIZES = (
    "(min-width: 1400px) 196px, (min-width: 1200px) 166px, (min-width: 992px) 136px,"
    " (min-width: 768px) 216px, (min-width: 576px) 246px, calc(50vw - 36px)"
)
#: The photo of a profile's page (at most 320 CSS pixels wide: its link is a `.profile-photo`).
DETAIL_IMAGE_SIZES = "(min-width: 400px) 320px, calc(100vw - 24px)"


#: The home page's first row on a wide screen (six to a row; a phone's first screen holds two):
#: any of them may be its largest paint, so all are loaded at once.
EAGER_HOME_THUMBNAILS = 6


@register.inclusion_tag("components/thumbnail.html")
def profile_thumbnail(profile, layout: str, position: int = 0) -> dict:
    """A published profile's thumbnail ``<img>``, sized, for ``layout``: ``"home"`` (a
    decorative image beside the profile's title, in the same link: no alt text of its own;
    the ``position``-th from 0, the first ones loaded at once, the others as they near the
    screen) or ``"detail"`` (the page's photo and its largest paint: named, and loaded
    first)."""
    if not profile.thumbnail:
        return {}
    small = profile.image_url("thumb")
    large = profile.image_url("thumb2x") if profile.thumbnail_large else ""
    if layout == "detail":
        return thumbnail(
            small,
            large,
            DETAIL_IMAGE_SIZES,
            alt=profile.title,
            css="img-fluid rounded thumbnail-img",
            load="first",
        )
    return thumbnail(
        small,
        large,
        HOME_IMAGE_SIZES,
        alt="",
        css="img-fluid rounded mb-1 thumbnail-img",
        load="" if position < EAGER_HOME_THUMBNAILS else "lazy",
    )
