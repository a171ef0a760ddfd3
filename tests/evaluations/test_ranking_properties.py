"""Properties of the ranking over generated cards (hypothesis)."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from evaluations.queries import ranking
from selection.choices import State
from tests.factories import CampaignFactory, NominationFactory, UserFactory, card

pytestmark = pytest.mark.django_db
PROPERTY_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

half_points = st.integers(min_value=0, max_value=50).map(lambda n: Decimal(n) / 2)
a_card = st.fixed_dictionaries(
    {code: half_points for code in ("political", "performance", "public", "integrity")}
)
# Up to 4 nominations, each with 1 to 7 cards.
campaigns = st.lists(st.lists(a_card, min_size=1, max_size=7), min_size=1, max_size=4)


def _build(city, branch, reviewers, cards_per_nomination, order=None):
    campaign = CampaignFactory(owner=city, phase="reviewing", quota_value=10)
    nominations = [
        NominationFactory(campaign=campaign, member__organization=branch, state=State.IN_REVIEW)
        for _ in cards_per_nomination
    ]
    pairs = [
        (nomination, i, points)
        for nomination, cards in zip(nominations, cards_per_nomination, strict=True)
        for i, points in enumerate(cards)
    ]
    for nomination, i, points in order(pairs) if order else pairs:
        card(nomination, reviewers[i], points)
    return campaign, nominations


@pytest.fixture
def reviewers(db):
    return [UserFactory(username=f"prop{i}") for i in range(7)]


@PROPERTY_SETTINGS
@given(cards=campaigns)
def test_totals_lie_between_0_and_100(city, branch_a1, reviewers, cards):
    campaign, _ = _build(city, branch_a1, reviewers, cards)

    assert all(Decimal(0) <= row.total <= Decimal(100) for row in ranking(campaign))


@PROPERTY_SETTINGS
@given(cards=campaigns, seed=st.randoms(use_true_random=False))
def test_the_ranking_does_not_depend_on_the_order_cards_were_submitted(
    city, branch_a1, reviewers, cards, seed
):
    first, first_nominations = _build(city, branch_a1, reviewers, cards)

    def shuffled(pairs):
        pairs = list(pairs)
        seed.shuffle(pairs)
        return pairs

    second, second_nominations = _build(city, branch_a1, reviewers, cards, order=shuffled)
    position = {n.pk: i for i, n in enumerate(first_nominations)}
    position.update({n.pk: i for i, n in enumerate(second_nominations)})

    def outcome(campaign):
        return [(position[r.nomination_id], r.rank, r.total, r.criteria) for r in ranking(campaign)]

    assert outcome(first) == outcome(second)


@PROPERTY_SETTINGS
@given(cards=st.lists(a_card, min_size=1, max_size=3))
def test_a_card_equal_to_the_mean_leaves_an_untrimmed_mean_unchanged(
    city, branch_a1, reviewers, cards
):
    campaign, (nomination,) = _build(city, branch_a1, reviewers, [cards])
    before = ranking(campaign)[0]
    # A card at exactly the current mean, where the mean is a whole or half point.
    mean_card = {code: before.criteria[code] for code in before.criteria}
    assume(not any(value % Decimal("0.5") for value in mean_card.values()))
    card(nomination, reviewers[len(cards)], mean_card)

    after = ranking(campaign)[0]

    assert after.cards == len(cards) + 1 <= 4
    assert after.criteria == before.criteria
