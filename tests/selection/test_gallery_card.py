"""The gallery's cards and area options, built in Python: the same HTML the template markup
they replace made, escaping included."""

import pytest
from django.template import engines

from selection.templatetags.gallery import CARD_IMAGE_SIZES, area_options, gallery_card

# The markup the filters replaced, as it stood in public/gallery_list.html (the image since
# issue 44: sized, a large twin for dense screens, the first three loaded at once).
CARD_TEMPLATE = """<div class="col-12 col-sm-6 col-lg-4"><article class="card h-100 profile-card">
    {% if p.thumbnail %}<img src="{{ p.thumbnail_url }}"{% if p.large_url %} srcset="{{ p.thumbnail_url }} 360w, {{ p.large_url }} 720w" sizes="{{ sizes }}"{% endif %} width="360" height="480" class="card-img-top thumbnail-img" alt=""{% if position == 0 %} fetchpriority="high"{% elif position >= 3 %} loading="lazy"{% endif %}>{% endif %}
    <div class="card-body">
      <h2 class="h6 card-title"><a href="{{ p.url }}" class="stretched-link">{{ p.title }}</a></h2>
      <p class="card-text small text-muted">{{ p.area }} · {{ p.year }}</p>
      <p class="card-text small">{{ p.summary }}</p>
    </div>
  </article></div>"""  # noqa: E501
OPTIONS_TEMPLATE = (
    "{% for pk, name in organizations %}"
    '<option value="{{ pk }}"{% if org == pk %} selected{% endif %}>{{ name }}</option>'
    "{% endfor %}"
)


def template_made(source: str, context: dict) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize("position", [0, 2, 3])
@pytest.mark.parametrize("large_url", ["/gallery/2025-1/thumb2x.jpg?a=1&b=2", ""])
@pytest.mark.parametrize("thumbnail", ["profiles/thumbs/a.jpg", ""])
def test_a_card_is_the_markup_it_replaced_with_every_value_escaped(thumbnail, large_url, position):
    card = {
        "title": '张伟 <script>alert("x")</script> & “四好”',
        "area": "东区 & 'A'",
        "year": "2025",
        "summary": "扎根基层 <b>一线</b>…",
        "thumbnail": thumbnail,
        "url": "/gallery/2025-1/?a=1&b=2",
        "thumbnail_url": "/gallery/2025-1/image/thumb/",
        "large_url": large_url,
    }

    made = gallery_card(card, position)

    assert made == template_made(
        CARD_TEMPLATE, {"p": card, "position": position, "sizes": CARD_IMAGE_SIZES}
    )
    assert "<script>" not in made and "&lt;script&gt;" in made
    assert ("card-img-top" in made) is bool(thumbnail)


@pytest.mark.parametrize("chosen", ["", "12", "13"])
def test_the_area_options_are_the_markup_they_replaced(chosen):
    areas = [("12", "东区"), ("13", "西区 <新>"), ("14", "南区 & 北区")]

    made = area_options(areas, chosen)

    assert made == template_made(OPTIONS_TEMPLATE, {"organizations": areas, "org": chosen})
    assert made.count(" selected") == (1 if chosen else 0)
