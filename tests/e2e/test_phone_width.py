"""Issue 37 item 14: staff pages used on a phone do not scroll sideways. The campaign picker
(two campaigns with long titles) made /nominations/ 496 px and /nominations/screening/ 432 px
wide at a 375 px viewport."""

from __future__ import annotations

import pytest

from members.choices import OrgKind, Role
from members.services import assign_role
from tests.factories import CampaignFactory, OrganizationFactory, UserFactory

from .journey import PASSWORD

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def test_an_admin_on_a_phone_picks_a_campaign_without_scrolling_sideways(browser, live_server):
    city = OrganizationFactory(code="JC", name="江城市委", kind=OrgKind.CITY)
    admin = UserFactory(username="phoneadmin", full_name="手机管理员")
    admin.set_password(PASSWORD)
    admin.save()
    assign_role(admin, Role.ADMIN, city)
    CampaignFactory(
        owner=city, title="2026年度江城市委系统四好党员选树（第一批推荐）", phase="screening"
    )
    CampaignFactory(
        owner=city, title="2026年度江城市委系统四好党员选树（第二批推荐）", phase="nominating"
    )

    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "phoneadmin")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()

    widths = {}
    for path in ("/nominations/", "/nominations/screening/"):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("#campaign-select").count() == 1, path
        widths[path] = page.evaluate("document.documentElement.scrollWidth")

    assert all(width <= PHONE["width"] for width in widths.values()), widths


def test_an_english_admin_on_a_desktop_sees_every_menu_link_without_scrolling_sideways(
    browser, live_server
):
    """The English menu is longer than the Chinese: at 1280 px it pushed the right-hand links
    (two-step verification, log out) past the edge of the window."""
    city = OrganizationFactory(code="JC", name="江城市委", kind=OrgKind.CITY)
    admin = UserFactory(username="deskadmin", full_name="王建国")
    admin.set_password(PASSWORD)
    admin.save()
    assign_role(admin, Role.ADMIN, city)

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "deskadmin")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    with page.expect_navigation():  # the language switch at the foot submits itself
        page.select_option("footer select[name=language]", "en")
    page.goto(f"{live_server.url}/campaigns/")

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    for link in page.locator("#nav-main .nav-link").all():
        box = link.bounding_box()
        assert box and box["x"] + box["width"] <= 1280, link.inner_text()
    # The account's links sit under the user's name: the bar is two rows at most, not three.
    assert page.locator("nav.navbar").bounding_box()["height"] <= 100
    page.get_by_role("button", name="王建国").click()
    assert page.get_by_role("button", name="Log out").is_visible()
    assert page.get_by_role("link", name="Two-step verification").is_visible()
