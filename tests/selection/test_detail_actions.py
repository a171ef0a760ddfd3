"""A nomination's page offers only what still applies to it: once its course has ended
(资格审查未通过, 一票否决, 未入选, 撤销推荐) neither its 民主测评 nor a 推荐审批表 of it alone."""

import pytest
from django.urls import reverse

from selection.choices import State
from selection.models import Nomination

pytestmark = pytest.mark.django_db

SURVEY = "民主测评</a>"
FORM = "生成推荐审批表</button>"


def page_of(client, user, nomination) -> str:
    client.force_login(user)
    response = client.get(reverse("selection:nomination_detail", args=[nomination.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_submitted_nomination_offers_its_survey_and_its_form(client, submitted, secretary):
    body = page_of(client, secretary, submitted)

    assert SURVEY in body and FORM in body


@pytest.mark.parametrize(
    "state", [State.INELIGIBLE, State.VETOED, State.NOT_SELECTED, State.WITHDRAWN]
)
def test_a_nomination_whose_course_ended_offers_neither(
    client, submitted, secretary, city_admin, state
):
    Nomination.objects.filter(pk=submitted.pk).update(state=state)

    for user in (secretary, city_admin):
        body = page_of(client, user, submitted)
        assert SURVEY not in body and FORM not in body


def test_an_approved_nomination_still_offers_its_form(client, approved, city_admin):
    assert FORM in page_of(client, city_admin, approved)
