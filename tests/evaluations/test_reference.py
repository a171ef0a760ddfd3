"""The SQL ranking equals the pure-Python reference written from the design text."""

import random
from decimal import Decimal

import pytest

from bench import reference
from evaluations.queries import ranking, tie_break_codes
from tests.factories import NominationFactory, card, survey_answers

pytestmark = pytest.mark.django_db


def _reference_of(campaign):
    from evaluations.models import Scorecard

    entries = {}
    for nomination in campaign.nominations.order_by("pk"):
        survey = getattr(nomination, "survey", None)
        responses = survey.responses.count() if survey else 0
        satisfied = (
            survey.responses.filter(overall__in=["good", "fairly_good"]).count() if survey else 0
        )
        entries[nomination.pk] = reference.Entry(
            nomination.pk, [], nomination.pk, nomination.state == "vetoed", responses, satisfied
        )
    for sc in Scorecard.objects.filter(
        nomination__campaign=campaign, state="submitted"
    ).prefetch_related("scores__criterion"):
        entries[sc.nomination_id].cards.append(
            reference.Card(sc.pk, {s.criterion.code: s.points for s in sc.scores.all()}, sc.veto)
        )
    max_points = {c.code: c.max_points for c in campaign.criteria.all()}
    return reference.ranking(
        list(entries.values()),
        max_points=max_points,
        weight=campaign.public_weight,
        tie_break=tie_break_codes(campaign),
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sql_ranking_equals_the_reference(review_campaign, branch_a1, panel, admin, seed):
    rng = random.Random(seed)
    panel = panel + [type(panel[0]).objects.create(username=f"extra{i}") for i in range(8)]
    for _ in range(12):
        nomination = NominationFactory(
            campaign=review_campaign, member__organization=branch_a1, state="in_review"
        )
        for reviewer in rng.sample(panel, rng.randint(1, 15)):
            points = {
                code: Decimal(rng.randint(20, 50)) / 2
                for code in ("political", "performance", "public", "integrity")
            }
            card(nomination, reviewer, points, veto=rng.random() < 0.03)
        if rng.random() < 0.7:
            responses = rng.randint(1, 12)
            survey_answers(
                nomination,
                issued=responses + 3,
                satisfied=rng.randint(0, responses),
                responses=responses,
                by=admin,
            )

    got = ranking(review_campaign)
    expected = _reference_of(review_campaign)

    assert [(r.nomination_id, r.total, r.rank) for r in got if r.rank] == [
        e for e in expected if e[2]
    ]
    assert {(r.nomination_id, r.total) for r in got if not r.rank} == {
        (e[0], e[1]) for e in expected if not e[2]
    }


def test_totals_equal_to_the_cent_are_ordered_by_the_tie_break(review_campaign, branch_a1, panel):
    """On SQLite the criteria come back as floats: 11.88 + 15.5 + 24.75 + 20.88 adds up to
    73.01, but 21.25 + 15.0 + 21.38 + 15.38 to 73.00999999999999. Both totals are 73.01, so
    the tie-break decides (political first: 21.25 beats 11.88), not the last bit of a float."""
    points = {  # four cards each, per criterion
        "first": {
            "political": [12, 12, 12, 11.5],  # 11.875 -> 11.88
            "performance": [15.5] * 4,
            "public": [25, 25, 25, 24],  # 24.75
            "integrity": [21, 21, 21, 20.5],  # 20.875 -> 20.88
        },
        "second": {
            "political": [21.5, 21.5, 21, 21],  # 21.25
            "performance": [15] * 4,
            "public": [21.5, 21.5, 21.5, 21],  # 21.375 -> 21.38
            "integrity": [15.5, 15.5, 15.5, 15],  # 15.375 -> 15.38
        },
    }
    nominations = {}
    for name, per_criterion in points.items():
        nominations[name] = NominationFactory(
            campaign=review_campaign, member__organization=branch_a1, state="in_review"
        )
        for index, reviewer in enumerate(panel[:4]):
            card(
                nominations[name],
                reviewer,
                {code: Decimal(str(values[index])) for code, values in per_criterion.items()},
            )

    got = [(r.nomination_id, r.total, r.rank) for r in ranking(review_campaign)]

    assert got == [
        (nominations["second"].pk, Decimal("73.01"), 1),
        (nominations["first"].pk, Decimal("73.01"), 2),
    ]
    assert got == _reference_of(review_campaign)


def test_a_mean_of_exactly_half_a_cent_is_rounded_up(review_campaign, branch_a1, panel):
    """12.125 is 12.13 (DESIGN §4 rounds half up), not 12.12 as rounding half to even has it;
    the ranking computes in whole cents and must round as the reference does."""
    nomination = NominationFactory(
        campaign=review_campaign, member__organization=branch_a1, state="in_review"
    )
    political = [12, 12, 12, 12.5]  # 12.125
    for index, reviewer in enumerate(panel[:4]):
        card(
            nomination,
            reviewer,
            {
                "political": Decimal(str(political[index])),
                "performance": Decimal("20.5") if index else Decimal(20),  # 20.375
                "public": Decimal(20),
                "integrity": Decimal(20),
            },
        )

    (row,) = ranking(review_campaign)

    assert row.criteria["political"] == Decimal("12.13")
    assert row.criteria["performance"] == Decimal("20.38")
    assert row.total == Decimal("72.51")
    assert [(row.nomination_id, row.total, row.rank)] == _reference_of(review_campaign)
