"""The 推荐 page a secretary opens without choosing a campaign: the newest one taking
nominations in their branches, even when a newer one is already under review."""

import pytest
from django.urls import reverse

from selection.choices import Phase
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def under_review(city):
    """A newer campaign than ``campaign``, already past its nominations."""
    return CampaignFactory(owner=city, title="2026年度专项评选", phase=Phase.REVIEWING)


def _opened(client, **params):
    return client.get(reverse("selection:dashboard"), params).context["campaign"]


def test_a_secretary_s_page_opens_on_the_campaign_taking_nominations(
    client, secretary, campaign, under_review
):
    client.force_login(secretary)

    response = client.get(reverse("selection:dashboard"))

    assert response.context["campaign"] == campaign
    new = reverse("selection:nomination_new") + f"?campaign={campaign.pk}"
    assert f'href="{new}"' in response.content.decode()


def test_of_two_campaigns_taking_nominations_the_newest_is_opened(
    client, secretary, campaign, city, under_review
):
    newer = CampaignFactory(owner=city, title="2026年度补充推荐")
    client.force_login(secretary)

    assert _opened(client) == newer


def test_a_newer_year_under_review_does_not_hide_this_year_s_nominations(
    client, secretary, campaign, city
):
    CampaignFactory(owner=city, year=2027, title="2027年度四好党员选树", phase=Phase.SCREENING)
    client.force_login(secretary)

    assert _opened(client) == campaign


def test_without_a_campaign_taking_nominations_the_newest_is_opened(
    client, secretary, campaign, under_review
):
    campaign.phase = Phase.SCREENING
    campaign.save(update_fields=["phase"])
    client.force_login(secretary)

    assert _opened(client) == under_review


def test_a_secretary_may_still_choose_the_campaign_under_review(
    client, secretary, campaign, under_review
):
    client.force_login(secretary)

    assert _opened(client, campaign=under_review.pk) == under_review


def test_an_admin_s_page_still_opens_on_the_newest_campaign(client, admin, campaign, under_review):
    client.force_login(admin)

    assert _opened(client) == under_review


def test_the_nomination_form_opens_on_the_campaign_the_page_opens_on(
    client, secretary, campaign, city, under_review
):
    """Two campaigns taking nominations in one year: 推荐 and its 新增推荐 without a campaign
    chosen open the same one, the newest."""
    newer = CampaignFactory(owner=city, title="2026年度补充推荐")
    client.force_login(secretary)

    form = client.get(reverse("selection:nomination_new")).context["campaign"]

    assert _opened(client) == form == newer
