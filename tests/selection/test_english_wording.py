"""English headings that name what they head: the committee's criteria (four of them), the
reviewer's task list (one campaign a row), the objections' text."""

import pytest
from django.urls import reverse

from selection.choices import Phase, State
from tests.factories import CampaignFactory, NominationFactory, card

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_the_committee_page_heads_its_criteria_and_members_in_the_plural(english, city, city_admin):
    campaign = CampaignFactory(owner=city, phase=Phase.REVIEWING)
    english.force_login(city_admin)

    body = english.get(reverse("evaluations:committee", args=[campaign.pk])).content.decode()

    assert '<h2 class="h5">Criteria</h2>' in body
    assert '<h2 class="h5">Committee members</h2>' in body


def test_the_reviewer_s_task_list_heads_its_campaign_column_in_the_singular(
    english, city, branch_a1, reviewer
):
    nomination = NominationFactory(
        campaign=CampaignFactory(owner=city, phase=Phase.REVIEWING),
        member__organization=branch_a1,
        state=State.IN_REVIEW,
    )
    card(nomination, reviewer, {}, submitted=False)
    english.force_login(reviewer)

    body = english.get(reverse("evaluations:queue")).content.decode()

    assert nomination.member.name in body
    assert "<th>Campaign</th>" in body
    assert "Campaigns</th>" not in body


def test_the_notice_page_heads_the_objections_text_as_the_objection(english, running, city_admin):
    english.force_login(city_admin)

    body = english.get(reverse("selection:notice_manage", args=[running.campaign_id]))

    assert "<th>Objection</th>" in body.content.decode()
    assert "What you report" not in body.content.decode()
