"""A reviewer with cards in two campaigns in review: a card says what is left in its own
campaign and, apart, how many wait in the others (a link to the queue); 提交并评下一份 goes on
in the card's campaign first, then to another campaign's card, saying so. Scores read in one
format (two decimals, none for a whole number) on the card and on the results."""

import pytest
from django.urls import reverse

from evaluations import services
from tests.evaluations.test_scorecard_input import _post as _form
from tests.factories import CampaignFactory, NominationFactory

pytestmark = pytest.mark.django_db

EVERY = {"political": 20, "performance": 20, "public": 20, "integrity": 20}


def _url(card_):
    return reverse("evaluations:score", args=[card_.nomination_id])


@pytest.fixture
def other_cards(city, reviewer, city_admin, branch_a2, three_cards):
    """Two cards of another campaign in review, their nominations newer than the three."""
    other = CampaignFactory(owner=city, phase="reviewing", quota_value=10, title="另一活动")
    services.add_reviewer(other, reviewer, cap=None, by=city_admin)
    services.ensure_criteria(other)
    return [
        services.assign(
            NominationFactory(campaign=other, member__organization=branch_a2, state="eligible"),
            reviewer,
            by=city_admin,
        )
        for _ in range(2)
    ]


def test_a_card_counts_its_campaign_s_cards_and_the_others_apart(
    client, reviewer, three_cards, other_cards
):
    client.force_login(reviewer)
    first = client.get(_url(three_cards[2])).content.decode()
    for card_ in three_cards:
        client.post(_url(card_), _form(card_, EVERY, action="submit"))
    submitted = client.get(_url(three_cards[2])).content.decode()

    assert "本活动还有 2 份待完成（待评分或草稿，不含本份）" in first
    assert "本活动没有其他待完成的评分表" in submitted
    link = f'<a class="cards-elsewhere" href="{reverse("evaluations:queue")}">'
    assert f"{link}其他评选活动还有 2 份待完成</a>" in submitted
    assert "还剩 7" not in submitted and "还剩 4" not in submitted


def test_a_card_without_cards_elsewhere_names_none(client, reviewer, three_cards):
    client.force_login(reviewer)

    page = client.get(_url(three_cards[2])).content.decode()

    assert "本活动还有 2 份待完成（待评分或草稿，不含本份）" in page
    assert "其他评选活动" not in page


def test_submit_and_next_stays_in_the_campaign_then_says_it_leaves_it(
    client, reviewer, three_cards, other_cards
):
    oldest, middle, newest = three_cards
    client.force_login(reviewer)

    to_middle = client.post(_url(newest), _form(newest, EVERY, action="submit_next"))
    client.post(_url(middle), _form(middle, EVERY, action="submit"))
    to_other = client.post(_url(oldest), _form(oldest, EVERY, action="submit_next"), follow=True)

    assert to_middle.url == _url(middle)  # not the other campaign's newer nominations
    assert to_other.redirect_chain[-1][0] == _url(other_cards[1])
    assert "本活动的评分表已全部提交，下面是另一评选活动的评分表。" in to_other.content.decode()


def test_scores_read_in_one_format_on_the_card_and_the_results(
    client, reviewer, city_admin, three_cards
):
    card_ = three_cards[2]
    client.force_login(reviewer)
    typed = {**EVERY, "public": "20.5"}

    open_page = client.get(_url(card_)).content.decode()
    client.post(_url(card_), _form(card_, typed, action="submit"))
    submitted = client.get(_url(card_)).content.decode()
    client.force_login(city_admin)
    results = client.get(
        reverse("evaluations:results", args=[card_.nomination.campaign_id])
    ).content.decode()

    assert "（满分 25）" in open_page
    assert '<dt class="col-sm-4">平均总分</dt><dd class="col-sm-8">80.50</dd>' in submitted
    assert "80.50（0 份高于您，0 份低于您）" in submitted
    assert "<strong>80.50</strong>" in results
    assert "平均 80.50" in results
