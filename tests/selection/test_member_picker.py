"""The member picker of a new nomination: a probationary member is marked where the campaign
requires a full member (the rule 正式党员), read from the rows listed, not a query a row."""

import pytest
from django.urls import reverse

from members.choices import MemberStatus
from tests.factories import CampaignFactory, MemberFactory

pytestmark = pytest.mark.django_db

MARK = '<small class="d-block text-wrap text-warning-emphasis not-full-member">'


def _rows(client, campaign) -> list[str]:
    page = client.get(reverse("selection:nomination_new"), {"campaign": campaign.pk})
    assert page.status_code == 200
    body = page.content.decode()
    return body.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]


def test_a_probationary_member_is_marked_where_the_campaign_requires_a_full_member(
    client, secretary, campaign, branch_a1
):
    MemberFactory(organization=branch_a1, name="正式甲", status=MemberStatus.FULL)
    MemberFactory(organization=branch_a1, name="预备乙", status=MemberStatus.PROBATIONARY)
    client.force_login(secretary)

    rows = _rows(client, campaign)

    assert [("正式甲" in row, MARK in row) for row in rows] == [(True, False), (False, True)]
    assert "本次评选要求正式党员" in rows[1] and "预备党员" in rows[1]


def test_no_mark_where_the_campaign_takes_probationary_members(client, secretary, city, branch_a1):
    open_to_all = CampaignFactory(owner=city, require_full_member=False)
    MemberFactory(organization=branch_a1, status=MemberStatus.PROBATIONARY)
    client.force_login(secretary)

    rows = _rows(client, open_to_all)

    assert len(rows) == 1 and MARK not in rows[0]


def test_the_mark_is_in_english_in_english(client, secretary, campaign, branch_a1):
    MemberFactory(organization=branch_a1, status=MemberStatus.PROBATIONARY)
    client.force_login(secretary)
    client.cookies["django_language"] = "en"

    rows = _rows(client, campaign)

    assert "This campaign requires a full member" in rows[0] and "Choose" in rows[0]


@pytest.mark.parametrize("count", [1, 3])
def test_the_picker_query_count_does_not_grow(
    client, secretary, campaign, branch_a1, count, django_assert_num_queries
):
    for i in range(count):
        status = MemberStatus.PROBATIONARY if i % 2 else MemberStatus.FULL
        MemberFactory(organization=branch_a1, status=status)
    client.force_login(secretary)

    # The user, their roles and branches, the campaigns, the places (the owner, the quota's
    # overrides, the members and nominations a branch counts) and the members listed.
    with django_assert_num_queries(9):
        rows = _rows(client, campaign)

    assert len(rows) == count
