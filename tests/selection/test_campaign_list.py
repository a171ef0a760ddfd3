"""The admin's list of campaigns (/campaigns/): paged newest first, each campaign with its number
of nominations, kept in the cache under the campaign's generation, so the page costs the same
whatever the number of campaigns and nominations, and never shows a count a write has changed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from members.choices import Role
from members.services import assign_role
from selection import archiving, services
from selection.models import Campaign
from tests.factories import (
    COMPLETE_CONTENT,
    CampaignFactory,
    MemberFactory,
    NominationFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

URL = reverse("selection:campaign_list")


def listed(response) -> dict[str, int]:
    """The page's campaigns, by title, with the number of nominations shown."""
    return {campaign.title: campaign.nomination_count for campaign in response.context["page"]}


@pytest.fixture
def years(city):
    """Twenty-five years of the city's campaigns, 2001 to 2025."""
    return [
        CampaignFactory(owner=city, year=year, title=f"{year}年度选树")
        for year in range(2001, 2026)
    ]


def test_an_admin_with_25_campaigns_sees_the_20_newest_on_page_1_and_the_other_5_on_page_2(
    client, city_admin, years
):
    client.force_login(city_admin)

    first = client.get(URL)
    second = client.get(URL, {"page": 2})

    assert list(listed(first)) == [f"{year}年度选树" for year in range(2025, 2005, -1)]
    assert list(listed(second)) == [f"{year}年度选树" for year in range(2005, 2000, -1)]
    assert "第 1 / 2 页" in first.content.decode()
    assert 'href="?page=2"' in first.content.decode()


@pytest.mark.parametrize(
    ("number", "shown"),
    [("abc", 1), ("", 1), ("1.5", 1), ("0", 2), ("-3", 2), ("99999999999999999999999", 2)],
)
def test_a_bad_page_number_gives_the_first_or_the_last_page(
    client, city_admin, years, number, shown
):
    client.force_login(city_admin)

    response = client.get(URL, {"page": number})

    assert response.status_code == 200
    assert response.context["page"].number == shown


def test_a_secretarys_new_nomination_counts_on_the_admins_next_view_of_the_list(
    client, city_admin, secretary, campaign, branch_a1
):
    client.force_login(city_admin)
    before = listed(client.get(URL))  # now kept in the cache
    member = MemberFactory(organization=branch_a1)

    services.create_nomination(
        campaign=campaign, member=member, by=secretary, data=COMPLETE_CONTENT
    )

    assert before == {campaign.title: 0}
    assert listed(client.get(URL)) == {campaign.title: 1}


def test_the_kept_count_is_served_until_the_campaigns_generation_moves_on(
    client, city_admin, campaign, branch_a1
):
    client.force_login(city_admin)
    client.get(URL)
    NominationFactory(campaign=campaign, member__organization=branch_a1)  # no service: no bump

    kept = listed(client.get(URL))
    Campaign.generation(campaign.pk).bump()
    counted = listed(client.get(URL))

    assert kept == {campaign.title: 0}
    assert counted == {campaign.title: 1}


def test_deleting_the_unselected_nominations_of_an_archived_year_lowers_its_count(
    client, city_admin, city, branch_a1
):
    year = CampaignFactory(owner=city, phase="concluded", title="2025年度选树", year=2025)
    NominationFactory(campaign=year, member__organization=branch_a1, state="ineligible")
    NominationFactory(campaign=year, member__organization=branch_a1, state="approved")
    Campaign.objects.filter(pk=year.pk).update(archived_at=timezone.now())
    client.force_login(city_admin)
    before = listed(client.get(URL))

    archiving.delete_unselected(Campaign.objects.get(pk=year.pk))

    assert before == {"2025年度选树": 2}
    assert listed(client.get(URL)) == {"2025年度选树": 1}


def test_an_archived_campaign_is_marked_with_a_link_to_its_archive(client, city_admin, city):
    archived = CampaignFactory(owner=city, phase="concluded", archived_at=timezone.now())
    CampaignFactory(owner=city, phase="concluded")
    client.force_login(city_admin)

    body = client.get(URL).content.decode()

    archive = reverse("archives:campaign", args=[archived.pk])
    assert body.count("已归档</a>") == 1
    assert f'<a class="badge text-bg-secondary campaign-archived" href="{archive}">' in body


def test_a_committee_admin_counts_the_nominations_of_their_committee_as_the_linked_list_does(
    client, city_admin, city, committee_a, branch_a1, branch_a2, branch_b1
):
    """A 党总支/党委 admin sees the city's campaign listed; its count is that of the list it
    links to (their own branches' nominations), not the campaign's, whoever viewed it first."""
    campaign = CampaignFactory(owner=city, title="全市选树")
    for branch in (branch_a1, branch_a2, branch_b1, branch_b1):
        NominationFactory(campaign=campaign, member__organization=branch)
    committee_admin = user_with_role(Role.ADMIN, committee_a, username="admin_committee")
    client.force_login(city_admin)
    whole_city = listed(client.get(URL))  # the city's count now kept in the cache

    client.force_login(committee_admin)
    own = listed(client.get(URL))
    linked = client.get(reverse("selection:dashboard"), {"campaign": campaign.pk})

    assert whole_city == {"全市选树": 4}
    assert own == {"全市选树": 2}
    assert sum(linked.context["counts"].values()) == 2
    assert f'?campaign={campaign.pk}">2</a>' in client.get(URL).content.decode()


def test_an_admin_who_is_also_an_integrity_officer_sees_the_count_change_with_the_phase(
    client, city_admin, city, committee_a, district_b, branch_b1
):
    """An integrity officer sees a campaign's nominations while it is under eligibility review
    only: once it moves on, the kept count goes with the phase, as the linked list does."""
    campaign = CampaignFactory(owner=city, title="全市选树", phase="screening")
    for _ in range(2):
        NominationFactory(campaign=campaign, member__organization=branch_b1, state="submitted")
    both = user_with_role(Role.ADMIN, committee_a, username="both")
    assign_role(both, Role.INTEGRITY, district_b)
    client.force_login(both)
    assert listed(client.get(URL)) == {"全市选树": 2}

    services.set_phase(campaign, "reviewing", by=city_admin)

    linked = client.get(reverse("selection:dashboard"), {"campaign": campaign.pk})
    assert (
        listed(client.get(URL))
        == {"全市选树": sum(linked.context["counts"].values())}
        == {"全市选树": 0}
    )


@pytest.mark.parametrize("viewer", ["city_admin", "admin"])  # the whole city; a district
@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(("warm", "queries"), [(False, 5), (True, 4)])
def test_the_lists_query_count_does_not_grow_with_campaigns_or_nominations(
    client, viewer, city, branch_a1, count, warm, queries, django_assert_num_queries, request
):
    for number in range(count):
        # the first archived: its 已归档 marker is read with the list
        campaign = CampaignFactory(owner=city, archived_at=timezone.now() if number == 0 else None)
        for _ in range(number + 1):
            NominationFactory(campaign=campaign, member__organization=branch_a1)
    client.force_login(request.getfixturevalue(viewer))
    if warm:
        client.get(URL)  # the counts are kept

    with django_assert_num_queries(queries):
        assert client.get(URL).status_code == 200
