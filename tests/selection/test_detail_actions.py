"""A nomination's page offers only what still applies to it: once its course has ended
(资格审查未通过, 一票否决, 未入选, 撤销推荐) neither its 民主测评 nor a 推荐审批表 of it alone;
once its 民主测评 is over (公示中), not a survey that only says so, but its results if codes were
issued."""

import re

import pytest
from django.urls import reverse

from evaluations import services as surveys
from reports.models import ReportJob
from selection.choices import State
from selection.models import Nomination
from tests.selection.test_admin_versions import FormFields

pytestmark = pytest.mark.django_db

SURVEY = "民主测评</a>"
FORM = "生成推荐审批表</button>"
RESULTS = "民主测评结果</a>"


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


def test_a_nomination_in_notice_without_a_survey_offers_none(client, submitted, secretary):
    Nomination.objects.filter(pk=submitted.pk).update(state=State.IN_NOTICE)

    body = page_of(client, secretary, submitted)

    assert SURVEY not in body and RESULTS not in body


def test_a_nomination_in_notice_offers_the_results_of_its_survey(
    client, submitted, secretary, city_admin
):
    surveys.issue_codes(submitted, 12, by=secretary)
    Nomination.objects.filter(pk=submitted.pk).update(state=State.IN_NOTICE)

    for user in (secretary, city_admin):
        body = page_of(client, user, submitted)
        assert SURVEY not in body and RESULTS in body
    survey = client.get(reverse("evaluations:survey", args=[submitted.pk])).content.decode()
    assert "已发放 12 个测评码" in survey and "生成测评码</button>" not in survey


def test_a_form_refused_from_the_nomination_page_leads_back_to_it(
    client, submitted, secretary, django_capture_on_commit_callbacks
):
    """Its course ended while the page was open (一票否决): the button still posts, is refused,
    and the secretary is back on the nomination's page, told why — not on the reports list."""
    page = page_of(client, secretary, submitted)
    action = reverse("reports:new")
    form = re.search(rf'<form method="post" action="{action}".*?</form>', page)
    fields = FormFields()
    fields.feed(form.group(0))
    Nomination.objects.filter(pk=submitted.pk).update(state=State.VETOED)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:new"), fields.data)

    assert response.status_code == 302
    assert response.url == reverse("selection:nomination_detail", args=[submitted.pk])
    assert len(list(client.get(response.url).context["messages"])) == 1
    assert not ReportJob.objects.exists()
