"""A reviewer's session ends while the scoring page is open, in a real browser: the autosave
says so in its status line (not the sign-in page swapped into the card), a form sent to an
address made for POSTs signs in back to the page it was on, and such an address opened directly
is a page with a way back (config.middleware)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from evaluations import services
from members.choices import Role
from tests.factories import CampaignFactory, NominationFactory, user_with_role

from .journey import PASSWORD, Portal

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_session_ended_under_the_scoring_page_says_so_and_signs_in_back(
    browser, live_server, city, city_admin, branch_a2
):
    campaign = CampaignFactory(owner=city, phase="reviewing", quota_value=10)
    reviewer = user_with_role(Role.REVIEWER, city, username="sessrev")
    reviewer.set_password(PASSWORD)
    reviewer.save()
    services.add_reviewer(campaign, reviewer, cap=None, by=city_admin)
    services.ensure_criteria(campaign)
    nomination = NominationFactory(
        campaign=campaign, member__organization=branch_a2, state="eligible"
    )
    services.assign(nomination, reviewer, by=city_admin)
    score = reverse("evaluations:score", args=[nomination.pk])

    page = Portal(browser, live_server.url, artifacts=None).as_("sessrev")
    page.goto(f"{live_server.url}{score}")
    page.context.clear_cookies(name="sessionid")  # the session ends; the CSRF cookie stays

    page.locator("#scorecard input[name^=points_]").first.fill("19")
    page.keyboard.press("Tab")
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("登录已过期，请重新登录（已填内容未保存）。")
    expect(status.get_by_role("link", name="重新登录")).to_have_attribute(
        "href", f"{reverse('login')}?next={score.replace('/', '%2F')}"
    )
    expect(status.locator("form")).to_have_count(0)

    page.locator("summary", has_text="申报回避").click()
    page.fill("#conflict-reason", "与被推荐人是近亲属")
    page.locator("form[action$='/conflict/'] button[type=submit]").click()
    page.wait_for_url("**/accounts/login/**")
    expect(page.locator(".alert")).to_contain_text("登录已过期，请重新登录后再提交")
    page.fill("#id_username", "sessrev")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"**{score}")

    conflict = reverse("evaluations:conflict", args=[nomination.pk])
    response = page.goto(f"{live_server.url}{conflict}")
    assert response.status == 405
    expect(page.locator("main")).to_contain_text("只接收页面上表单的提交")
    page.get_by_role("link", name="返回首页").click()
    page.wait_for_url(f"{live_server.url}/")
