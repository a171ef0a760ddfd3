"""The demo's campaign of three stages is in progress: the 党总支 have chosen but one, which
shows as late; one 党委 has chosen and the other, above the late one, has scored its pool."""

import io

import pytest
from django.core.management import call_command

from evaluations.queries import overview
from evaluations.stage_demo import LATE, TITLE
from members.models import User
from selection.choices import StageDecision
from selection.models import Campaign, StageEntry


@pytest.mark.django_db
def test_the_demo_has_a_three_stage_campaign_in_progress():
    call_command("seed_demo", stdout=io.StringIO())
    campaign = Campaign.objects.get(title=TITLE)
    stages = overview(User.objects.get(username="admin"), campaign)

    assert [view.stage.get_level_display() for view in stages] == ["党总支", "党(工)委", "市委"]
    first, second, final = stages
    late = [node for node in first.nodes if node.late]
    assert [node.name for node in late] == ["市直机关工委第2党总支"]
    assert all(node.decided for node in first.nodes if node not in late)
    assert {node.name: node.decided for node in second.nodes} == {
        "市直机关工委": False,
        "江城经济开发区党工委": True,
    }
    assert StageEntry.objects.filter(stage=final.stage, decision=StageDecision.PENDING).count() == 2
    assert LATE == "JC0102"
    assert User.objects.filter(username__in=["zongzhi", "dangwei"]).count() == 2


@pytest.mark.django_db
def test_the_demo_runs_its_survey_where_it_says_and_its_secretaries_hold_branches():
    """The 党总支 stage is marked for the 民主测评: every nominee there has its survey answered,
    the pools confirmed with a satisfaction rate. The demo 支部书记 nominate from their own
    branches, never from a whole 党委."""
    from evaluations.models import Survey
    from members.choices import OrgKind, Role
    from members.models import RoleAssignment
    from selection import stages as selection_stages

    call_command("seed_demo", stdout=io.StringIO())
    campaign = Campaign.objects.get(title=TITLE)
    first = selection_stages.stages_of(campaign)[0]

    assert selection_stages.survey_stages(selection_stages.stages_of(campaign)) == [first]
    nominees = StageEntry.objects.filter(stage=first).values_list("nomination_id", flat=True)
    surveyed = Survey.objects.filter(nomination_id__in=nominees, response_count__gte=10)
    assert surveyed.count() == len(nominees) > 0
    secretaries = RoleAssignment.objects.filter(
        role=Role.SECRETARY, user__username__startswith="sec_"
    )
    assert secretaries.filter(user__username__in=["sec_jc02", "sec_jc03", "sec_jc04"]).exists()
    assert set(secretaries.values_list("organization__kind", flat=True)) == {OrgKind.BRANCH}
