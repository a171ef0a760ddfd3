"""The gallery list's cards and area options, built in Python. As template markup each value
was looked up as a template variable and each option compared in an ``{% if %}``: 1.5 M of an
uncached page's 11.0 M instructions (a publish empties every public page, and the whole city
may open the gallery on commendation day). Escaped with the standard library's
``html.escape``, as the queues' rows are; the tests compare both with the markup they replaced."""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import mark_safe

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


def thumbnail_attributes(small_url: str, large_url: str, sizes: str) -> str:
    """The attributes of a thumbnail ``<img>``: its size (every thumbnail is cut to
    ``THUMBNAIL_SIZE``), and the large twin for dense screens where the profile has one."""
    width, height = THUMBNAIL_SIZE
    srcset = (
        f' srcset="{escape(small_url)} {width}w, {escape(large_url)} {2 * width}w" sizes="{sizes}"'
        if large_url
        else ""
    )
    return f'src="{escape(small_url)}"{srcset} width="{width}" height="{height}"'


@register.filter
def gallery_card(card: dict, position: int = EAGER_CARDS) -> str:
    """One profile of ``gallery_list``'s page (its plain row: title, area, year, summary and
    the URLs of the page and the thumbnails), the ``position``-th card (from 0) of its page.
    The image is decorative: its alt text would repeat the title beside it."""
    title = escape(card["title"])
    if position == 0:
        loading = ' fetchpriority="high"'
    elif position < EAGER_CARDS:
        loading = ""
    else:
        loading = ' loading="lazy"'
    image = (
        f"<img {thumbnail_attributes(card['thumbnail_url'], card['large_url'], CARD_IMAGE_SIZES)}"
        f' class="card-img-top thumbnail-img" alt=""{loading}>'
        if card["thumbnail"]
        else ""
    )
    # every part is escaped here
    return mark_safe(
        '<div class="col-12 col-sm-6 col-lg-4"><article class="card h-100 profile-card">\n'
        f"    {image}\n"
        '    <div class="card-body">\n'
        f'      <h2 class="h6 card-title"><a href="{escape(card["url"])}"'
        f' class="stretched-link">{title}</a></h2>\n'
        f'      <p class="card-text small text-muted">{escape(card["area"])} ·'
        f" {escape(card['year'])}</p>\n"
        f'      <p class="card-text small">{escape(card["summary"])}</p>\n'
        "    </div>\n"
        "  </article></div>"
    )


@register.filter
def area_options(areas: list[tuple[str, str]], chosen: str) -> str:
    """The area filter's options (``(id, name)`` as text), the chosen one selected."""
    # every part is escaped here
    return mark_safe(
        "".join(
            f'<option value="{escape(pk)}"{" selected" if pk == chosen else ""}>'
            f"{escape(name)}</option>"
            for pk, name in areas
        )
    )


#: A thumbnail on the home page (six columns on a wide screen, two on a phone).
HOME_IMAGE_SIZES = (
    "(min-width: 1400px) 196px, (min-width: 1200px) 166px, (min-width: 992px) 136px,"
    " (min-width: 768px) 216px, (min-width: 576px) 246px, calc(50vw - 36px)"
)
#: The photo of a profile's page (at most 320 CSS pixels wide: its link is a `.profile-photo`).
DETAIL_IMAGE_SIZES = "(min-width: 400px) 320px, calc(100vw - 24px)"


#: The home page's first thumbnails are on a phone's first screen (two to a row), and one of
#: them its largest paint: loaded at once.
EAGER_HOME_THUMBNAILS = 2


@register.simple_tag
def profile_thumbnail(profile, layout: str, position: int = 0) -> str:
    """A published profile's thumbnail ``<img>``, sized, for ``layout``: ``"home"`` (a
    decorative image beside the profile's title, in the same link: no alt text of its own;
    the ``position``-th from 0, the first ones loaded at once, the others as they near the
    screen) or ``"detail"`` (the page's photo and its largest paint: named, and loaded
    first)."""
    if not profile.thumbnail:
        return ""
    small = profile.image_url("thumb")
    large = profile.image_url("thumb2x") if profile.thumbnail_large else ""
    if layout == "detail":
        sizes = DETAIL_IMAGE_SIZES
        rest = f'alt="{escape(profile.title)}" class="img-fluid rounded thumbnail-img"'
        rest += ' fetchpriority="high"'
    else:
        sizes = HOME_IMAGE_SIZES
        rest = 'alt="" class="img-fluid rounded mb-1 thumbnail-img"'
        rest += "" if position < EAGER_HOME_THUMBNAILS else ' loading="lazy"'
    # every part is escaped here
    return mark_safe(f"<img {thumbnail_attributes(small, large, sizes)} {rest}>")
