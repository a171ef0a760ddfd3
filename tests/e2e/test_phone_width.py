"""Issue 37 item 14: staff pages used on a phone do not scroll sideways. The campaign picker
(two campaigns with long titles) made /nominations/ 496 px and /nominations/screening/ 432 px
wide at a 375 px viewport."""

from __future__ import annotations

import pytest

from members.choices import OrgKind, Role
from members.services import assign_role
from tests.factories import CampaignFactory, OrganizationFactory, UserFactory

from .test_journey import PASSWORD

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
