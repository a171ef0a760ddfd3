"""The results page in a real browser: the warning that the ticked list departs from rank order
comes and goes with the ticks (static/js/pick-count.js, by the services' own test), and while it
shows, the reason field is described by it. The server still decides on submit
(tests/evaluations/test_departure_markup.py for what it renders)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import CampaignFactory, in_review

from .journey import PASSWORD, Portal

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_the_warning_follows_the_ticks_past_the_rank_order_and_back(
    browser, live_server, city, city_admin, branch_a1
):
    campaign = CampaignFactory(
        owner=city, phase="reviewing", exemplar_count=2, min_reviewers=1, min_responses=0
    )
    for i, total in enumerate((90, 80, 70), start=1):
        in_review(
            campaign, total, by=city_admin, member__organization=branch_a1, member__name=f"人选{i}"
        )
    city_admin.set_password(PASSWORD)
    city_admin.save()

    page = Portal(browser, live_server.url, artifacts=None).as_(city_admin.username)
    page.goto(live_server.url + reverse("evaluations:results", args=[campaign.pk]))
    warning = page.locator("#choice-departs")
    reason = page.locator("#shortlist-reason")

    def box(name):
        return page.get_by_role("checkbox", name=name)

    expect(warning).to_be_hidden()  # the places, ticked by default, keep to the rank order

    box("人选3").check()  # the first three: still the rank order, over the places
    expect(warning).to_be_hidden()
    box("人选2").uncheck()  # 人选1 and 人选3: past the rank order
    expect(warning).to_be_visible()
    expect(warning).to_have_text("所选名单与排名顺序不一致，须写明理由。")
    expect(reason).to_have_attribute("aria-describedby", "choice-departs")

    box("人选3").uncheck()  # 人选1 alone: the first of the rank order
    expect(warning).to_be_hidden()
    expect(reason).not_to_have_attribute("aria-describedby", "choice-departs")

    box("人选1").uncheck()
    box("人选2").check()  # 人选2 alone: 人选1 left out
    expect(warning).to_be_visible()
    box("人选1").check()
    expect(warning).to_be_hidden()
