"""The public survey's codes and results (DESIGN.md §5)."""

from decimal import Decimal

import pytest

from evaluations import services
from evaluations.errors import EvaluationError
from evaluations.models import SurveyResponse
from tests.factories import NominationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey_nomination(review_campaign, branch_a1):
    return NominationFactory(
        campaign=review_campaign, member__organization=branch_a1, state="in_review"
    )


ANSWERS = {
    "political": "good",
    "performance": "fairly_good",
    "public": "good",
    "integrity": "good",
    "overall": "good",
}


def test_codes_are_random_long_and_single_use(survey_nomination, secretary):
    codes = services.issue_codes(survey_nomination, 20, by=secretary)

    assert len({c.code for c in codes}) == 20
    assert all(len(c.code) >= 22 for c in codes)  # 16 random bytes = 128 bits, base64url
    services.respond(codes[0].code, ANSWERS)
    with pytest.raises(EvaluationError, match="已使用"):
        services.respond(codes[0].code, ANSWERS)
    with pytest.raises(EvaluationError, match="无效") as error:
        services.respond("made-up-code-aaaaaaaaaaaa", ANSWERS)
    assert error.value.status == 404
    assert SurveyResponse.objects.count() == 1


def test_only_the_branch_secretary_and_admins_issue_codes(survey_nomination, other_secretary):
    with pytest.raises(EvaluationError) as error:
        services.issue_codes(survey_nomination, 5, by=other_secretary)

    assert error.value.status == 403


def test_results_show_only_from_five_responses(survey_nomination, secretary):
    from evaluations.queries import survey_results

    codes = services.issue_codes(survey_nomination, 12, by=secretary)
    for code in codes[:4]:
        services.respond(code.code, ANSWERS)
    survey_nomination.refresh_from_db()
    hidden = survey_results(survey_nomination)
    services.respond(codes[4].code, ANSWERS | {"overall": "poor"})
    shown = survey_results(survey_nomination)

    assert (hidden.responses, hidden.shown, hidden.counts["overall"]) == (4, False, {})
    assert (shown.responses, shown.shown, shown.satisfaction) == (5, True, Decimal("0.8000"))
    assert shown.counts["overall"] == {"good": 4, "poor": 1}
    assert not shown.quorum_met  # 5 < max(⅔ × 12, 10)
