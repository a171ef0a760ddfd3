"""A reviewer with many cards scores them one after another: 提交并评下一份 submits the card and
opens the next one not submitted below it in the queue's list (cards not submitted first, 待评分
and 草稿 alike, the newest nominations first), round to its top, skipping what is submitted or
no longer in review; 提交评分 still goes back to the queue."""

import pytest
from django.urls import reverse

from evaluations import services
from tests.evaluations.conftest import assigned_cards
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
    assert _messages(client)[-1] == "评分表已提交。您没有待完成的评分表了。"


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


@pytest.fixture
def five_cards(review_campaign, reviewer, city_admin, branch_a2, three_cards):
    """Five cards of one campaign, oldest first: the three, and two newer ones."""
    return three_cards + assigned_cards(review_campaign, reviewer, city_admin, branch_a2, 2)


def _draft(card_, reviewer):
    services.save_card(card_, by=reviewer, scores={}, veto=None, veto_reason=None)


def _listed(client, card_):
    page = client.get(_queue_of(card_))
    return [row.nomination_id for row in page.context["page"].object_list]


def test_next_goes_down_the_queue_s_list_drafts_included_then_round_to_its_top(
    client, reviewer, five_cards
):
    """The list: cards not submitted first, newest first — 5 (to score), 4 and 3 (drafts), 1
    (to score) — then 2 (submitted). From 5 the next is the draft 4, not a card to score; from
    1, the last, the list goes round to its top, where 4 is now the first not submitted."""
    first, second, third, fourth, fifth = five_cards
    for card_ in (third, fourth):
        _draft(card_, reviewer)
    client.force_login(reviewer)
    _submit(client, second, "submit")

    listed = _listed(client, fifth)
    from_fifth = _submit(client, fifth, "submit_next")
    from_first = _submit(client, first, "submit_next")

    assert listed == [c.nomination_id for c in (fifth, fourth, third, first, second)]
    assert from_fifth.url == reverse("evaluations:score", args=[fourth.nomination_id])
    assert from_first.url == reverse("evaluations:score", args=[fourth.nomination_id])


def test_the_page_counts_drafts_and_cards_to_score_as_the_queue_s_to_do(
    client, reviewer, five_cards
):
    first, _, third, _, fifth = five_cards
    _draft(third, reviewer)
    client.force_login(reviewer)
    _submit(client, first, "submit")

    page = client.get(reverse("evaluations:score", args=[fifth.nomination_id])).content.decode()
    queue = client.get(_queue_of(fifth)).content.decode()

    assert "本活动还有 3 份待完成（待评分或草稿，不含本份）" in page
    assert "待评分 3" in queue and "草稿 1" in queue
