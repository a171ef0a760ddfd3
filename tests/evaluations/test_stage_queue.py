"""逐级推荐: a reviewer who scores a nomination at two stages sees each card once in the queue,
with its stage; the earlier card is marked, and only the current stage's card opens."""

import pytest
from django.urls import reverse

from evaluations.services import confirm_stage
from selection.models import Stage
from tests.factories import NominationFactory, card, scores

pytestmark = pytest.mark.django_db


def scored_at_two_stages(staged, nominations, committee_a, by, judge):
    first, second = (Stage.objects.get(campaign=staged, position=p) for p in (1, 2))
    for nomination in nominations:
        card(nomination, judge, scores(20, 20, 20, 20), stage=None)
    confirm_stage(first, committee_a, [n.pk for n in nominations], by=by, reason="两名均推荐")
    for nomination in nominations:
        card(nomination, judge, scores(20, 20, 20, 20), submitted=False, stage=second)


def test_each_card_shows_once_with_its_stage_and_only_the_latest_opens(
    client, staged, noms, committee_a, admins, reviewer
):
    scored_at_two_stages(staged, [noms["n1"]], committee_a, admins["DQ01"], reviewer)
    client.force_login(reviewer)

    response = client.get(reverse("evaluations:queue"))

    rows = [
        (row.name, row.level_label, row.state, row.superseded)
        for row in response.context["page"].object_list
    ]
    assert rows == [
        ("n1", "区(县)委", "draft", False),
        ("n1", "党(工)委", "submitted", True),
    ]
    html = response.content.decode()
    assert html.count(reverse("evaluations:score", args=[noms["n1"].pk])) == 1
    assert "本级评分已结束：该人选已推荐至上一级，您在上一级的评分表另列一行" in html


def test_the_earlier_card_says_in_english_that_the_nominee_moved_up(
    client, staged, noms, committee_a, admins, reviewer
):
    scored_at_two_stages(staged, [noms["n1"]], committee_a, admins["DQ01"], reviewer)
    client.force_login(reviewer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    html = client.get(reverse("evaluations:queue")).content.decode()

    assert "Scoring at this stage is over: the nominee has moved up to the level above" in html


def test_a_one_stage_campaign_card_shows_no_stage(client, review_campaign, reviewer):
    card(NominationFactory(campaign=review_campaign), reviewer, {}, submitted=False)
    client.force_login(reviewer)

    rows = client.get(reverse("evaluations:queue")).context["page"].object_list

    assert [(row.level_label, row.superseded) for row in rows] == [("", False)]


@pytest.mark.parametrize("count", [1, 3])
def test_the_queue_of_cards_at_two_stages_reads_the_same_number_of_queries(
    client, staged, noms, committee_a, admins, reviewer, count, django_assert_num_queries
):
    picked = [noms["n1"], noms["n2"], noms["n3"]][:count]
    Stage.objects.filter(campaign=staged, position=1).update(quota_value=3)
    scored_at_two_stages(staged, picked, committee_a, admins["DQ01"], reviewer)
    client.force_login(reviewer)
    client.get(reverse("evaluations:queue"))

    # the session, the user with roles, the cards per campaign, the cards taken back, the rows
    with django_assert_num_queries(5):
        response = client.get(reverse("evaluations:queue"))

    assert len(response.context["page"].object_list) == 2 * count
