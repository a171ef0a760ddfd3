"""A report job's row polls while the job runs; when the session ends under it, in a real
browser, the signed-out line shows in the page's area above the table, the row stays in its
table and the polling stops (config.middleware.SignedOutMiddleware, reports/_job_row.html)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from members.choices import Role
from reports.choices import JobState, Kind
from reports.models import ReportJob
from tests.factories import CampaignFactory, user_with_role

from .journey import PASSWORD, Portal

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_polling_row_signed_out_stops_and_the_page_says_so(browser, live_server, city):
    admin = user_with_role(Role.ADMIN, city, username="polladmin")
    admin.set_password(PASSWORD)
    admin.save()
    campaign = CampaignFactory(owner=city)
    job = ReportJob.objects.create(
        kind=Kind.SUMMARY,
        campaign=campaign,
        organization=city,
        requested_by=admin,
        state=JobState.RUNNING,
        progress=40,
    )
    row_url = reverse("reports:row", args=[job.pk])
    page = Portal(browser, live_server.url, artifacts=None).as_("polladmin")
    page.goto(f"{live_server.url}{reverse('reports:list')}")
    with page.expect_response(lambda r: r.url.endswith(row_url) and r.status == 200):
        pass  # one poll while signed in: the row replaced itself and polls on
    polls = []
    page.on(
        "request", lambda request: polls.append(request) if request.url.endswith(row_url) else None
    )

    page.context.clear_cookies(name="sessionid")

    area = page.locator("#signed-out")
    expect(area).to_contain_text("登录已过期，请重新登录（已填内容未保存）。", timeout=10_000)
    expect(area.get_by_role("link", name="重新登录")).to_be_visible()
    row = page.locator(f"table tbody tr#job-{job.pk}")
    expect(row).to_have_count(1)
    expect(row.locator("progress")).to_have_attribute("value", "40")
    page.wait_for_timeout(5_000)  # two more poll intervals
    assert len(polls) == 1
