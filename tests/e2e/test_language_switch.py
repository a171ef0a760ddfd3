"""Switching the language brings the user back to where they were. A visitor who narrowed the
gallery keeps what they chose: the page is shared from the cache, so its footer form carries
the path only, and the script takes the query string from the address bar."""

from __future__ import annotations

import pytest

from members.choices import OrgKind, Role
from members.services import assign_role
from tests.factories import CampaignFactory, OrganizationFactory, UserFactory

from .test_phone_width import signed_in

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


def test_an_admin_switching_language_on_a_refused_form_stays_on_its_page(browser, live_server):
    """The criteria do not add up to 100: the committee page comes back at the form's own
    address, which takes only the form. Switching to English there brings the admin back to
    the committee page, not to a 405."""
    city = OrganizationFactory(code="JC", name="江城市委", kind=OrgKind.CITY)
    admin = UserFactory(username="switchadmin", full_name="切换管理员")
    assign_role(admin, Role.ADMIN, city)
    campaign = CampaignFactory(owner=city, phase="reviewing")
    page = signed_in(browser, live_server, admin, viewport={"width": 1280, "height": 900})
    committee = f"{live_server.url}/campaigns/{campaign.pk}/review/"
    page.goto(committee)

    page.locator("input[name$='max_points']").first.fill("99")
    with page.expect_navigation():
        page.get_by_role("button", name="保存评分项").click()
    refused_at = page.url
    with page.expect_navigation():
        page.select_option("#language-select", "en")

    assert refused_at.endswith("/review/criteria/")
    assert page.url == committee
    assert page.locator("html").get_attribute("lang") == "en"
    page.context.close()
