"""逐级推荐: a pool with nothing left to choose (every nomination in it vetoed or withdrawn) is
confirmed empty, with a reason, so it does not stay pending and show as late."""

import pytest
from django.urls import reverse

from evaluations.errors import EvaluationError
from evaluations.services import confirm_stage
from members.choices import Role
from selection import workflow
from selection.choices import IntegrityVerdict, StageDecision
from selection.models import Stage, StageEntry
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def emptied(staged, noms, city):
    """东区教育党委's only nomination (n4) vetoed: nothing left to choose in its pool."""
    integrity = user_with_role(Role.INTEGRITY, city)
    workflow.give_integrity_opinion(
        noms["n4"], by=integrity, verdict=IntegrityVerdict.VETO, reason="有违纪线索"
    )
    return Stage.objects.get(campaign=staged, position=1)


def test_a_pool_with_nothing_left_is_confirmed_empty_with_a_reason(
    emptied, noms, committee_a2, admins
):
    assert (
        confirm_stage(emptied, committee_a2, [], by=admins["DQ02"], reason="唯一人选被否决") == []
    )

    entry = StageEntry.objects.get(stage=emptied, node=committee_a2)
    assert (entry.decision, entry.reason) == (StageDecision.NOT_CHOSEN, "唯一人选被否决")
    assert not StageEntry.objects.filter(stage__position=2, nomination=noms["n4"]).exists()


def test_an_empty_choice_needs_a_reason(emptied, committee_a2, admins):
    with pytest.raises(EvaluationError, match="确定空名单时请写明理由"):
        confirm_stage(emptied, committee_a2, [], by=admins["DQ02"])


def test_a_pool_with_someone_left_cannot_be_confirmed_empty(staged, noms, committee_a, admins):
    first = Stage.objects.get(campaign=staged, position=1)

    with pytest.raises(EvaluationError, match="请至少选择一名推荐人选"):
        confirm_stage(first, committee_a, [], by=admins["DQ01"], reason="不推荐")


def test_the_pool_page_confirms_an_empty_choice(client, emptied, committee_a2, admins):
    client.force_login(admins["DQ02"])
    url = reverse("evaluations:stage_confirm", args=[emptied.campaign_id, 1, committee_a2.pk])

    response = client.post(url, {"reason": "唯一人选被否决"}, follow=True)

    assert response.status_code == 200
    assert "本级推荐名单已确定：0 名" in response.content.decode()
    assert not StageEntry.objects.filter(
        stage=emptied, node=committee_a2, decision=StageDecision.PENDING
    ).exists()


def test_the_pool_page_refuses_an_empty_choice_without_a_reason(
    client, emptied, committee_a2, admins
):
    client.force_login(admins["DQ02"])
    url = reverse("evaluations:stage_confirm", args=[emptied.campaign_id, 1, committee_a2.pk])

    response = client.post(url, {"reason": ""}, follow=True)

    assert "确定空名单时请写明理由" in response.content.decode()
