"""The secretary of a branch whose nominations were left unscreened when the 公示 opened (李强's
submitted and never screened, 张伟's returned and never resubmitted; 王芳 in the 公示, as
``test_unscreened_after_notice`` builds it). Only the department concludes the two now. The
secretary's 推荐 page tells them so beside each one; their pages offer nothing that can no
longer be done for them (民主测评, a 推荐审批表 of one alone), and asking for it anyway is
refused, saying why, with nothing changed (``rules.course_ended``)."""

import pytest
from django.urls import reverse

from evaluations import services as evaluation_services
from evaluations.models import SurveyCode, SurveyResponse
from reports.models import ReportJob
from selection.choices import Phase, State
from selection.models import Campaign
from tests.evaluations.test_review_views import ANSWERS
from tests.factories import CampaignFactory, NominationFactory
from tests.selection.test_detail_actions import FORM, SURVEY, page_of
from tests.selection.test_unscreened_after_notice import left_unscreened
from tests.selection.test_unscreened_in_review import _unscreened

pytestmark = pytest.mark.django_db

NOTE = "未完成资格审查，待组织部门作出资格审查结论"
REFUSED_FORM = "该人选未完成资格审查，待组织部门作出资格审查结论，不能单独生成推荐审批表。"


@pytest.fixture
def campaign(city, city_admin, branch_a1):
    """In its 公示: 王芳 publicised; 李强 and 张伟 left unscreened."""
    return left_unscreened(Phase.NOTICE, city, city_admin, branch_a1)


def dashboard_of(client, secretary, campaign) -> str:
    client.force_login(secretary)
    response = client.get(reverse("selection:dashboard"), {"campaign": campaign.pk})
    assert response.status_code == 200
    return response.content.decode()


def row_of(page: str, name: str) -> str:
    """The dashboard's table row of the nomination of ``name``."""
    start = page.index(f">{name}</a>")
    return page[page.rindex("<tr>", 0, start) : page.index("</tr>", start)]


def test_the_dashboard_says_beside_each_that_the_department_will_conclude_it(
    client, campaign, secretary
):
    page = dashboard_of(client, secretary, campaign)

    assert NOTE in row_of(page, "李强") and NOTE in row_of(page, "张伟")
    assert NOTE not in row_of(page, "王芳")


def test_nothing_is_said_while_the_screening_still_runs(client, city, branch_a1, secretary):
    screening = CampaignFactory(owner=city, phase=Phase.SCREENING, quota_value=10)
    for state in (State.SUBMITTED, State.RETURNED):
        NominationFactory(campaign=screening, state=state, member__organization=branch_a1)

    assert NOTE not in dashboard_of(client, secretary, screening)


def test_their_pages_offer_neither_a_survey_nor_a_form(client, campaign, secretary, city_admin):
    for nomination in _unscreened(campaign):
        for user in (secretary, city_admin):
            body = page_of(client, user, nomination)
            assert SURVEY not in body and FORM not in body
    # 王芳's course goes on: her form is still offered.
    shown = campaign.nominations.get(member__name="王芳")
    assert FORM in page_of(client, secretary, shown)


def test_asking_for_the_form_anyway_is_refused_saying_why(
    client, campaign, secretary, django_capture_on_commit_callbacks
):
    client.force_login(secretary)
    for nomination in _unscreened(campaign):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("reports:new"),
                {
                    "kind": "forms",
                    "campaign": campaign.pk,
                    "nomination": nomination.pk,
                    "organization": nomination.branch_id,
                },
            )

        assert response.status_code == 302  # back to where the button was, saying why
        said = [str(m) for m in client.get(response.url).context["messages"]]
        assert said == [REFUSED_FORM]
    assert not ReportJob.objects.exists()


def test_issuing_survey_codes_anyway_is_refused_saying_why(client, campaign, secretary):
    client.force_login(secretary)
    submitted = _unscreened(campaign).get(state=State.SUBMITTED)
    url = reverse("evaluations:survey", args=[submitted.pk])

    response = client.post(url, {"count": 10}, follow=True)

    assert response.redirect_chain == [(url, 302)]
    body = response.content.decode()
    assert "资格审查阶段已结束，这份推荐未完成资格审查，不能进入评审，也不能再修改提交" in body
    assert "生成测评码</button>" not in body
    assert not SurveyCode.objects.exists()


ISSUE = "请按参加测评的人数发放测评码。"
QUORUM = "方达法定人数；未达法定人数的人选不能确定为拟推荐。"


def test_the_survey_page_asks_for_no_codes_once_the_survey_is_closed(client, campaign, secretary):
    """Opened directly: the grey notice says the survey has ended; nothing above it still asks
    for codes to be issued. With codes out, the quorum rule stays to explain the results."""
    client.force_login(secretary)
    returned = _unscreened(campaign).get(state=State.RETURNED)
    url = reverse("evaluations:survey", args=[returned.pk])

    body = client.get(url).content.decode()
    assert "survey-closed" in body and ISSUE not in body and QUORUM not in body

    during_screening = Campaign.objects.get(pk=campaign.pk)
    during_screening.phase = Phase.SCREENING
    returned.campaign = during_screening
    returned.state = State.SUBMITTED
    evaluation_services.issue_codes(returned, 2, by=secretary)

    body = client.get(url).content.decode()
    assert "survey-closed" in body and ISSUE not in body and QUORUM in body
    assert "需收回" not in body


def test_a_code_handed_out_during_the_screening_takes_no_answer_and_stays_unused(
    client, campaign, secretary
):
    during_screening = Campaign.objects.get(pk=campaign.pk)
    during_screening.phase = Phase.SCREENING
    submitted = during_screening.nominations.get(state=State.SUBMITTED)
    code = evaluation_services.issue_codes(submitted, 1, by=secretary)[0]

    response = client.post(reverse("evaluations:survey_public", args=[code.code]), ANSWERS)

    assert response.status_code == 410
    code.refresh_from_db()
    assert code.used_at is None and not SurveyResponse.objects.exists()


@pytest.mark.parametrize("count", [1, 3])
def test_the_dashboard_costs_the_same_queries_for_one_or_three_left_over(
    client, campaign, branch_a1, secretary, count, django_assert_num_queries
):
    """All submitted (none returned: the returned look-up is asked only when one is listed)."""
    campaign.nominations.exclude(member__name="李强").delete()
    for _ in range(count - 1):
        NominationFactory(campaign=campaign, state=State.SUBMITTED, member__organization=branch_a1)
    client.force_login(secretary)

    # The session with the user, campaigns, branches, their nominations.
    with django_assert_num_queries(5):
        page = client.get(reverse("selection:dashboard"), {"campaign": campaign.pk})

    assert page.content.decode().count(NOTE) == count
