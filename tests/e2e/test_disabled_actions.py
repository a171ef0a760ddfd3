"""In a real browser, what cannot be done yet stays disabled: the script that guards against
double submits re-enables, when the page is shown again, only the buttons it disabled itself
(static/js/app.js), not those the page was served disabled with their reason beside them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from members.choices import Role
from selection import notice
from selection.choices import Phase, State
from tests.factories import CampaignFactory, NominationFactory, user_with_role

from .journey import PASSWORD, Portal

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_during_the_notice_confirming_and_ending_stay_disabled_after_going_back(
    browser, live_server, city, branch_a1
):
    admin = user_with_role(Role.ADMIN, city, username="noticeadmin")
    admin.set_password(PASSWORD)
    admin.save()
    campaign = CampaignFactory(owner=city, phase=Phase.REVIEWING)
    NominationFactory(campaign=campaign, member__organization=branch_a1, state=State.SHORTLISTED)
    notice.open_notice(
        campaign, starts_on=datetime.date.today(), working_days=5, contact="组织部", by=admin
    )

    page = Portal(browser, live_server.url, artifacts=None).as_("noticeadmin")
    page.goto(f"{live_server.url}{reverse('selection:notice_manage', args=[campaign.pk])}")
    confirm = page.get_by_role("button", name="确认公示结果（无未决异议者通过）")
    end = page.get_by_role("button", name="结束活动", exact=True)

    expect(confirm).to_be_disabled()
    expect(end).to_be_disabled()
    expect(page.locator("#approval-blocker")).to_have_text("公示期结束后才能确认公示结果。")

    page.get_by_role("link", name="查看公示页面").click()
    page.go_back()
    expect(confirm).to_be_disabled()
    expect(end).to_be_disabled()
