"""A campaign whose cards were all taken back from the reviewer (the organisation department's
×, a confirmed shortlist, a veto) is no longer among their campaigns: the queue says what
became of it and why, rather than leave no trace or show another campaign in its place."""

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.choices import WithdrawalReason
from evaluations.models import Scorecard
from members.choices import Role
from tests.factories import CampaignFactory, NominationFactory, card, scores, user_with_role

pytestmark = pytest.mark.django_db

QUEUE = reverse("evaluations:queue")
TOLD = "您在《评审中的活动》中的评分表已全部收回（3 份），该评选活动不再列在这里。"


@pytest.fixture
def elsewhere(reviewer, city, branch_a2):
    """The reviewer's card in another campaign, which the queue opens on once the campaign in
    review has none of theirs left."""
    campaign = CampaignFactory(owner=city, phase="concluded", year=2025, title="2025年度选树")
    return card(
        NominationFactory(campaign=campaign, member__organization=branch_a2, member__name="去年"),
        reviewer,
        scores(20, 20, 20, 20),
    )


def test_a_campaign_asked_for_after_its_cards_were_taken_back_says_so_and_why(
    client, reviewer, city_admin, review_campaign, three_cards, elsewhere
):
    for taken in three_cards:
        services.unassign(taken, by=city_admin)
    client.force_login(reviewer)

    response = client.get(QUEUE, {"campaign": review_campaign.pk})

    html = response.content.decode()
    assert response.context["campaign"].pk == elsewhere.nomination.campaign_id
    assert TOLD in html
    assert "<li>组织部门收回：3 份</li>" in html


def test_each_reason_is_counted_apart_the_most_first(
    client, reviewer, city_admin, review_campaign, three_cards
):
    services.unassign(three_cards[0], by=city_admin)
    services.withdraw_open_cards(
        Scorecard.objects.filter(pk__in=[c.pk for c in three_cards[1:]]),
        reason=WithdrawalReason.NOT_SELECTED,
    )
    client.force_login(reviewer)

    html = client.get(QUEUE).content.decode()

    assert TOLD in html and "没有评审任务。" in html
    assert "<li>未入选：2 份</li><li>组织部门收回：1 份</li>" in html


def test_a_campaign_with_a_card_left_is_listed_not_told(
    client, reviewer, city_admin, review_campaign, three_cards
):
    for taken in three_cards[1:]:
        services.unassign(taken, by=city_admin)
    client.force_login(reviewer)

    response = client.get(QUEUE)

    assert response.context["campaign"].pk == review_campaign.pk
    assert response.context["withdrawn_campaigns"] == []
    assert "queue-withdrawn" not in response.content.decode()


def test_nothing_is_told_of_another_reviewer_s_cards_or_an_archived_campaign(
    client, reviewer, city_admin, review_campaign, three_cards, district_b
):
    for taken in three_cards:
        services.unassign(taken, by=city_admin)
    client.force_login(user_with_role(Role.REVIEWER, district_b, username="rev_b"))

    assert "queue-withdrawn" not in client.get(QUEUE).content.decode()

    review_campaign.archived_at = review_campaign.created_at
    review_campaign.save(update_fields=["archived_at"])
    client.force_login(reviewer)

    assert "queue-withdrawn" not in client.get(QUEUE).content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_the_queue_reads_the_same_queries_for_1_and_3_campaigns_taken_back(
    client, reviewer, city, branch_a2, count, django_assert_num_queries
):
    campaigns = [
        CampaignFactory(owner=city, phase="reviewing", year=2020 + i) for i in range(count)
    ]
    taken = [
        card(
            NominationFactory(campaign=c, member__organization=branch_a2),
            reviewer,
            {},
            submitted=False,
        ).pk
        for c in campaigns
        for _ in range(count)
    ]
    services.withdraw_open_cards(Scorecard.objects.filter(pk__in=taken))
    client.force_login(reviewer)
    client.get(QUEUE)  # once per process: SQLite's connection is asked about JSON functions

    # the session, the user with roles, the cards counted per campaign and state, the cards
    # taken back counted per campaign and reason (no page of rows: no campaign is left)
    with django_assert_num_queries(4):
        response = client.get(QUEUE)

    gone = response.context["withdrawn_campaigns"]
    assert [c.total for c in gone] == [count] * count
