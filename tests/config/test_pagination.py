"""components/pagination.html: the previous and next links keep the list's other parameters."""

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

PAGINATION = '{% include "components/pagination.html" %}'


def _render(query: str, number: int, count: int = 25, per_page: int = 10) -> str:
    request = RequestFactory().get(f"/list/?{query}")
    page = Paginator(range(count), per_page).page(number)
    context = Context({"request": request, "page": page})
    context.request = request  # as a RequestContext has it, for {% querystring %}
    return Template(PAGINATION).render(context).strip()


def _querystring(query: str, number: int) -> str:
    """What Django's own ``{% querystring %}`` gives for the same request."""
    request = RequestFactory().get(f"/list/?{query}")
    context = Context({"number": number})
    context.request = request  # as a RequestContext has it
    return Template("{% querystring page=number %}").render(context)


@pytest.mark.parametrize(
    "query",
    ["", "page=2", "state=draft&page=2&campaign=3", "q=%E5%BC%A0+%26%3C&page=2&page=9", "page=x"],
)
def test_the_links_are_the_query_with_the_page_as_querystring_gives_them(query):
    html = _render(query, 2)

    assert f'href="{_querystring(query, 1)}"' in html
    assert f'href="{_querystring(query, 3)}"' in html
    assert "第 2 / 3 页" in html


def test_the_first_and_last_pages_link_one_way_and_one_page_shows_nothing():
    first, last = _render("", 1), _render("", 3)

    assert "下一页" in first and "上一页" not in first
    assert "上一页" in last and "下一页" not in last
    assert _render("", 1, count=10) == ""
    assert Template(PAGINATION).render(Context({})).strip() == ""


def test_the_words_follow_the_language():
    with translation.override("en"):
        html = _render("", 2)

    assert "Page 2 of 3" in html and "Previous" in html and "Next" in html
    assert 'aria-label="Pagination"' in html
