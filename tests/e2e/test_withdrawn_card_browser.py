"""A card taken back while its reviewer types on it, then reloaded: the 410 page lists what this
tab's save-on-leave kept of the card (static/js/app.js), as the page's 保存草稿 lists what was
posted, rather than the reason alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from evaluations import services

from .test_scorecard_browser import scoring  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_reload_of_a_card_taken_back_lists_what_this_tab_kept_of_it(scoring, city_admin):  # noqa: F811
    page, card, boxes = scoring.page, scoring.card, scoring.boxes
    page.goto(scoring.url)
    page.fill(f"#id_points_{boxes['political']}", "19.5")

    services.unassign(card, by=city_admin, confirmed=True)  # the admin takes the card back
    page.fill(f"#id_comment_{boxes['political']}", "理论学习扎实\n带头作用明显")
    page.locator(f"#id_comment_{boxes['political']}").blur()
    expect(page.locator("#autosave-status")).to_contain_text("本页的改动没有保存")
    page.reload()

    expect(page.locator("h1")).to_have_text("评分表已被收回")
    kept = page.locator(".typed-kept")
    expect(kept).to_be_visible()
    expect(kept).to_contain_text("您在本页填写的以下内容没有保存")
    row = kept.locator("tbody tr").first
    expect(row.locator("td").nth(0)).to_have_text("政治素质好")
    expect(row.locator("td").nth(1)).to_have_text("19.5")
    expect(row.locator("td").nth(2).locator("br")).to_have_count(1)
    expect(row.locator("td").nth(2)).to_have_text("理论学习扎实带头作用明显")
    expect(kept.locator("tbody tr").nth(1).locator("td").nth(1)).to_have_text("—")
    expect(kept.locator("[data-kept-veto]")).to_have_count(2)
    expect(kept.locator("[data-kept-veto]:visible")).to_have_count(0)

    page.reload()  # kept for the tab's life: a second reload lists it again
    expect(page.locator(".typed-kept")).to_be_visible()
    expect(page.locator(".typed-kept tbody tr").first.locator("td").nth(1)).to_have_text("19.5")


def test_a_reload_with_nothing_kept_shows_the_reason_alone(scoring, city_admin):  # noqa: F811
    page = scoring.page
    services.unassign(scoring.card, by=city_admin)

    page.goto(scoring.url)

    expect(page.locator(".card-withdrawn")).to_contain_text("这份评分表已由组织部门收回。")
    expect(page.locator(".typed-kept")).to_be_hidden()
