"""A nomination found ineligible tells its secretary why at the top of its page, that its
place may be used for another member while nominating is open, and is listed on their home."""

import pytest
from django.urls import reverse

from selection import workflow
from selection.choices import Phase
from tests.factories import NominationFactory
from tests.selection.test_returned_notice import submitted_then

pytestmark = pytest.mark.django_db

REASON = "入党不满一年。"
FREED = "这份推荐占用的名额已空出：推荐截止前，本支部可以另行推荐其他党员。"


def _ineligible(campaign, branch, secretary, admin, name="杨玉珍"):
    return submitted_then(
        workflow.declare_ineligible, campaign, branch, secretary, admin, reason=REASON, name=name
    )


def test_the_reason_and_the_free_place_are_at_the_top_of_the_page(
    client, campaign, branch_a1, secretary, admin
):
    yang = _ineligible(campaign, branch_a1, secretary, admin)
    client.force_login(secretary)

    html = client.get(reverse("selection:nomination_detail", args=[yang.pk])).content.decode()

    box = html.split('class="alert alert-warning ineligible-reason">', 1)[1].split("</div>")[0]
    assert box == f'资格审查未通过，理由：{REASON}<br><span class="small">{FREED}</span>'
    assert html.index("ineligible-reason") < html.index("主要事迹摘要")


def test_once_nominating_is_over_the_place_is_not_offered(
    client, campaign, branch_a1, secretary, admin
):
    yang = _ineligible(campaign, branch_a1, secretary, admin)
    campaign.phase = Phase.SCREENING
    campaign.save(update_fields=["phase"])
    client.force_login(secretary)

    html = client.get(reverse("selection:nomination_detail", args=[yang.pk])).content.decode()

    assert f"资格审查未通过，理由：{REASON}" in html
    assert FREED not in html


def test_the_home_and_the_dashboard_list_it_until_the_review_begins(
    client, campaign, branch_a1, secretary, admin
):
    yang = _ineligible(campaign, branch_a1, secretary, admin)
    client.force_login(secretary)

    for url in (reverse("home"), reverse("selection:dashboard")):
        html = client.get(url).content.decode()
        box = html.split('class="alert alert-warning ineligible-nominations"', 1)[1]
        box = box.split("</div>", 1)[0]
        assert "1 份推荐资格审查未通过，理由见各推荐页面：" in box
        link = reverse("selection:nomination_detail", args=[yang.pk])
        assert f'<a href="{link}">杨玉珍</a>' in box

    campaign.phase = Phase.REVIEWING
    campaign.save(update_fields=["phase"])
    assert "ineligible-nominations" not in client.get(reverse("home")).content.decode()


def test_another_branch_s_is_not_listed(
    client, campaign, branch_a2, other_secretary, secretary, admin
):
    _ineligible(campaign, branch_a2, other_secretary, admin)
    client.force_login(secretary)

    assert "ineligible-nominations" not in client.get(reverse("home")).content.decode()


def test_a_place_taken_again_since_is_not_offered(client, campaign, branch_a1, secretary, admin):
    campaign.quota_kind, campaign.quota_value = "fixed", 1
    campaign.save(update_fields=["quota_kind", "quota_value"])
    yang = _ineligible(campaign, branch_a1, secretary, admin)
    workflow.submit(
        NominationFactory(campaign=campaign, member__organization=branch_a1), by=secretary
    )
    client.force_login(secretary)

    html = client.get(reverse("selection:nomination_detail", args=[yang.pk])).content.decode()

    assert f"资格审查未通过，理由：{REASON}" in html
    assert FREED not in html
