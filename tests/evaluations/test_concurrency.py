"""On PostgreSQL: a card submitted twice at once is submitted once; a code used twice at once
counts once."""

import pytest

from evaluations import services
from evaluations.errors import EvaluationError
from evaluations.models import SurveyResponse
from tests.factories import NominationFactory
from tests.racing import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_double_submit_of_a_card_applies_once(review_campaign, reviewer, city_admin, branch_a2):
    from audit.models import AuditEvent

    services.add_reviewer(review_campaign, reviewer, cap=None, by=city_admin)
    criteria = services.ensure_criteria(review_campaign)
    nomination = NominationFactory(
        campaign=review_campaign, member__organization=branch_a2, state="eligible"
    )
    card = services.assign(nomination, reviewer, by=city_admin)
    services.save_card(card, by=reviewer, scores={c.pk: ("20", "") for c in criteria})

    outcomes = race(
        lambda: services.submit_card(card, by=reviewer),
        lambda: services.submit_card(card, by=reviewer),
    )

    assert len([o for o in outcomes if isinstance(o, EvaluationError)]) == 1
    assert AuditEvent.objects.filter(verb="review.card_submitted").count() == 1


def test_a_survey_code_used_twice_at_once_counts_once(review_campaign, secretary, branch_a1):
    nomination = NominationFactory(
        campaign=review_campaign, member__organization=branch_a1, state="in_review"
    )
    code = services.issue_codes(nomination, 1, by=secretary)[0].code
    answers = {k: "good" for k in ("political", "performance", "public", "integrity", "overall")}

    race(lambda: services.respond(code, answers), lambda: services.respond(code, answers))

    assert SurveyResponse.objects.count() == 1
