"""The lists the archive adds cost the same number of queries whatever their length: the
revocations on the public notice page, and the archive page's documents and revocations."""

import pytest
from django.urls import reverse

from selection import revocations
from selection.choices import Phase, State
from tests.factories import CampaignFactory, NominationFactory, archived_campaign

pytestmark = pytest.mark.django_db


def revoked(campaign, branch, by, count):
    for index in range(count):
        nomination = NominationFactory(
            campaign=campaign, member__organization=branch, state=State.APPROVED
        )
        revocations.revoke_honour(
            nomination, reason="受到处分。", document=f"江组字〔2027〕{index}号", by=by
        )


@pytest.mark.parametrize("count", [1, 3])
def test_the_notice_page_s_revocations_cost_the_same_queries_at_1_and_3(
    client, city, branch_a1, city_admin, django_assert_num_queries, count
):
    revoked(CampaignFactory(owner=city, phase=Phase.CONCLUDED), branch_a1, city_admin, count)
    client.get(reverse("public:notice_list"))  # the publicised stages' lists, kept in the cache

    with django_assert_num_queries(2):
        response = client.get(reverse("public:notice_list"))

    assert response.content.decode().count("江组字") == count


@pytest.mark.parametrize("count", [1, 3])
def test_the_archive_page_costs_the_same_queries_at_1_and_3_revocations(
    client, city, branch_a1, city_admin, django_assert_num_queries, count
):
    campaign = archived_campaign(city, city_admin)
    revoked(campaign, branch_a1, city_admin, count)
    client.force_login(city_admin)

    with django_assert_num_queries(7):
        response = client.get(reverse("archives:campaign", args=[campaign.pk]))

    assert response.content.decode().count("江组字") == count
