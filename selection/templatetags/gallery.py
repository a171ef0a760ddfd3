"""The gallery list's cards and area options, built in Python. As template markup each value
was looked up as a template variable and each option compared in an ``{% if %}``: 1.5 M of an
uncached page's 11.0 M instructions (a publish empties every public page, and the whole city
may open the gallery on commendation day). Escaped with the standard library's
``html.escape``, as the queues' rows are; the tests compare both with the markup they replaced."""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def gallery_card(card: dict) -> str:
    """One profile of ``gallery_list``'s page (its plain row: title, area, year, summary and
    the URLs of the page and the thumbnail)."""
    title = escape(card["title"])
    image = (
        f'<img src="{escape(card["thumbnail_url"])}" class="card-img-top" alt="{title}"'
        ' loading="lazy">'
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
