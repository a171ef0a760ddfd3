"""Removing a reviewer from a committee (移出) takes back their cards not submitted: when any
holds what they saved (a score, its comment, a veto), the admin is asked first and told how many
cards, as for × on one card (one check, ``committees.saved_at_stake``)."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from evaluations import services
from evaluations.committees import AtStake, saved_at_stake
from evaluations.models import Reviewer, Scorecard, WithdrawnCard
from tests.evaluations.test_node_committee import (  # noqa: F401 (fixtures)
    committee_url,
    eligible,
    judges,
    stage,
)
from tests.factories import NominationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cards(reviewer_card, review_campaign, reviewer, city_admin, branch_a2):
    """The reviewer's seat with two cards: the fixture's, and one more, both empty."""
    other = NominationFactory(
        campaign=review_campaign, member__organization=branch_a2, state="eligible"
    )
    return [reviewer_card, services.assign(other, reviewer, by=city_admin)]


def _remove(client, campaign, reviewer, **data):
    seat = Reviewer.objects.get(campaign=campaign, user=reviewer, stage=None)
    return client.post(reverse("evaluations:remove_reviewer", args=[campaign.pk, seat.pk]), data)


def _save_one_score(card_, reviewer, comment="好"):
    criterion = card_.nomination.campaign.criteria.order_by("position").first()
    services.save_card(card_, by=reviewer, scores={criterion.pk: ("18", comment)})


def test_the_check_counts_the_open_cards_those_holding_something_and_what(
    two_cards, reviewer, review_campaign
):
    cards = Scorecard.objects.filter(reviewer=reviewer)
    assert saved_at_stake(cards) == AtStake(open=2, cards=0, scores=0, vetoes=0)

    _save_one_score(two_cards[0], reviewer)
    Scorecard.objects.filter(pk=two_cards[1].pk).update(veto_reason="有违纪线索")

    assert saved_at_stake(cards) == AtStake(open=2, cards=2, scores=1, vetoes=1)
    Scorecard.objects.filter(pk=two_cards[0].pk).update(state="submitted")
    assert saved_at_stake(cards) == AtStake(open=1, cards=1, scores=0, vetoes=1)


def test_removing_a_reviewer_whose_drafts_hold_scores_asks_first_and_says_how_many(
    client, city_admin, reviewer, review_campaign, two_cards
):
    _save_one_score(two_cards[0], reviewer)
    client.force_login(city_admin)

    asked = _remove(client, review_campaign, reviewer)

    assert asked.status_code == 200
    page = asked.content.decode()
    assert "已在 1 份尚未提交的评分表上保存了草稿内容" in page
    assert "移出评审委员会将收回其 2 份尚未提交的评分表" in page
    assert "仍然移出" in page
    assert Scorecard.objects.filter(reviewer=reviewer).count() == 2  # nothing done yet
    assert Reviewer.objects.filter(user=reviewer).exists()

    done = _remove(client, review_campaign, reviewer, confirmed="1")

    assert done.status_code == 302
    assert not Scorecard.objects.filter(reviewer=reviewer).exists()
    assert not Reviewer.objects.filter(user=reviewer).exists()
    assert WithdrawnCard.objects.filter(reviewer=reviewer).count() == 2
    event = AuditEvent.objects.get(verb="review.reviewer_removed")
    assert event.before == {"reviewer": reviewer.get_username(), "saved_scores": 1}


def test_a_draft_holding_only_a_veto_asks_too(
    client, city_admin, reviewer, review_campaign, two_cards
):
    Scorecard.objects.filter(pk=two_cards[1].pk).update(veto=True, state="draft")
    client.force_login(city_admin)

    assert _remove(client, review_campaign, reviewer).status_code == 200
    assert Reviewer.objects.filter(user=reviewer).exists()


def test_a_reviewer_whose_cards_are_empty_is_removed_at_one_click(
    client, city_admin, reviewer, review_campaign, two_cards
):
    client.force_login(city_admin)

    assert _remove(client, review_campaign, reviewer).status_code == 302

    assert not Reviewer.objects.filter(user=reviewer).exists()
    assert not Scorecard.objects.filter(reviewer=reviewer).exists()


def test_a_node_committee_asks_first_on_its_own_page(
    client,
    staged,
    eligible,  # noqa: F811
    judges,  # noqa: F811
    committee_a,
    admins,
):
    first = stage(staged, 1)
    seat = services.add_reviewer(
        staged, judges[0], cap=None, by=admins["DQ01"], stage=first, node=committee_a
    )
    services.assign_stage(first, committee_a, by=admins["DQ01"])
    held = Scorecard.objects.filter(reviewer=judges[0]).order_by("pk")
    _save_one_score(held[0], judges[0], comment="")
    client.force_login(admins["DQ01"])
    url = committee_url("node_committee_remove", staged, 1, committee_a, seat.pk)

    asked = client.post(url)

    assert asked.status_code == 200
    page = asked.content.decode()
    assert "本级评审委员会" in page and "已在 1 份尚未提交的评分表上保存了草稿内容" in page
    assert f'action="{url}"' in page
    assert f'href="{committee_url("node_committee", staged, 1, committee_a)}"' in page
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    assert not Scorecard.objects.filter(reviewer=judges[0]).exists()
