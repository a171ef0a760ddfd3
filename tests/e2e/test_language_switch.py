"""A visitor who narrowed the gallery and then switches the language keeps what they chose.
The page is shared from the cache, so its footer form carries the path only; the script takes
the query string from the address bar."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_visitor_switching_to_english_keeps_the_gallery_filters(browser, live_server):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/gallery/?year=2025&q=%E5%BA%94")

    with page.expect_navigation():
        page.select_option("#language-select", "en")

    assert page.url == f"{live_server.url}/gallery/?year=2025&q=%E5%BA%94"
    assert page.locator("html").get_attribute("lang") == "en"
    context.close()
