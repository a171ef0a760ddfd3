"""逐级推荐: the 民主测评 is run at the stage the campaign names (the first when it names none);
its codes are not issued for a nomination that has moved on."""

import pytest
from django.urls import reverse

from evaluations.errors import EvaluationError
from evaluations.models import Survey
from evaluations.services import confirm_stage, issue_codes
from selection.models import Stage

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
