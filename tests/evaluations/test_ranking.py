"""The ranking against tables computed by hand (DESIGN.md §4)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from evaluations.queries import ranking, with_medians
from tests.factories import card, scores, survey_answers

pytestmark = pytest.mark.django_db
D = Decimal


def _row(campaign, nomination):
    return next(r for r in ranking(campaign) if r.nomination_id == nomination.pk)


def test_four_cards_are_averaged_without_trimming(review_campaign, make_nomination, panel):
    nomination = make_nomination()
    for reviewer, points in zip(
        panel,
        [
            scores(20, 20, 15, 25),
            scores(22, 20, 17, 24),
            scores(24, 20, 19, 23),
            scores(18, 20, 21, 22),
        ],
        strict=False,
    ):
        card(nomination, reviewer, points)

    row = _row(review_campaign, nomination)

    assert row.criteria == {
        "political": D("21.00"),
        "performance": D("20.00"),
        "public": D("18.00"),
        "integrity": D("23.50"),
    }
    assert (row.total, row.cards, row.trimmed_total, row.mean_total) == (
        D("82.50"),
        4,
        D("82.50"),
        D("82.50"),
    )


def test_five_cards_drop_the_highest_and_the_lowest_total(review_campaign, make_nomination, panel):
    nomination = make_nomination()
    for reviewer, points in zip(
        panel,
        [
            scores(25, 25, 25, 25),  # 100: dropped
            scores(20, 20, 20, 20),
            scores(22, 18, 20, 20),
            scores(18, 22, 20, 20),
            scores(10, 10, 10, 10),  # 40: dropped
        ],
        strict=False,
    ):
        card(nomination, reviewer, points)

    row = _row(review_campaign, nomination)

    assert row.criteria["political"] == D("20.00")  # untrimmed it would be 19.00
    assert row.total == D("80.00")
    assert (row.mean_total, row.trimmed_total) == (D("76.00"), D("80.00"))
    assert with_medians([row])[0].median_total == D("80.00")


def test_public_evaluation_blends_reviewers_and_the_survey(
    review_campaign, make_nomination, panel, admin
):
    nomination = make_nomination()
    for reviewer in panel[:5]:
        card(nomination, reviewer, scores(20, 20, 20, 20))
    survey_answers(nomination, issued=10, satisfied=9, responses=10, by=admin)

    row = _row(review_campaign, nomination)

    # 25 × (0.5 × 20/25 + 0.5 × 0.9) = 21.25
    assert row.criteria["public"] == D("21.25")
    assert row.public_reviewers == D("20.00")
    assert row.total == D("81.25")
    assert row.satisfaction == D("0.9000")


def test_the_survey_weight_is_a_campaign_setting(review_campaign, make_nomination, panel, admin):
    review_campaign.public_weight = D("0.8")
    review_campaign.save()
    nomination = make_nomination()
    for reviewer in panel[:5]:
        card(nomination, reviewer, scores(20, 20, 20, 20))
    survey_answers(nomination, issued=10, satisfied=5, responses=10, by=admin)

    # 25 × (0.8 × 0.8 + 0.2 × 0.5) = 18.50
    assert _row(review_campaign, nomination).criteria["public"] == D("18.50")


TIES = {
    # name: (winner's scores, loser's scores); both total 80
    "political": (scores(22, 18, 20, 20), scores(20, 20, 20, 20)),
    "integrity": (scores(20, 19, 20, 21), scores(20, 20, 20, 20)),
    "public": (scores(20, 19, 21, 20), scores(20, 20, 20, 20)),
}


@pytest.mark.parametrize("criterion", ["political", "integrity", "public"])
def test_ties_are_broken_by_the_chain_in_turn(review_campaign, make_nomination, panel, criterion):
    winner_points, loser_points = TIES[criterion]
    loser, winner = make_nomination(), make_nomination()
    for reviewer in panel[:5]:
        card(loser, reviewer, loser_points)
        card(winner, reviewer, winner_points)

    rows = ranking(review_campaign)

    assert [(r.nomination_id, r.total, r.rank) for r in rows] == [
        (winner.pk, D("80.00"), 1),
        (loser.pk, D("80.00"), 2),
    ]


def test_performance_breaks_a_tie_left_after_the_others(review_campaign, make_nomination, panel):
    # With the default chain political decides first; a campaign may put performance first.
    review_campaign.tie_break = "performance,political"
    review_campaign.save()
    loser, winner = make_nomination(), make_nomination()
    for reviewer in panel[:5]:
        card(loser, reviewer, scores(21, 19, 20, 20))
        card(winner, reviewer, scores(19, 21, 20, 20))

    assert [r.nomination_id for r in ranking(review_campaign)] == [winner.pk, loser.pk]


def test_earlier_submission_breaks_a_complete_tie(review_campaign, make_nomination, panel):
    later = make_nomination(submitted_at=timezone.now())
    earlier = make_nomination(submitted_at=timezone.now() - datetime.timedelta(days=1))
    for reviewer in panel[:5]:
        card(later, reviewer, scores(20, 20, 20, 20))
        card(earlier, reviewer, scores(20, 20, 20, 20))

    assert [r.nomination_id for r in ranking(review_campaign)] == [earlier.pk, later.pk]


def test_a_vetoed_nomination_is_not_ranked(review_campaign, make_nomination, panel):
    vetoed, clean = make_nomination(), make_nomination()
    for i, reviewer in enumerate(panel[:5]):
        card(vetoed, reviewer, scores(25, 25, 25, 25), veto=(i == 0))
        card(clean, reviewer, scores(15, 15, 15, 15))

    rows = ranking(review_campaign)

    assert [(r.nomination_id, r.rank, r.vetoed) for r in rows] == [
        (clean.pk, 1, False),
        (vetoed.pk, None, True),
    ]
    assert "vetoed" in rows[1].flags
    assert not rows[1].shortlistable


def test_drafts_do_not_count(review_campaign, make_nomination, panel):
    nomination = make_nomination()
    card(nomination, panel[0], scores(20, 20, 20, 20))
    card(nomination, panel[1], scores(0, 0, 0, 0), submitted=False)

    assert _row(review_campaign, nomination).cards == 1


def test_flags_for_too_few_cards_quorum_satisfaction_and_spread(
    review_campaign, make_nomination, panel, admin
):
    nomination = make_nomination()
    card(nomination, panel[0], scores(25, 25, 25, 25))
    card(nomination, panel[1], scores(5, 5, 5, 5))
    survey_answers(nomination, issued=30, satisfied=10, responses=15, by=admin)

    row = _row(review_campaign, nomination)

    # 2 cards < 5; 15 responses < ⅔ × 30; 10/15 < 0.80; sd of (100, 20) = 40 > 8
    assert row.flags == ["too_few_cards", "no_quorum", "low_satisfaction", "high_spread"]
    assert not row.shortlistable


def test_a_complete_nomination_has_no_flags(review_campaign, make_nomination, panel, admin):
    nomination = make_nomination()
    for reviewer in panel[:5]:
        card(nomination, reviewer, scores(20, 20, 20, 20))
    survey_answers(nomination, issued=12, satisfied=10, responses=10, by=admin)

    row = _row(review_campaign, nomination)

    assert row.flags == []
    assert row.shortlistable
