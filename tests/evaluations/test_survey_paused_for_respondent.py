"""Someone who opens a 民主测评 code of a nomination returned for revision is told the survey is
paused and to try again later, not that it has ended: once the branch resubmits, the same code
is answered. The words come from ``evaluations.rules.survey_closure`` (paused or ended), in the
respondent's language, and say nothing of the nomination's state or people. Ended surveys
(left over when the screening ended, decided, past the revision period) still say they have
ended."""

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.errors import EvaluationError
from evaluations.models import SurveyResponse
from selection.choices import Phase, State
from selection.models import Nomination
from tests.evaluations.test_review_views import ANSWERS
from tests.factories import CampaignFactory, NominationFactory

pytestmark = pytest.mark.django_db

PAUSED = "本次民主测评暂停，暂不接受提交。请保留您的测评码，稍后再试。"
PAUSED_EN = "This survey is paused and takes no answers for now."
ENDED = "本次民主测评已结束。"


@pytest.fixture
def returned(city, branch_a1, secretary):
    """A nomination with codes issued, then returned for revision while the screening runs."""
    screening = CampaignFactory(owner=city, phase=Phase.SCREENING, quota_value=10)
    nomination = NominationFactory(
        campaign=screening,
        state=State.SUBMITTED,
        member__organization=branch_a1,
        member__name="王秀英",
    )
    codes = [c.code for c in services.issue_codes(nomination, 2, by=secretary)]
    Nomination.objects.filter(pk=nomination.pk).update(
        state=State.RETURNED, returned_in=Phase.SCREENING
    )
    return nomination, codes


def _open(client, code: str, language: str = "zh-hans"):
    client.cookies["django_language"] = language
    return client.get(reverse("evaluations:survey_public", args=[code]))


def test_a_respondent_with_a_code_of_a_returned_nomination_is_told_to_try_later(client, returned):
    nomination, codes = returned

    chinese, english = _open(client, codes[0]), _open(client, codes[0], "en")

    assert (chinese.status_code, english.status_code) == (409, 409)
    page = chinese.content.decode()
    assert PAUSED in page and ENDED not in page and 'name="overall"' not in page
    assert PAUSED_EN in english.content.decode()
    assert "try again later" in english.content.decode()
    for private in ("退回", "王秀英", nomination.branch.name, "returned"):  # a public page
        assert private not in page and private not in english.content.decode()


def test_the_same_code_is_answered_once_the_branch_resubmits(client, returned):
    nomination, codes = returned
    assert _open(client, codes[0]).status_code == 409
    Nomination.objects.filter(pk=nomination.pk).update(state=State.SUBMITTED)

    page = _open(client, codes[0])
    answered = client.post(reverse("evaluations:survey_public", args=[codes[0]]), ANSWERS)

    assert (page.status_code, 'name="overall"' in page.content.decode()) == (200, True)
    assert answered.status_code == 302  # to the thanks (post/redirect/get)
    assert SurveyResponse.objects.filter(survey__nomination=nomination).count() == 1


def test_the_service_refuses_an_answer_while_paused_with_the_same_words(returned):
    _nomination, codes = returned

    with pytest.raises(EvaluationError, match=PAUSED):
        services.respond(codes[1], ANSWERS)
    assert not SurveyResponse.objects.exists()


def test_a_returned_nomination_left_over_when_the_screening_ended_has_ended(client, returned):
    nomination, codes = returned
    nomination.campaign.phase = Phase.REVIEWING
    nomination.campaign.save(update_fields=["phase"])

    response = _open(client, codes[0])

    assert response.status_code == 410
    assert ENDED in response.content.decode() and PAUSED not in response.content.decode()
    with pytest.raises(EvaluationError, match=ENDED):
        services.respond(codes[1], ANSWERS)


def test_a_returned_nomination_past_its_revision_period_has_ended(client, returned):
    nomination, codes = returned
    Nomination.objects.filter(pk=nomination.pk).update(returned_in=Phase.NOMINATING)

    response = _open(client, codes[0])

    assert response.status_code == 410
    assert ENDED in response.content.decode() and PAUSED not in response.content.decode()
    with pytest.raises(EvaluationError, match=ENDED):
        services.respond(codes[1], ANSWERS)
