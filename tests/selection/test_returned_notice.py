"""The secretary sees at once what was returned to them, and why."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from selection import workflow
from selection.choices import Phase
from tests.factories import NominationFactory

pytestmark = pytest.mark.django_db

REASON = "请补充岗位业绩的事实依据。"


def submitted_then(move, campaign, branch, secretary, admin, *, reason, name="杨玉珍"):
    """A nomination the secretary submitted, then moved by the admin with ``move`` and its
    reason (returned, found ineligible)."""
    nomination = NominationFactory(
        campaign=campaign, member__organization=branch, member__name=name
    )
    workflow.submit(nomination, by=secretary)
    move(nomination, by=admin, reason=reason)
    return nomination


def _returned(campaign, branch, secretary, admin, name="杨玉珍"):
    return submitted_then(
        workflow.return_for_revision, campaign, branch, secretary, admin, reason=REASON, name=name
    )


def test_the_secretary_s_home_and_dashboard_list_what_was_returned(
    client, campaign, branch_a1, secretary, admin
):
    yang = _returned(campaign, branch_a1, secretary, admin)
    NominationFactory(campaign=campaign, member__organization=branch_a1)  # a draft: not listed
    client.force_login(secretary)

    for url in (reverse("home"), reverse("selection:dashboard")):
        html = client.get(url).content.decode()
        banner = html.split('class="alert alert-warning returned-nominations"', 1)[1]
        banner = banner.split("</div>", 1)[0]
        assert "1 份推荐被退回修改，请修改后重新提交：" in banner
        link = reverse("selection:nomination_detail", args=[yang.pk])
        assert f'<a href="{link}">杨玉珍</a>' in banner


def test_another_branch_s_returned_nomination_is_not_listed(
    client, campaign, branch_a2, other_secretary, secretary, admin
):
    _returned(campaign, branch_a2, other_secretary, admin)
    client.force_login(secretary)

    assert "returned-nominations" not in client.get(reverse("home")).content.decode()


def test_one_no_longer_open_to_revision_is_not_listed(
    client, campaign, branch_a1, secretary, admin
):
    _returned(campaign, branch_a1, secretary, admin)
    campaign.nominating_deadline = timezone.now() - datetime.timedelta(hours=1)
    campaign.save(update_fields=["nominating_deadline"])
    client.force_login(secretary)

    assert "returned-nominations" not in client.get(reverse("home")).content.decode()


def test_the_detail_page_shows_the_return_reason_at_the_top(
    client, campaign, branch_a1, secretary, admin
):
    yang = _returned(campaign, branch_a1, secretary, admin)
    client.force_login(secretary)

    html = client.get(reverse("selection:nomination_detail", args=[yang.pk])).content.decode()

    top = html.index(f"退回修改理由：{REASON}")
    assert top < html.index("主要事迹摘要")


def test_once_it_can_no_longer_be_fixed_the_reason_is_told_as_what_happened(
    client, campaign, branch_a1, secretary, admin
):
    """Returned, never resubmitted, and the campaign went on to its 公示: the page says it can
    no longer be changed, and the reason no longer asks for a fix nor is it listed as one."""
    yang = _returned(campaign, branch_a1, secretary, admin)
    campaign.phase = Phase.NOTICE
    campaign.save(update_fields=["phase"])
    client.force_login(secretary)

    html = client.get(reverse("selection:nomination_detail", args=[yang.pk])).content.decode()

    assert f"曾退回修改，理由：{REASON}" in html
    assert "退回修改理由" not in html and "alert alert-warning return-reason" not in html
    assert "不能再修改、提交或进入评审" in html
    for url in (reverse("home"), reverse("selection:dashboard")):
        assert "returned-nominations" not in client.get(url).content.decode()


def test_a_resubmitted_nomination_shows_no_return_reason(
    client, campaign, branch_a1, secretary, admin
):
    yang = _returned(campaign, branch_a1, secretary, admin)
    workflow.submit(yang, by=secretary)
    client.force_login(secretary)

    html = client.get(reverse("selection:nomination_detail", args=[yang.pk])).content.decode()

    assert "return-reason" not in html


@pytest.mark.parametrize("count", [1, 3])
def test_the_returned_list_costs_the_same_queries_for_one_or_three(
    client, campaign, branch_a1, secretary, admin, count, django_assert_num_queries
):
    campaign.quota_value = 6
    campaign.save(update_fields=["quota_value"])
    for i in range(count):
        _returned(campaign, branch_a1, secretary, admin, name=f"退回{i}")
        # Those found ineligible are read by the same query (test_ineligible_notice).
        ineligible = NominationFactory(campaign=campaign, member__organization=branch_a1)
        workflow.submit(ineligible, by=secretary)
        workflow.declare_ineligible(ineligible, by=admin, reason="入党不满一年。")
    client.force_login(secretary)

    # The session with the user, campaigns, branches, their nominations, those returned.
    with django_assert_num_queries(6):
        dashboard = client.get(reverse("selection:dashboard"))
    # The user, the gallery, the user's roles, the campaigns, the reminders, those returned.
    with django_assert_num_queries(6):
        home = client.get(reverse("home"))

    for page in (dashboard, home):
        assert f"{count} 份推荐被退回修改" in page.content.decode()
        assert f"{count} 份推荐资格审查未通过" in page.content.decode()
