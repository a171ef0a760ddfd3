"""The gallery list's markup, written by templates (public/gallery_list.html,
components/thumbnail.html) and the filter's form widgets: every value escaped, the images
sized, the first cards loaded at once."""

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.test import RequestFactory

from selection.forms import GalleryFilterForm
from selection.templatetags.gallery import CARD_IMAGE_SIZES

pytestmark = pytest.mark.django_db

CARD = {
    "title": '张伟 <script>alert("x")</script> & “四好”',
    "area": "东区 & 'A'",
    "year": "2025",
    "summary": "扎根基层 <b>一线</b>…",
    "thumbnail": "profiles/thumbs/a.jpg",
    "url": "/gallery/2025-1/?a=1&b=2",
    "thumbnail_url": "/gallery/2025-1/image/thumb/",
    "large_url": "/gallery/2025-1/thumb2x.jpg?a=1&b=2",
}
AREAS = [("12", "东区"), ("13", "西区 <新>"), ("14", "南区 & 北区")]


@pytest.mark.parametrize(
    ("position", "loading"), [(0, ' fetchpriority="high"'), (2, ""), (3, ' loading="lazy"')]
)
@pytest.mark.parametrize("large_url", ["/gallery/2025-1/thumb2x.jpg?a=1&b=2", ""])
def test_a_cards_thumbnail_is_sized_with_its_large_twin_and_loads_by_position(
    large_url, position, loading
):
    card = {**CARD, "large_url": large_url}

    made = (
        engines["django"]
        .from_string("{% load gallery %}{% card_thumbnail p position %}")
        .render({"p": card, "position": position})
    )

    srcset = (
        ' srcset="/gallery/2025-1/image/thumb/ 360w, /gallery/2025-1/thumb2x.jpg?a=1&amp;b=2'
        f' 720w" sizes="{CARD_IMAGE_SIZES}"'
        if large_url
        else ""
    )
    assert made == (
        f'<img src="/gallery/2025-1/image/thumb/"{srcset} width="360" height="480" alt=""'
        f' class="card-img-top thumbnail-img"{loading}>'
    )


def test_a_card_without_a_thumbnail_has_no_image():
    made = (
        engines["django"]
        .from_string("{% load gallery %}{% card_thumbnail p 0 %}")
        .render({"p": {**CARD, "thumbnail": ""}})
    )

    assert made == ""


@pytest.mark.parametrize("chosen", ["", "13"])
def test_the_gallery_page_escapes_every_value_of_its_cards_and_filter(chosen):
    form = GalleryFilterForm(
        AREAS, initial={"q": "<b>张</b>", "year": "2025", "tag": "教育", "org": chosen}
    )

    body = render_to_string(
        "public/gallery_list.html",
        {"page": [CARD], "form": form, "filters": ""},
        request=RequestFactory().get("/gallery/"),
    )

    assert "<script>" not in body and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert '<a href="/gallery/2025-1/?a=1&amp;b=2" class="stretched-link">' in body
    assert "东区 &amp; &#x27;A&#x27; · 2025" in body and "&lt;b&gt;一线&lt;/b&gt;" in body
    assert body.count('<article class="card h-100 profile-card">') == 1
    assert body.count('class="card-img-top thumbnail-img" fetchpriority="high"') == 1
    assert (
        '<label class="visually-hidden" for="g-q">搜索</label><input type="text" name="q"'
        ' value="&lt;b&gt;张&lt;/b&gt;" class="form-control" placeholder="姓名或事迹"'
        ' maxlength="50" id="g-q">'
    ) in body
    assert (
        '<input type="text" name="year" value="2025" class="form-control" placeholder="年度"'
        ' inputmode="numeric" maxlength="4" id="g-year">'
    ) in body
    assert 'for="g-tag"' in body and 'maxlength="20" id="g-tag">' in body
    assert '<label class="visually-hidden" for="g-org">所在组织</label>' in body
    assert '<select name="org" class="form-select" id="g-org">' in body
    assert '<option value="13"' in body and "西区 &lt;新&gt;</option>" in body
    assert "南区 &amp; 北区</option>" in body
    form_html = body[body.index('role="search"') : body.index("</form>")]
    assert form_html.count(" selected>") == 1
    assert f'<option value="{chosen}" selected>' in form_html


def test_the_kept_filter_shows_each_page_its_own_choice(client, district_a, district_b):
    """The filter's HTML is kept in the cache by its values: a page of another area, or a
    search, never shows the choice kept for the first."""
    url = "/gallery/"
    client.get(url, {"org": district_a.pk})  # that filter's HTML is now kept

    east = client.get(url, {"org": district_a.pk, "page": "2"}).content.decode()
    west = client.get(url, {"org": district_b.pk}).content.decode()
    searched = client.get(url, {"org": district_a.pk, "q": "张"}).content.decode()

    assert f'<option value="{district_a.pk}" selected>' in east
    assert f'<option value="{district_b.pk}" selected>' in west
    assert f'<option value="{district_a.pk}" selected>' not in west
    assert 'value="张"' in searched
