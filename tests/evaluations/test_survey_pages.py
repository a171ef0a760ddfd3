"""The 民主测评 pages a branch secretary works with: the rule they must meet before they issue
codes, and a sheet whose slips say whom and what they are about."""

import pytest
from django.urls import reverse

from evaluations import services
from tests.factories import NominationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nomination(review_campaign, branch_a1):
    return NominationFactory(
        campaign=review_campaign,
        member__organization=branch_a1,
        member__name="周明",
        state="in_review",
    )


def test_the_survey_page_says_how_many_answers_make_the_quorum(client, secretary, nomination):
    client.force_login(secretary)
    url = reverse("evaluations:survey", args=[nomination.pk])

    before = client.get(url).content.decode()
    services.issue_codes(nomination, 30, by=secretary)
    after = client.get(url).content.decode()

    least = nomination.campaign.min_responses
    assert f"收回的测评表不少于 {least} 份、且不少于发放数的三分之二" in before
    assert "需收回" not in before  # nothing issued yet
    assert "按已发放的数量，需收回 20 份。" in after  # ⅔ of 30


def test_each_slip_names_the_nominee_and_the_campaign_and_the_sheet_leads_back(
    client, secretary, nomination
):
    services.issue_codes(nomination, 3, by=secretary)
    client.force_login(secretary)

    sheet = client.get(reverse("evaluations:survey_sheet", args=[nomination.pk])).content.decode()

    assert sheet.count("对 周明 的民主测评") == 3
    assert sheet.count(nomination.campaign.title) >= 3
    assert reverse("evaluations:survey", args=[nomination.pk]) in sheet
