"""公示 pages on a phone: every table of the notice pages, the admins' objections table above
all (a long objection, its resolve form), scrolls inside its own ``.table-responsive``
container instead of widening the page."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from selection import notice

pytestmark = pytest.mark.django_db


class Tables(HTMLParser):
    """For each ``<table>`` of a page, whether a ``.table-responsive`` element encloses it."""

    def __init__(self, html: str):
        super().__init__()
        self.open: list[bool] = []  # the open <div>s: is each a scroll container?
        self.scrolling: list[bool] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "div":
            self.open.append("table-responsive" in (dict(attrs).get("class") or "").split())
        elif tag == "table":
            self.scrolling.append(any(self.open))

    def handle_endtag(self, tag):
        if tag == "div" and self.open:
            self.open.pop()


def tables(response) -> list[bool]:
    assert response.status_code == 200
    return Tables(response.content.decode()).scrolling


def test_an_admin_on_a_phone_scrolls_the_objections_table_in_its_own_container(
    client, running, shortlisted, city_admin
):
    notice.file_objection(
        running, shortlisted[0], name="张三", contact="13900000000", text="反映情况" * 200
    )
    client.force_login(city_admin)

    page = client.get(reverse("selection:notice_manage", args=[running.campaign_id]))

    # the objections, then the names on the notice and their profiles
    assert tables(page) == [True, True]
    assert "反映情况" * 200 in page.content.decode()


def test_the_public_notice_and_its_printable_version_scroll_their_table(client, running):
    detail = client.get(reverse("public:notice_detail", args=[running.campaign_id]))
    printed = client.get(reverse("public:notice_print", args=[running.campaign_id]))

    assert (tables(detail), tables(printed)) == ([True], [True])
