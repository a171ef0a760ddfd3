"""逐级推荐: the 民主测评 is run at the stage the campaign names (the first when it names none);
its codes are not issued for a nomination that has moved on, and codes issued before are not
answered once its survey stage is over (``evaluations.rules.survey_closed``)."""

import pytest
from django.urls import reverse

from evaluations.errors import EvaluationError
from evaluations.models import Survey, SurveyCode, SurveyResponse
from evaluations.services import confirm_stage, issue_codes, respond, withdraw_stage
from members.choices import Role
from selection import workflow
from selection.choices import IntegrityVerdict
from selection.models import Stage
from tests.evaluations.test_review_views import ANSWERS
from tests.factories import UserFactory, card, scores, user_with_role

pytestmark = pytest.mark.django_db


def stage(campaign, position: int) -> Stage:
    return Stage.objects.get(campaign=campaign, position=position)


def test_codes_are_issued_at_the_first_stage_when_the_campaign_names_none(staged, noms, city_admin):
    codes = issue_codes(noms["n1"], 3, by=city_admin)

    assert len(codes) == 3


def test_codes_are_refused_once_the_nomination_has_moved_past_the_survey_stage(
    staged, noms, committee_a, admins, city_admin
):
    confirm_stage(stage(staged, 1), committee_a, [noms["n1"].pk], by=admins["DQ01"])

    with pytest.raises(EvaluationError, match=r"只在党\(工\)委一级"):
        issue_codes(noms["n1"], 3, by=city_admin)


def test_a_campaign_naming_a_later_stage_issues_codes_only_there(
    staged, noms, committee_a, admins, city_admin
):
    Stage.objects.filter(campaign=staged).update(runs_survey=False)
    Stage.objects.filter(campaign=staged, position=2).update(runs_survey=True)

    with pytest.raises(EvaluationError, match=r"只在区\(县\)委一级"):
        issue_codes(noms["n1"], 3, by=city_admin)
    confirm_stage(stage(staged, 1), committee_a, [noms["n1"].pk], by=admins["DQ01"])

    assert len(issue_codes(noms["n1"], 2, by=city_admin)) == 2


def test_the_survey_page_refuses_a_moved_on_nomination_with_a_message(
    client, staged, noms, committee_a, admins, city_admin
):
    confirm_stage(stage(staged, 1), committee_a, [noms["n1"].pk], by=admins["DQ01"])
    client.force_login(city_admin)
    url = reverse("evaluations:survey", args=[noms["n1"].pk])

    response = client.post(url, {"count": 5}, follow=True)

    assert response.status_code == 200
    assert "这份推荐目前不在该层级" in response.content.decode()
    assert not Survey.objects.filter(nomination=noms["n1"]).exists()


# --- Codes issued before the nomination left its survey stage -------------------------------


def answer(client, code: str):
    return client.post(reverse("evaluations:survey_public", args=[code]), ANSWERS)


def printed(nomination, by) -> str:
    """Three codes handed out, two answered (the quorum, so the committee may choose the
    nomination): the one left over."""
    codes = [c.code for c in issue_codes(nomination, 3, by=by)]
    for code in codes[:2]:
        respond(code, ANSWERS)
    return codes[2]


def test_a_code_printed_before_the_committee_chose_is_refused_after(
    client, staged, noms, committee_a, admins, city_admin
):
    """Codes handed out on Monday; the 党委 confirmed on Tuesday; a respondent answers on
    Wednesday: the survey of that stage is over, for the one sent up and the ones left out."""
    sent_up = printed(noms["n1"], city_admin)
    left_out = issue_codes(noms["n2"], 2, by=city_admin)[0].code
    confirm_stage(stage(staged, 1), committee_a, [noms["n1"].pk], by=admins["DQ01"])

    for code in (sent_up, left_out):
        page = client.get(reverse("evaluations:survey_public", args=[code]))
        assert page.status_code == 410
        assert "本次民主测评已结束。" in page.content.decode()
        assert 'name="overall"' not in page.content.decode()
        assert answer(client, code).status_code == 410
    assert SurveyResponse.objects.count() == 2
    assert SurveyCode.objects.filter(used_at__isnull=False).count() == 2


def test_the_service_refuses_the_answer_too(staged, noms, committee_a, admins, city_admin):
    code = printed(noms["n1"], city_admin)
    confirm_stage(stage(staged, 1), committee_a, [noms["n1"].pk], by=admins["DQ01"])

    with pytest.raises(EvaluationError, match="本次民主测评已结束"):
        respond(code, ANSWERS)


def test_a_vetoed_nomination_stops_its_survey(client, staged, noms, city, city_admin):
    code = issue_codes(noms["n1"], 1, by=city_admin)[0].code
    integrity = user_with_role(Role.INTEGRITY, city)
    workflow.give_integrity_opinion(
        noms["n1"], by=integrity, verdict=IntegrityVerdict.VETO, reason="有违纪线索"
    )

    assert answer(client, code).status_code == 410


def test_the_admin_sees_the_survey_closed_and_issues_no_more(
    client, staged, noms, committee_a, admins, city_admin
):
    printed(noms["n1"], city_admin)
    confirm_stage(stage(staged, 1), committee_a, [noms["n1"].pk], by=admins["DQ01"])
    client.force_login(city_admin)

    page = client.get(reverse("evaluations:survey", args=[noms["n1"].pk])).content.decode()

    assert "民主测评未开放" in page
    assert "这份推荐目前不在该层级或在该层级的推荐已确定" in page
    assert 'name="count"' not in page
    sheet = client.get(reverse("evaluations:survey_sheet", args=[noms["n1"].pk]))
    assert "民主测评未开放" in sheet.content.decode()
    assert "测评二维码" not in sheet.content.decode()  # no code printed to be refused
    assert "data-survey-url" not in sheet.content.decode()
    assert "survey-qr.js" not in sheet.content.decode()


def test_a_survey_at_a_later_stage_ends_with_that_stage(
    client, staged, noms, committee_a, committee_a2, district_a, admins, city_admin
):
    Stage.objects.filter(campaign=staged).update(runs_survey=False)
    Stage.objects.filter(campaign=staged, position=2).update(runs_survey=True)
    confirm_stage(stage(staged, 1), committee_a, [noms["n1"].pk], by=admins["DQ01"])
    confirm_stage(stage(staged, 1), committee_a2, [noms["n4"].pk], by=admins["DQ02"])
    codes = [c.code for c in issue_codes(noms["n1"], 3, by=city_admin)]

    assert [answer(client, code).status_code for code in codes[:2]] == [302, 302]
    card(noms["n1"], UserFactory(), scores(20, 20, 20, 20), stage=stage(staged, 2))
    confirm_stage(
        stage(staged, 2), district_a, [noms["n1"].pk], by=admins["DQ"], reason="n4 未评分"
    )
    assert answer(client, codes[2]).status_code == 410


def test_a_withdrawn_choice_opens_the_survey_again(
    client, staged, noms, committee_a, admins, city_admin
):
    code = printed(noms["n1"], city_admin)
    confirm_stage(stage(staged, 1), committee_a, [noms["n1"].pk], by=admins["DQ01"])
    withdraw_stage(stage(staged, 1), committee_a, by=admins["DQ01"], reason="名次录错")

    assert answer(client, code).status_code == 302  # answered: to the thanks
    assert SurveyResponse.objects.count() == 3
