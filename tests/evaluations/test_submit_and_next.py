"""A reviewer with many cards scores them one after another: 提交并评下一份 submits the card and
opens the next one to fill in, in the queue's order (cards to do first, the newest nominations
first), skipping what is submitted or no longer in review; 提交评分 still goes back to the
queue."""

import pytest
from django.urls import reverse

from evaluations import services
from tests.evaluations.test_review_views import _post_scores
from tests.factories import CampaignFactory, NominationFactory, scores

pytestmark = pytest.mark.django_db


def _submit(client, card_, action):
    url = reverse("evaluations:score", args=[card_.nomination_id])
    return client.post(url, _post_scores(card_, scores(20, 20, 20, 20), action=action))


def _queue_of(card_):
    return f"{reverse('evaluations:queue')}?campaign={card_.nomination.campaign_id}"


def _messages(client):
    return [str(m) for m in client.get(reverse("evaluations:queue")).context["messages"]]


def test_submit_and_next_opens_the_next_card_of_the_queue(client, reviewer, three_cards):
    oldest, middle, newest = three_cards
    client.force_login(reviewer)

    first = _submit(client, newest, "submit_next")
    second = _submit(client, middle, "submit_next")

    assert first.url == reverse("evaluations:score", args=[middle.nomination_id])
    assert second.url == reverse("evaluations:score", args=[oldest.nomination_id])
    newest.refresh_from_db()
    assert newest.state == "submitted"


def test_a_card_submitted_or_out_of_review_is_skipped(client, reviewer, three_cards):
    oldest, middle, newest = three_cards
    client.force_login(reviewer)
    _submit(client, middle, "submit")
    oldest.nomination.state = "ineligible"
    oldest.nomination.save(update_fields=["state"])

    last = _submit(client, newest, "submit_next")

    assert last.url == _queue_of(newest)
    assert _messages(client)[-1] == "评分表已提交。您没有待评分的评分表了。"


def test_submit_alone_still_goes_back_to_the_queue(client, reviewer, three_cards):
    client.force_login(reviewer)

    response = _submit(client, three_cards[2], "submit")

    assert response.url == _queue_of(three_cards[2])


def test_the_scorecard_offers_both_buttons(client, reviewer, three_cards):
    client.force_login(reviewer)

    page = client.get(reverse("evaluations:score", args=[three_cards[0].nomination_id]))

    html = page.content.decode()
    assert 'value="submit"' in html and 'value="submit_next"' in html
    assert "提交并评下一份" in html


def test_an_incomplete_card_submitted_with_next_stays_on_its_page(client, reviewer, three_cards):
    card_ = three_cards[2]
    client.force_login(reviewer)
    url = reverse("evaluations:score", args=[card_.nomination_id])

    response = client.post(url, _post_scores(card_, {"political": 20}, action="submit_next"))

    assert response.status_code == 400
    card_.refresh_from_db()
    assert card_.state != "submitted"


def test_submitting_the_last_card_of_one_campaign_returns_to_that_campaigns_list(
    client, reviewer, city, city_admin, branch_a2, three_cards
):
    # Another campaign in review still has a card to do: the queue alone opens on it.
    other = CampaignFactory(owner=city, phase="reviewing", title="另一个评审中的活动")
    services.add_reviewer(other, reviewer, cap=None, by=city_admin)
    services.ensure_criteria(other)
    waiting = services.assign(
        NominationFactory(campaign=other, member__organization=branch_a2, state="eligible"),
        reviewer,
        by=city_admin,
    )
    client.force_login(reviewer)
    for card_ in three_cards[:2]:
        _submit(client, card_, "submit")

    response = client.post(
        reverse("evaluations:score", args=[three_cards[2].nomination_id]),
        _post_scores(three_cards[2], scores(20, 20, 20, 20), action="submit"),
        follow=True,
    )

    assert response.context["campaign"].pk == three_cards[2].nomination.campaign_id
    assert client.get(reverse("evaluations:queue")).context["campaign"].pk == other.pk
    assert waiting.state != "submitted"
