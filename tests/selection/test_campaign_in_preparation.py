"""A campaign in preparation (筹备) is its admins' alone: the city's organisation department sets it
up (quotas, dates, rules that may still change) and nobody else has anything to do in it yet. The
branch secretaries, the reviewers, the auditor and the admins below the city find it nowhere —
not on their home page, in a list's picker, in the reports form nor through the API — until it
opens for nominations; then it is everyone's who sees the city's campaigns."""

import pytest
from django.urls import reverse

from reports.forms import ReportRequestForm
from selection import queries, services
from tests.access import token_header
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def preparing(city):
    return CampaignFactory(owner=city, phase="draft", title="2027年度四好党员选树（筹备）")


def _home(client, user) -> list[str]:
    client.force_login(user)
    return [campaign.title for campaign in client.get(reverse("home")).context["campaigns"]]


def _everywhere(client, user) -> dict[str, bool]:
    """Where the user finds the campaign in preparation: their home page, the nominations
    list's picker, the reports form and the API's list of campaigns."""
    title = "2027年度四好党员选树（筹备）"
    client.force_login(user)
    picker = client.get(reverse("selection:dashboard"))
    api = client.get(reverse("api:campaigns"), **token_header(user)).json()
    return {
        "home": title in _home(client, user),
        "picker": title in [c.title for c in picker.context["campaigns"]],
        "reports": title in [c.title for c in ReportRequestForm(user).fields["campaign"].queryset],
        "api": title in [row["title"] for row in api["items"]],
    }


NOWHERE = {"home": False, "picker": False, "reports": False, "api": False}


def test_the_city_admin_finds_the_campaign_they_prepare_everywhere(client, city_admin, preparing):
    assert _everywhere(client, city_admin) == dict.fromkeys(NOWHERE, True)


def test_a_branch_secretary_finds_it_nowhere_before_it_opens(client, secretary, preparing):
    assert _everywhere(client, secretary) == NOWHERE


def test_an_admin_below_the_city_finds_it_nowhere_before_it_opens(client, admin, preparing):
    client.force_login(admin)
    listed = client.get(reverse("selection:campaign_list")).content.decode()

    assert _everywhere(client, admin) == NOWHERE
    assert preparing.title not in listed


@pytest.mark.parametrize("persona", ["reviewer", "integrity_officer", "auditor"])
def test_the_other_roles_do_not_see_it_on_their_home_page(client, request, persona, preparing):
    assert preparing.title not in _home(client, request.getfixturevalue(persona))


def test_once_opened_the_secretary_finds_it_and_may_nominate_in_it(
    client, secretary, city_admin, preparing
):
    services.set_phase(preparing, "nominating", by=city_admin)

    assert _everywhere(client, secretary) == dict.fromkeys(NOWHERE, True)
    assert preparing in queries.nominating_campaigns(secretary)


@pytest.mark.parametrize("count", [1, 3])
def test_the_secretary_s_home_costs_the_same_beside_one_or_three_in_preparation(
    client, city, secretary, count, django_assert_num_queries
):
    CampaignFactory(owner=city, phase="nominating", title="推荐中")
    for i in range(count):
        CampaignFactory(owner=city, year=2027, phase="draft", title=f"筹备中{i}")
    client.force_login(secretary)

    # The user, the gallery, the user's roles, the campaigns, the reminders, those returned.
    with django_assert_num_queries(6):
        response = client.get(reverse("home"))

    assert [c.title for c in response.context["campaigns"]] == ["推荐中"]
