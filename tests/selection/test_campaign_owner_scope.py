"""A campaign is managed only from its owner or above: an admin of a 党委 sees the city's
campaigns (their branches nominate into them) but may not edit them, nor create one owned
outside their subtree, and is not offered a link they cannot use."""

import pytest
from django.urls import reverse

from members.choices import Role
from selection import services
from selection.errors import SelectionError
from selection.models import Campaign
from tests.factories import CampaignFactory, user_with_role

pytestmark = pytest.mark.django_db

FORM = {
    "year": 2027,
    "quota_kind": "fixed",
    "quota_value": "2",
    "exemplar_count": 2,
    "reference_date": "2027-11-01",
    "min_party_years": 1,
    "discipline_lookback_years": 2,
    "min_assessment_grade": "competent",
    "min_reviewers": 3,
    "public_weight": "0.5",
    "min_satisfaction": "0.8",
    "min_responses": 0,
    "spread_threshold": "8",
}


@pytest.fixture
def dangwei(committee_a):
    """组织部管理员 of 东区机关党委 (the demo's ``dangwei``)."""
    return user_with_role(Role.ADMIN, committee_a, username="dangwei_t")


@pytest.fixture
def city_campaign(city):
    return CampaignFactory(owner=city, title="全市活动", phase="draft")


def test_a_committee_admin_posting_the_edit_form_of_a_city_campaign_changes_nothing(
    client, dangwei, city_campaign, committee_a
):
    client.force_login(dangwei)

    response = client.post(
        reverse("selection:campaign_edit", args=[city_campaign.pk]),
        {**FORM, "title": "改过的活动", "owner": committee_a.pk},
    )

    assert response.status_code in (403, 404)
    city_campaign.refresh_from_db()
    assert (city_campaign.title, city_campaign.owner_id) == ("全市活动", city_campaign.owner_id)
    assert city_campaign.owner.kind == "city"


def test_the_service_refuses_moving_a_campaign_from_above_into_ones_own_subtree(
    dangwei, city_campaign, committee_a, city
):
    city_campaign.owner = committee_a  # as a form bound to the campaign would set it
    city_campaign.title = "改过的活动"

    with pytest.raises(SelectionError) as refused:
        services.save_campaign(city_campaign, by=dangwei)

    assert refused.value.status == 403
    stored = Campaign.objects.get(pk=city_campaign.pk)
    assert (stored.title, stored.owner_id) == ("全市活动", city.pk)


def test_a_committee_admin_cannot_create_a_campaign_owned_by_the_city(client, dangwei, city):
    client.force_login(dangwei)

    response = client.post(
        reverse("selection:campaign_new"), {**FORM, "title": "越级活动", "owner": city.pk}
    )

    assert response.status_code in (200, 403)  # the form names the owner it cannot take
    assert not Campaign.objects.filter(title="越级活动").exists()


def test_a_committee_admin_creates_one_of_their_own(client, dangwei, committee_a):
    client.force_login(dangwei)

    response = client.post(
        reverse("selection:campaign_new"), {**FORM, "title": "本级活动", "owner": committee_a.pk}
    )

    assert response.status_code == 302
    assert Campaign.objects.get(title="本级活动").owner == committee_a


def test_the_list_offers_edit_links_only_for_campaigns_the_admin_manages(
    client, dangwei, city_campaign, committee_a
):
    own = CampaignFactory(owner=committee_a, title="本级活动")
    city_campaign.phase = "nominating"  # opened: listed below the city from now on
    city_campaign.save()
    client.force_login(dangwei)

    page = client.get(reverse("selection:campaign_list")).content.decode()

    assert reverse("selection:campaign_edit", args=[own.pk]) in page
    assert reverse("selection:campaign_edit", args=[city_campaign.pk]) not in page
    assert "全市活动" in page  # still listed: its branches nominate into it
    assert reverse("selection:campaign_new") in page  # they may create one of their own


def test_the_city_s_campaign_in_preparation_is_not_listed_below_the_city(
    client, dangwei, city_campaign, committee_a
):
    own = CampaignFactory(owner=committee_a, title="本级活动", phase="draft")
    client.force_login(dangwei)

    page = client.get(reverse("selection:campaign_list")).content.decode()

    assert "本级活动" in page  # their own, in preparation
    assert "全市活动" not in page  # the city's settings may still change: not theirs to see
    assert reverse("selection:campaign_edit", args=[own.pk]) in page


def test_the_owner_list_reads_as_a_tree_from_the_admin_s_own_organisation(
    client, dangwei, committee_a, branch_a1
):
    client.force_login(dangwei)

    form = client.get(reverse("selection:campaign_new")).context["form"]
    labels = [label for _value, label in form.fields["owner"].choices if _value]

    assert labels[0] == committee_a.name  # the top of their subtree, not indented
    assert "\u3000" + branch_a1.name in labels  # a branch one level below it
