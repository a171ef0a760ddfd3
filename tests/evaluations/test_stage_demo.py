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
