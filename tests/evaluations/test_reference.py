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
