"""An answered 民主测评 leads to a thanks page by a redirect (post/redirect/get), so that Back
or a reload never offers to send the answers again; the code's own page then says it is spent.
The thanks page is the same for every code and names none."""

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.models import SurveyResponse
from tests.evaluations.test_review_views import ANSWERS
from tests.factories import NominationFactory

pytestmark = pytest.mark.django_db

SPENT = "该测评码已使用，每个测评码只能提交一次。"
THANKS = "您的评价已提交。本测评码已失效。"


@pytest.fixture
def code(review_campaign, branch_a1, secretary):
    nomination = NominationFactory(
        campaign=review_campaign,
        member__organization=branch_a1,
        member__name="周明",
        state="in_review",
    )
    return services.issue_codes(nomination, 1, by=secretary)[0].code


def test_a_refused_then_accepted_answer_redirects_to_the_thanks(client, code):
    url = reverse("evaluations:survey_public", args=[code])

    refused = client.post(url, {"overall": "good"})
    accepted = client.post(url, ANSWERS)

    assert refused.status_code == 400 and "请对每一项作出评价。" in refused.content.decode()
    assert (accepted.status_code, accepted["Location"]) == (302, "/survey/thanks/")
    thanks = client.get(accepted["Location"])
    assert thanks.status_code == 200 and THANKS in thanks.content.decode()
    again = client.get(url)
    assert again.status_code == 410 and SPENT in again.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_the_refused_form_lets_back_load_the_page_again_not_resend_it(client, code):
    """static/js/forget-post.js makes the refused form's history entry a plain visit."""
    url = reverse("evaluations:survey_public", args=[code])

    first = client.get(url).content.decode()
    refused = client.post(url, {"overall": "good"}).content.decode()

    assert "js/forget-post.js" not in first and "js/forget-post.js" in refused


def test_the_thanks_page_names_no_code_nor_nominee(client, code):
    client.post(reverse("evaluations:survey_public", args=[code]), ANSWERS)

    after_answering = client.get(reverse("evaluations:survey_thanks")).content.decode()
    client.cookies.clear()
    never_answered = client.get(reverse("evaluations:survey_thanks"))

    assert never_answered.status_code == 200
    for page in (after_answering, never_answered.content.decode()):
        assert THANKS in page and code not in page and "周明" not in page


def test_the_thanks_page_in_english(client):
    client.cookies["django_language"] = "en"

    page = client.get(reverse("evaluations:survey_thanks")).content.decode()

    assert "Thank you" in page and "Your answers are in. This code is now spent." in page


def test_the_thanks_page_takes_no_post(client):
    assert client.post(reverse("evaluations:survey_thanks")).status_code == 405
