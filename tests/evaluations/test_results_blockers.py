"""On deadline the admin traces what holds the results back: who still has cards open, with a
way to the committee page where cards are assigned and reviewers listed."""

import re

import pytest
from django.urls import reverse

from evaluations import rules
from tests.factories import UserFactory, card, scores

pytestmark = pytest.mark.django_db


def _open_cards_box(client, campaign) -> str | None:
    """The box naming who holds cards open, as HTML, or None when the page has none."""
    page = client.get(reverse("evaluations:results", args=[campaign.pk]))
    assert page.status_code == 200
    found = re.search(r'<div[^>]*id="open-cards"[^>]*>(.*?)</div>', page.content.decode(), re.S)
    return found and found.group(1)


def _reviewers(box: str) -> list[str]:
    return re.findall(r'<li class="[^"]*open-card-reviewer[^"]*">(.*?)</li>', box)


def _committee_link(box: str) -> str | None:
    found = re.search(r'<a class="[^"]*committee-link[^"]*" href="([^"]+)"', box)
    return found and found.group(1)


def test_the_results_name_who_still_holds_cards_open_and_link_the_committee(
    client, city_admin, review_campaign, make_nomination
):
    first, second = make_nomination(), make_nomination()
    wang = UserFactory(username="wang", full_name="王评委")
    li = UserFactory(username="li", full_name="李评委")
    card(first, wang, scores(20, 20, 20, 20), submitted=False)
    card(second, wang, scores(20, 20, 20, 20), submitted=False)
    card(first, li, scores(20, 20, 20, 20), submitted=False)
    card(second, li, scores(20, 20, 20, 20))  # submitted: not a blocker
    client.force_login(city_admin)

    box = _open_cards_box(client, review_campaign)

    assert _reviewers(box) == ["李评委（1 份）", "王评委（2 份）"]
    assert _committee_link(box) == reverse("evaluations:committee", args=[review_campaign.pk])
    assert wang.username not in box  # names only


def test_the_confirm_question_says_the_open_cards_will_be_taken_back(
    client, city_admin, one_place, make_nomination
):
    first = make_nomination()
    card(first, UserFactory(full_name="王评委"), scores(20, 20, 20, 20))
    card(first, UserFactory(full_name="李评委"), scores(20, 20, 20, 20), submitted=False)
    client.force_login(city_admin)

    page = client.get(reverse("evaluations:results", args=[one_place.pk])).content.decode()

    assert "尚未提交的 1 份评分表将收回。" in page


def test_no_box_once_every_card_is_in(client, city_admin, review_campaign, make_nomination):
    card(make_nomination(), UserFactory(full_name="王评委"), scores(20, 20, 20, 20))
    client.force_login(city_admin)

    assert _open_cards_box(client, review_campaign) is None


def test_the_committee_link_only_for_whoever_may_open_it(
    client, city_admin, review_campaign, make_nomination, monkeypatch
):
    card(make_nomination(), UserFactory(full_name="王评委"), scores(1, 1, 1, 1), submitted=False)
    monkeypatch.setattr(rules, "can_manage_committee", lambda user, campaign, node=None: False)
    client.force_login(city_admin)

    box = _open_cards_box(client, review_campaign)

    assert _reviewers(box) == ["王评委（1 份）"]
    assert _committee_link(box) is None


@pytest.mark.parametrize("count", [1, 3])
def test_the_reviewers_holding_cards_cost_one_query_however_many(
    client, city_admin, review_campaign, make_nomination, panel, count, django_assert_num_queries
):
    nomination = make_nomination()
    for reviewer in panel[:count]:
        card(nomination, reviewer, scores(20, 20, 20, 20), submitted=False)
    client.force_login(city_admin)
    url = reverse("evaluations:results", args=[review_campaign.pk])
    client.get(url)  # the campaign ranked and kept

    # the user, their roles, the campaign, the pool, the cards still open per reviewer
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
