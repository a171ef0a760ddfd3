"""The home page's campaigns: those in which the user has something to do now come first, then
the newest others. A secretary of a 党委 with a concluded campaign, two newer ones being
prepared and an older one open for nominations sees the one they have to act on, not only
the first three. A campaign in preparation (筹备) is shown to its admins only: nobody else has
anything to do in it before it opens, and its settings may still change."""

import pytest
from django.urls import reverse

from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_campaigns(city):
    """Oldest to newest: one open for nominations, one screening, one concluded, two in
    preparation."""
    return [
        CampaignFactory(owner=city, year=2024, phase=phase, title=title)
        for phase, title in [
            ("nominating", "正在推荐"),
            ("screening", "资格审查中"),
            ("concluded", "已结束"),
            ("draft", "筹备中甲"),
            ("draft", "筹备中乙"),
        ]
    ]


def _titles(client, user) -> list[str]:
    client.force_login(user)
    return [c.title for c in client.get(reverse("home")).context["campaigns"]]


def test_a_secretary_sees_the_campaign_open_for_nominations_first(
    client, secretary, year_of_campaigns
):
    assert _titles(client, secretary) == ["正在推荐", "已结束", "资格审查中"]


def test_the_campaign_s_admin_sees_those_in_preparation_first(
    client, city_admin, year_of_campaigns
):
    assert _titles(client, city_admin) == ["筹备中乙", "筹备中甲", "资格审查中"]


def test_the_integrity_officer_sees_the_campaigns_awaiting_opinions_first(
    client, integrity_officer, year_of_campaigns
):
    # An integrity officer sees only the campaigns under eligibility review anyway.
    assert _titles(client, integrity_officer) == ["资格审查中", "正在推荐"]


def test_an_admin_below_the_owner_sees_the_running_campaigns_before_a_concluded_one(
    client, admin, year_of_campaigns
):
    # The city's campaigns in preparation are the city admins' until they open.
    assert _titles(client, admin) == ["资格审查中", "正在推荐", "已结束"]


def test_an_auditor_sees_no_campaign_on_the_home_page(client, auditor, year_of_campaigns):
    # The audit trail is all an auditor sees (DESIGN.md §1).
    assert _titles(client, auditor) == []


@pytest.mark.parametrize("count", [1, 3])
def test_the_secretary_s_home_costs_the_same_for_one_open_campaign_or_three(
    client, city, secretary, count, django_assert_num_queries
):
    CampaignFactory(owner=city, phase="concluded", title="已结束")
    for i in range(count):
        CampaignFactory(owner=city, year=2025, phase="nominating", title=f"推荐中{i}")
    client.force_login(secretary)

    # The user, the gallery, the user's roles, the campaigns, the reminders, those returned.
    with django_assert_num_queries(6):
        response = client.get(reverse("home"))

    titles = [c.title for c in response.context["campaigns"]]
    assert titles == [f"推荐中{i}" for i in reversed(range(count))] + ["已结束"][: 3 - count]


@pytest.mark.parametrize("count", [1, 8])
def test_an_admin_s_home_leads_to_every_campaign_past_the_first_three(
    client, city, city_admin, count, django_assert_num_queries
):
    for i in range(count):
        CampaignFactory(owner=city, year=2020 + i, phase="concluded", title=f"已结束{i}")
    client.force_login(city_admin)

    # The user, the gallery, the user's roles, the campaigns, the reminders: the link costs none.
    with django_assert_num_queries(5):
        response = client.get(reverse("home"))

    assert len(response.context["campaigns"]) == min(count, 3)
    link = f'<a href="{reverse("selection:campaign_list")}">全部评选活动</a>'
    assert link in response.content.decode()


def test_a_secretary_s_home_has_no_link_to_the_admins_campaign_list(
    client, secretary, year_of_campaigns
):
    client.force_login(secretary)

    page = client.get(reverse("home")).content.decode()

    assert reverse("selection:campaign_list") not in page
