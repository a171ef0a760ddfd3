"""逐级推荐 (#39): a node that let its eligible nominations wait past its deadline, none of them in
review, shows late to the node above, as one that did not decide (the branches and organisations
of tests/evaluations/test_stage_nodes.py)."""

import pytest
from django.urls import reverse

from evaluations.services import assign_stage, confirm_stage
from evaluations.services.committee import add_reviewer
from members.choices import OrgKind, Role
from selection import stages
from selection.choices import State
from selection.models import Nomination
from tests.evaluations.test_stage_nodes import overview, past_deadline
from tests.evaluations.test_stages import split, stage
from tests.factories import (
    NominationFactory,
    OrganizationFactory,
    UserFactory,
    card,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def health(district_a):
    """A 党委 of 东区 whose branch's nomination was screened eligible and never assigned."""
    committee = OrganizationFactory(
        code="DQ03", name="东区卫健党委", kind=OrgKind.COMMITTEE, parent=district_a
    )
    OrganizationFactory(code="DQ03-01", name="卫健一支部", parent=committee)
    return committee


# --- A node whose eligible nominations never went into review ----------------------------------


def test_a_committee_that_let_its_eligible_nominations_wait_shows_late_to_its_district(
    client, staged, noms, admins, committee_a, committee_a2, committee_b, health, city_admin
):
    waiting = NominationFactory(
        campaign=staged, state=State.ELIGIBLE, member__organization=health.children.get()
    )
    first = stage(staged, 1)
    for node, name, by in (
        (committee_a, "n1", "DQ01"),
        (committee_a2, "n4", "DQ02"),
        (committee_b, "n6", "XQ01"),
    ):
        confirm_stage(first, node, [noms[name].pk], by=admins[by])
    district_admin = admins["DQ"]
    assert ("东区卫健党委", 0, False) in overview(client, district_admin, staged)[0]

    past_deadline(staged, 1)
    assert ("东区卫健党委", 0, True) in overview(client, district_admin, staged)[0]
    stages.close_due_stages()

    assert overview(client, district_admin, staged)[0] == [
        ("东区机关党委", 3, False),
        ("东区教育党委", 1, False),
        ("东区卫健党委", 0, True),
    ]
    assert (
        "逾期未确定" in client.get(reverse("evaluations:stages", args=[staged.pk])).content.decode()
    )
    assert stages.undecided_nodes(staged) == [
        "东区卫健党委（第1级）",
        "东区区委（第2级）",
        "西区区委（第2级）",
    ]
    assert overview(client, admins["XQ01"], staged)[0] == [("西区机关党委", 2, False)]

    # The 区委 forms the late 党委's committee, brings the nomination in and decides for it.
    judge = user_with_role(Role.REVIEWER, health, username="judge_dq03")
    add_reviewer(staged, judge, cap=None, by=district_admin, stage=first, node=health)
    assert assign_stage(first, health, by=district_admin) == 1
    card(waiting, UserFactory(), split(75))
    confirm_stage(first, health, [waiting.pk], by=district_admin, reason="逾期，区委代定")

    assert stages.undecided_nodes(staged) == ["东区区委（第2级）", "西区区委（第2级）"]
    assert overview(client, district_admin, staged)[0][2] == ("东区卫健党委", 1, False)


def test_before_the_deadline_the_overview_says_how_many_wait_rather_than_that_none_entered(
    client, staged, health
):
    for _ in range(2):
        NominationFactory(
            campaign=staged, state=State.ELIGIBLE, member__organization=health.children.get()
        )
    client.force_login(user_with_role(Role.ADMIN, health, username="admin_dq03"))

    response = client.get(reverse("evaluations:stages", args=[staged.pk]))

    [node] = response.context["stages"][0].nodes
    assert (node.name, node.pool, node.waiting, node.late) == ("东区卫健党委", 0, 2, False)
    page = response.content.decode()
    assert "2 名资格审查通过的人选待评分后进入" in page
    assert "尚无人选进入" not in page


def test_a_committee_that_has_decided_takes_no_more_nominations_into_its_pool(
    staged, noms, admins, committee_a, branch_a1
):
    first = stage(staged, 1)
    confirm_stage(first, committee_a, [noms["n1"].pk], by=admins["DQ01"])
    late = NominationFactory(campaign=staged, state=State.ELIGIBLE, member__organization=branch_a1)
    judge = user_with_role(Role.REVIEWER, committee_a, username="judge_dq01")
    add_reviewer(staged, judge, cap=None, by=admins["DQ01"], stage=first, node=committee_a)

    assert assign_stage(first, committee_a, by=admins["DQ01"]) == 0

    assert Nomination.objects.get(pk=late.pk).state == State.ELIGIBLE
    assert stages.undecided_nodes(staged) == [  # not 东区机关党委: its choice stands
        "东区教育党委（第1级）",
        "西区机关党委（第1级）",
        "东区区委（第2级）",
    ]


@pytest.mark.parametrize("rows", [1, 3])
def test_the_overview_past_the_first_deadline_reads_the_same_queries_for_1_and_3_late_nodes(
    client, staged, city, city_admin, rows, django_assert_num_queries
):
    committees = [
        OrganizationFactory(code=f"W{i}", name=f"党委{i}", kind=OrgKind.COMMITTEE, parent=city)
        for i in range(rows)
    ]
    for committee in committees:  # each with one branch whose nomination waits unassigned
        NominationFactory(
            campaign=staged,
            state=State.ELIGIBLE,
            member__organization=OrganizationFactory(code=f"{committee.code}-01", parent=committee),
        )
    past_deadline(staged, 1)
    stages.close_due_stages()
    client.force_login(city_admin)
    url = reverse("evaluations:stages", args=[staged.pk])
    client.get(url)

    with django_assert_num_queries(7):  # the waiting nominations and their nodes: one more
        response = client.get(url)

    assert [(n.name, n.late) for n in response.context["stages"][0].nodes] == [
        (f"党委{i}", True) for i in range(rows)
    ]


def test_a_committee_s_pool_says_who_waits_for_their_first_card_before_it_looks_empty(
    client, staged, health
):
    NominationFactory(
        campaign=staged, state=State.ELIGIBLE, member__organization=health.children.get()
    )
    health_admin = user_with_role(Role.ADMIN, health, username="admin_dq03")
    client.force_login(health_admin)
    url = reverse("evaluations:stage_pool", args=[staged.pk, 1, health.pk])

    page = client.get(url).content.decode()

    assert "本级暂无人选" in page
    assert "另有 1 名资格审查通过的人选尚未进入本级人选" in page
    assert "分配本级评审" in page


def test_before_the_review_phase_the_pool_says_they_enter_once_it_starts(client, staged, health):
    """Assigning reviewers is refused outside 评审: the hint and the button say so (#39)."""
    NominationFactory(
        campaign=staged, state=State.ELIGIBLE, member__organization=health.children.get()
    )
    staged.phase = "screening"
    staged.save(update_fields=["phase"])
    client.force_login(user_with_role(Role.ADMIN, health, username="admin_dq03"))
    url = reverse("evaluations:stage_pool", args=[staged.pk, 1, health.pk])

    page = client.get(url).content.decode()

    assert "活动进入评审阶段后，分配本级评审" in page
    assert "点击“分配本级评审”" not in page
    assert 'disabled aria-describedby="assign-later"' in page
    assert "活动进入评审阶段后才能分配本级评审。" in page

    staged.phase = "notice"  # after the review: they no longer enter
    staged.save(update_fields=["phase"])
    page = client.get(url).content.decode()

    assert "另有 1 名资格审查通过的人选未进入本级人选：评审阶段已结束。" in page
    assert "评审阶段已结束，不能再分配本级评审。" in page
