"""In a real browser, what cannot be done yet stays disabled: the script that guards against
double submits re-enables, when the page is shown again, only the buttons it disabled itself
(static/js/app.js), not those the page was served disabled with their reason beside them. A
bulk action with nothing ticked says so, rather than asking whether to go on."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from members.choices import Role
from selection import notice, workflow
from selection.choices import Phase, State
from tests.factories import (
    AssessmentFactory,
    CampaignFactory,
    MemberFactory,
    NominationFactory,
    user_with_role,
)

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


def test_the_bulk_screening_says_to_tick_first_rather_than_asking_to_go_on(
    browser, live_server, city, branch_a1, secretary, integrity_officer
):
    """A row can be ticked, none is: the bulk button says to tick one, and asks nothing."""
    admin = user_with_role(Role.ADMIN, city, username="screenadmin")
    admin.set_password(PASSWORD)
    admin.save()
    member = MemberFactory(organization=branch_a1, name="赵六")
    AssessmentFactory(member=member, year=2025, grade="excellent")
    nomination = NominationFactory(
        campaign=CampaignFactory(owner=city), member=member, created_by=secretary
    )
    workflow.submit(nomination, by=secretary)
    workflow.give_integrity_opinion(nomination, by=integrity_officer, verdict="pass")

    page = Portal(browser, live_server.url, artifacts=None).as_("screenadmin")
    page.goto(f"{live_server.url}{reverse('selection:screening_queue')}")
    dialogs = []

    def answer(dialog):
        dialogs.append((dialog.type, dialog.message))
        dialog.accept()

    page.on("dialog", answer)
    page.get_by_role("button", name="所勾选的推荐资格审查通过").click()

    expect(page.locator(f"input[name=nominations][value='{nomination.pk}']")).not_to_be_checked()
    assert dialogs == [("alert", "请至少勾选一条。")]
    assert page.url.endswith(reverse("selection:screening_queue"))
