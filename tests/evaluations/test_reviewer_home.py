"""A reviewer's home page: the cards an admin sent back to them, and every campaign they score
in, even one their organisation does not reach or one behind three newer campaigns."""

import pytest
from django.urls import reverse

from evaluations import services
from tests.factories import CampaignFactory, NominationFactory, card, scores

pytestmark = pytest.mark.django_db

REASON = "群众评价分与材料不符，请复核"


def _reopened(make_nomination, reviewer, city_admin, count: int):
    cards = [card(make_nomination(), reviewer, scores(20, 20, 20, 20)) for _ in range(count)]
    for each in cards:
        services.reopen_card(each, by=city_admin, reason=REASON)
    return cards


def test_a_reviewer_whose_card_was_reopened_is_told_on_the_home_page(
    client, reviewer, make_nomination, city_admin
):
    (reopened,) = _reopened(make_nomination, reviewer, city_admin, 1)
    client.force_login(reviewer)

    page = client.get(reverse("home")).content.decode()

    assert "1 份评分表被退回重新评分" in page
    score_url = reverse("evaluations:score", args=[reopened.nomination_id])
    assert f'<a href="{score_url}">{reopened.nomination.member.name}</a>' in page
    assert REASON in page


def test_the_notice_goes_once_the_card_is_submitted_again(
    client, reviewer, make_nomination, city_admin
):
    (reopened,) = _reopened(make_nomination, reviewer, city_admin, 1)
    services.submit_card(reopened, by=reviewer)
    client.force_login(reviewer)

    page = client.get(reverse("home")).content.decode()

    assert "被退回重新评分" not in page


def test_other_reviewers_and_other_roles_see_no_such_notice(
    client, reviewer, admin, make_nomination, city_admin
):
    _reopened(make_nomination, reviewer, city_admin, 1)
    client.force_login(admin)

    assert "被退回重新评分" not in client.get(reverse("home")).content.decode()


def test_the_home_lists_every_campaign_the_reviewer_scores_in(
    client, reviewer, review_campaign, city, district_b, make_nomination
):
    """Three newer city campaigns do not push the reviewing one off the list, and a
    campaign of another district (their committee's) is on it too."""
    newer = [
        CampaignFactory(owner=city, year=review_campaign.year + 1, title=f"新活动{i}")
        for i in range(3)
    ]
    card(make_nomination(), reviewer, {}, submitted=False)
    elsewhere = CampaignFactory(owner=district_b, phase="reviewing", title="西区的活动")
    card(NominationFactory(campaign=elsewhere, state="in_review"), reviewer, {}, submitted=False)
    client.force_login(reviewer)

    response = client.get(reverse("home"))

    titles = [c.title for c in response.context["campaigns"]]
    # The campaigns under review (where a reviewer has work) first, then the newest others;
    # the other district's, one of theirs through their card, takes its place among the three.
    assert titles == ["西区的活动", "评审中的活动", newer[2].title]


@pytest.mark.parametrize("count", [1, 3])
def test_the_reviewer_s_home_costs_the_same_for_one_reopened_card_or_three(
    client, reviewer, make_nomination, city_admin, count, django_assert_num_queries
):
    _reopened(make_nomination, reviewer, city_admin, count)
    client.force_login(reviewer)

    # The user, the gallery, their roles, the campaigns in reach, those of their cards, the
    # reminders, the reopened cards.
    with django_assert_num_queries(7):
        page = client.get(reverse("home")).content.decode()

    assert f"{count} 份评分表被退回重新评分" in page
