"""逐级推荐 and the 民主测评: 群众评价 blends the reviewers' mean with the survey's satisfaction
rate, so a campaign run level by level runs its survey at one stage at least. The stages form
says so and, with no stage ticked, ticks the first; the overview shows where the survey runs; and
a stage before the survey's asks for no survey (``selection.stages.survey_stages``)."""

import pytest
from django.urls import reverse

from evaluations.queries import ranking
from evaluations.services import confirm_stage
from selection import stages
from selection.models import Stage
from tests.factories import CampaignFactory, UserFactory, card, scores

pytestmark = pytest.mark.django_db

NO_SURVEY_TICKED = {
    "s1-level": "committee",
    "s1-quota_kind": "fixed",
    "s1-quota_value": "2",
    "s2-level": "city",
    "s2-quota_kind": "fixed",
    "s2-quota_value": "1",
}


def stage(campaign, position: int) -> Stage:
    return Stage.objects.get(campaign=campaign, position=position)


def test_the_blank_stages_form_says_a_survey_is_needed_and_ticks_the_first_stage(
    client, city, city_admin
):
    campaign = CampaignFactory(owner=city, phase="nominating")
    client.force_login(city_admin)

    page = client.get(reverse("evaluations:stages", args=[campaign.pk])).content.decode()

    assert "至少一级开展民主测评" in page
    tick = 'name="s%d-runs_survey" class="form-check-input" id="id_s%d-runs_survey"'
    assert tick % (1, 1) + " checked" in page
    assert tick % (2, 2) + ">" in page


def test_saving_stages_with_no_survey_ticked_runs_it_at_the_first_stage_and_says_so(
    client, city, city_admin
):
    campaign = CampaignFactory(owner=city, phase="nominating")
    client.force_login(city_admin)

    response = client.post(
        reverse("evaluations:stages_configure", args=[campaign.pk]), NO_SURVEY_TICKED, follow=True
    )

    page = response.content.decode()
    assert "未勾选开展民主测评的层级，民主测评在第一级（党(工)委）开展。" in page
    assert list(Stage.objects.filter(campaign=campaign).values_list("runs_survey", flat=True)) == [
        True,
        False,
    ]
    first, final = page.split('id="stage-1"')[1].split('id="stage-2"')
    assert "本级开展民主测评" in first
    assert "本级开展民主测评" not in final.split("设置推荐层级")[0]


def test_the_overview_shows_the_survey_where_the_rule_runs_it(client, staged, city_admin):
    """Stages stored before the rule was kept with them (none ticked) still show where their
    survey runs: the first stage."""
    Stage.objects.filter(campaign=staged).update(runs_survey=False)
    client.force_login(city_admin)

    page = client.get(reverse("evaluations:stages", args=[staged.pk])).content.decode()

    assert "本级开展民主测评" in page.split('id="stage-1"')[1].split('id="stage-2"')[0]
    assert [s.position for s in stages.survey_stages(stages.stages_of(staged))] == [1]


def test_a_stage_before_the_survey_stage_chooses_without_a_survey(
    staged, noms, committee_a, district_a, admins
):
    """The survey runs at the 区委 stage: the 党委 below chooses on the reviewers' cards alone
    (codes cannot be issued yet, so no quorum can be asked for); at the 区委 the nominee it
    sent up waits for the survey's quorum."""
    staged.min_responses = 10
    staged.save(update_fields=["min_responses"])
    Stage.objects.filter(campaign=staged).update(runs_survey=False)
    Stage.objects.filter(campaign=staged, position=2).update(runs_survey=True)

    first_rows = ranking(staged, stage(staged, 1), committee_a)
    assert all("no_quorum" not in row.flags for row in first_rows)
    confirm_stage(stage(staged, 1), committee_a, [noms["n1"].pk], by=admins["DQ01"])

    card(noms["n1"], UserFactory(), scores(20, 20, 20, 20), stage=stage(staged, 2))
    (row,) = ranking(staged, stage(staged, 2), district_a)
    assert "no_quorum" in row.flags
    assert not row.shortlistable
