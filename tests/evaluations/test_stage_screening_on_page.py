"""逐级推荐: a stage that screens eligibility again offers its screening on the nomination's page
to its node's admins, however the page is shown: opened, or shown again after a delete or an
integrity opinion was refused there. The page reads its nomination by its own query
(``queries.nomination_page``), which asks whether the nomination waits for that screening.

东区区委's pool at stage 2 holds n1 (from 东区机关党委's 第一支部); the stage screens eligibility
and asks for the integrity opinion again. 东区区委's admin is also the branch's secretary and the
district's integrity officer here, so every way to the page is theirs."""

import pytest
from django.urls import reverse

from members.choices import Role
from members.services import assign_role
from selection.models import Stage, StageEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def rechecking(second):
    Stage.objects.filter(pk=second.pk).update(recheck_eligibility=True, recheck_integrity=True)
    second.refresh_from_db()
    return second


@pytest.fixture
def node_admin(admins, branch_a1, district_a):
    user = admins["DQ"]
    assign_role(user, Role.SECRETARY, branch_a1)
    assign_role(user, Role.INTEGRITY, district_a)
    return user


def _shown(client, how, nomination):
    if how == "opened":
        return client.get(reverse("selection:nomination_detail", args=[nomination.pk]))
    if how == "delete refused":
        return client.post(reverse("selection:nomination_delete", args=[nomination.pk]))
    return client.post(
        reverse("selection:nomination_integrity", args=[nomination.pk]), {"verdict": "?"}
    )


@pytest.mark.parametrize(
    ("how", "status"), [("opened", 200), ("delete refused", 409), ("opinion refused", 400)]
)
def test_the_stage_s_screening_is_on_the_page_however_it_is_shown(
    client, rechecking, noms, district_a, node_admin, how, status
):
    client.force_login(node_admin)

    response = _shown(client, how, noms["n1"])

    assert response.status_code == status
    entry = StageEntry.objects.get(stage=rechecking, nomination=noms["n1"])
    assert response.context["stage_screening"] == entry
    assert "本级资格审查" in response.content.decode()


@pytest.mark.parametrize("how", ["opened", "delete refused", "opinion refused"])
def test_a_nomination_waiting_for_no_stage_screening_has_none_on_its_page(
    client, second, noms, node_admin, how
):
    Stage.objects.filter(pk=second.pk).update(recheck_integrity=True)
    client.force_login(node_admin)

    response = _shown(client, how, noms["n1"])

    assert response.context["stage_screening"] is None
    assert "本级资格审查" not in response.content.decode()
