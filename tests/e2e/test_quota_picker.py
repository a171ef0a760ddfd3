"""Issue 37 item 17 in a real browser: the quota page's organisation picker is grouped by 党委
and a few typed characters narrow it (static/js/app.js; the CSP forbids inline script)."""

from __future__ import annotations

import pytest

from members.choices import OrgKind, Role
from members.services import assign_role
from tests.factories import CampaignFactory, OrganizationFactory, UserFactory

from .journey import PASSWORD

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_an_admin_finds_a_branch_by_typing_part_of_its_name(browser, live_server):
    city = OrganizationFactory(code="JC", name="江城市委", kind=OrgKind.CITY)
    for code, name in (("A", "东湖"), ("B", "西山")):
        committee = OrganizationFactory(
            code=f"{code}01", name=f"{name}党委", kind=OrgKind.COMMITTEE, parent=city
        )
        for n in range(1, 4):
            OrganizationFactory(code=f"{code}01-0{n}", name=f"{name}第{n}支部", parent=committee)
    admin = UserFactory(username="quotaadmin", full_name="名额管理员")
    admin.set_password(PASSWORD)
    admin.save()
    assign_role(admin, Role.ADMIN, city)
    campaign = CampaignFactory(owner=city, phase="nominating")

    page = browser.new_context(locale="zh-CN").new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "quotaadmin")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/edit/")
    groups = page.eval_on_selector_all("#id_organization optgroup", "gs => gs.map(g => g.label)")
    page.fill("#organization-filter", "西山第2")
    visible = page.eval_on_selector_all(
        "#id_organization option", "os => os.filter(o => !o.hidden && o.value).map(o => o.text)"
    )
    chosen = page.eval_on_selector("#id_organization", "s => s.options[s.selectedIndex].text")

    assert "东湖党委" in groups and "西山党委" in groups
    assert [text.strip("\u3000") for text in visible] == ["西山第2支部"]
    assert chosen.strip("\u3000") == "西山第2支部"
