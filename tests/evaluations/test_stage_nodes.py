"""逐级推荐 (#39): which organisation decides at a stage, and when the final stage may go on.

A branch directly under a 区委 has no 党委 above it: at the 党委 stage its 区委 acts as its 党委
(own pool, committee, quota and survey there), then sends its choice up as usual. An
organisation that is no node of a stage has no pool or committee there (404). The city's final
choice, 公示 and conclusion wait until every node below has decided, a late node decided by the
node above; and a node that let its eligible nominations wait past its deadline, none of them in
review, shows late too.

江城市委
├── 东区区委 ── 东区机关党委 (一支部: n1, n2; 二支部: n3)
│           ├── 东区教育党委 (教育一支部: n4)
│           └── 东区区直支部 (directly under the 区委)
└── 西区区委 ── 西区机关党委 (三支部: n5, n6)
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from evaluations.services import assign_stage, confirm_shortlist, confirm_stage
from evaluations.services.committee import add_reviewer
from members.choices import OrgKind, Role
from selection import notice, stages
from selection.choices import QuotaKind, StageDecision, State
from selection.errors import SelectionError
from selection.models import Nomination, Stage, StageEntry
from tests.evaluations.test_stages import split, stage
from tests.factories import (
    MemberFactory,
    NominationFactory,
    OrganizationFactory,
    UserFactory,
    card,
    in_review,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def open_notice(campaign, by):
    return notice.open_notice(
        campaign, starts_on=datetime.date(2026, 12, 7), working_days=5, contact="市委组织部", by=by
    )


def overview(client, user, campaign) -> list[list[tuple[str, int, bool]]]:
    """Each stage's nodes as the user's overview lists them: (name, pool, late)."""
    client.force_login(user)
    page = client.get(reverse("evaluations:stages", args=[campaign.pk]))
    return [[(n.name, n.pool, n.late) for n in view.nodes] for view in page.context["stages"]]


def history(nomination) -> list[tuple]:
    return list(
        StageEntry.objects.filter(nomination=nomination)
        .order_by("stage__position")
        .values_list("stage__position", "node__code", "decision")
    )


@pytest.fixture
def direct_branch(district_a):
    return OrganizationFactory(code="DQ09", name="东区区直支部", parent=district_a)


@pytest.fixture
def health(district_a):
    """A 党委 of 东区 whose branch's nomination was screened eligible and never assigned."""
    committee = OrganizationFactory(
        code="DQ03", name="东区卫健党委", kind=OrgKind.COMMITTEE, parent=district_a
    )
    OrganizationFactory(code="DQ03-01", name="卫健一支部", parent=committee)
    return committee


def past_deadline(campaign, position: int) -> None:
    Stage.objects.filter(campaign=campaign, position=position).update(
        deadline=timezone.now() - datetime.timedelta(hours=1)
    )


# --- A branch with no organisation of the stage's level above it -------------------------------


def test_a_branch_directly_under_a_district_is_chosen_by_the_district_at_the_committee_stage(
    client, staged, noms, admins, district_a, direct_branch, city_admin
):
    first, second = stage(staged, 1), stage(staged, 2)
    nominee = in_review(
        staged, 80, by=city_admin, member__organization=direct_branch, member__name="区直"
    )

    # The 区委 holds the stage-1 pool of its own branch, not the city over its head.
    assert StageEntry.objects.get(stage=first, nomination=nominee).node == district_a
    assert stages.in_survey_stage(nominee)  # the first stage's 民主测评 runs there
    assert overview(client, admins["DQ"], staged)[0] == [
        ("东区区委", 1, False),
        ("东区机关党委", 3, False),
        ("东区教育党委", 1, False),
    ]
    url = reverse("evaluations:stage_pool", args=[staged.pk, 1, district_a.pk])
    page = client.get(url)
    assert [row.entry.nomination.member.name for row in page.context["page"]] == ["区直"]
    committee_url = reverse("evaluations:node_committee", args=[staged.pk, 1, district_a.pk])
    assert client.get(committee_url).status_code == 200
    city_pool = reverse("evaluations:stage_pool", args=[staged.pk, 1, staged.owner_id])
    assert client.get(city_pool).status_code == 404  # no pool of the city at stage 1

    confirm_stage(first, district_a, [nominee.pk], by=admins["DQ"])

    # Its choice goes up as any 党委's: into the 区委's stage-2 pool, with the others.
    assert history(nominee) == [
        (1, "DQ", StageDecision.ADVANCED),
        (2, "DQ", StageDecision.PENDING),
    ]
    assert not stages.in_survey_stage(nominee)
    assert list(
        StageEntry.objects.filter(stage=second, node=district_a).values_list(
            "nomination__member__name", flat=True
        )
    ) == ["区直"]


def test_a_district_whose_own_branch_nominates_nobody_has_no_pool_at_the_committee_stage(
    client, staged, noms, admins, district_a, direct_branch, city_admin
):
    """It appears at the stages where it has a pool: its own (the 区委 stage), not the 党委
    stage it would act at for a branch of its own that sent nobody."""
    pool = reverse("evaluations:stage_pool", args=[staged.pk, 1, district_a.pk])

    assert [name for name, _pool, _late in overview(client, admins["DQ"], staged)[0]] == [
        "东区机关党委",
        "东区教育党委",
    ]
    assert client.get(pool).status_code == 404

    NominationFactory(campaign=staged, state="eligible", member__organization=direct_branch)

    assert "东区区委" in [name for name, _pool, _late in overview(client, admins["DQ"], staged)[0]]
    assert client.get(pool).status_code == 200


def test_an_acting_district_s_ratio_quota_counts_the_members_it_acts_for(
    staged, noms, admins, district_a, committee_a, direct_branch, city_admin
):
    Stage.objects.filter(campaign=staged, position=1).update(
        quota_kind=QuotaKind.RATIO, quota_value=Decimal(50)
    )
    first = stage(staged, 1)
    nominees = [
        in_review(staged, 90 - i, by=city_admin, member__organization=direct_branch)
        for i in range(3)
    ]
    MemberFactory(organization=direct_branch)

    # 50 % of the four full members of its own branch, not of the eight in its subtree.
    assert stages.node_quota(first, district_a) == 2
    assert stages.node_quota(first, committee_a) == 2  # 50 % of n1, n2, n3, as before
    with pytest.raises(SelectionError, match="名额为 2 名"):
        confirm_stage(first, district_a, [n.pk for n in nominees], by=admins["DQ"])
    assert confirm_stage(first, district_a, [n.pk for n in nominees[:2]], by=admins["DQ"])


# --- An organisation that is no node of a stage has no pool there ------------------------------


def test_a_pool_at_a_stage_the_organisation_is_no_node_of_is_not_found(
    client, staged, noms, admins, committee_a, branch_a1, city_admin
):
    client.force_login(admins["DQ01"])
    own = reverse("evaluations:stage_pool", args=[staged.pk, 1, committee_a.pk])
    above = reverse("evaluations:stage_pool", args=[staged.pk, 2, committee_a.pk])

    assert client.get(own).status_code == 200
    assert client.get(above).status_code == 404
    committee_url = reverse("evaluations:node_committee", args=[staged.pk, 2, committee_a.pk])
    assert client.get(committee_url).status_code == 404
    confirm_url = reverse("evaluations:stage_confirm", args=[staged.pk, 2, committee_a.pk])
    assert client.post(confirm_url, {"reason": "本级无人选"}).status_code == 404
    assert not AuditEvent.objects.filter(verb="review.stage_confirmed").exists()
    client.force_login(city_admin)
    branch_pool = reverse("evaluations:stage_pool", args=[staged.pk, 1, branch_a1.pk])
    assert client.get(branch_pool).status_code == 404


# --- The final stage waits for every node below -------------------------------------------------


def test_the_city_waits_for_every_node_below_and_a_late_one_is_decided_by_its_district(
    client, staged, noms, admins, committee_a, committee_a2, committee_b, district_a, district_b
):
    first, second, final = (stage(staged, p) for p in (1, 2, 3))
    confirm_stage(first, committee_a, [noms["n1"].pk], by=admins["DQ01"])
    confirm_stage(first, committee_b, [noms["n6"].pk], by=admins["XQ01"])
    for name in ("n1", "n6"):
        card(noms[name], UserFactory(), split(80), stage=second)
    confirm_stage(second, district_b, [noms["n6"].pk], by=admins["XQ"])
    card(noms["n6"], UserFactory(), split(90), stage=final)

    # 东区教育党委 never decided, nor 东区区委: the city may not close its list over them.
    waiting = "东区教育党委（第1级）、东区区委（第2级）"
    with pytest.raises(SelectionError, match=waiting):
        confirm_shortlist(staged, [noms["n6"].pk], by=admins["JC"])
    with pytest.raises(SelectionError, match=waiting):
        open_notice(staged, admins["JC"])
    client.force_login(admins["JC"])
    refused = client.post(
        reverse("evaluations:stage_confirm", args=[staged.pk, 3, staged.owner_id]),
        {"chosen": [noms["n6"].pk]},
        follow=True,
    )
    assert "东区教育党委（第1级）" in refused.content.decode()
    assert Nomination.objects.get(pk=noms["n6"].pk).state == State.IN_REVIEW

    # The first stage closes; its late 党委 is decided by the 区委 above it, then the 区委 decides.
    past_deadline(staged, 1)
    stages.close_due_stages()
    assert overview(client, admins["DQ"], staged)[0][1] == ("东区教育党委", 1, True)
    confirm_stage(first, committee_a2, [noms["n4"].pk], by=admins["DQ"], reason="逾期，区委代定")
    card(noms["n4"], UserFactory(), split(70), stage=second)
    confirm_stage(second, district_a, [noms["n1"].pk], by=admins["DQ"])
    card(noms["n1"], UserFactory(), split(85), stage=final)

    assert stages.undecided_nodes(staged) == []
    assert confirm_shortlist(staged, [noms["n6"].pk], by=admins["JC"]) == [noms["n6"].pk]
    open_notice(staged, admins["JC"])
    assert not any("尚未确定本级推荐名单" in p for p in notice.conclusion_blockers(staged))


def test_a_campaign_whose_notice_opened_over_an_undecided_node_cannot_conclude(
    staged, noms, admins, committee_a, committee_a2, committee_b, district_a, district_b
):
    first, second, final = (stage(staged, p) for p in (1, 2, 3))
    for node, name, by in (
        (committee_a, "n1", "DQ01"),
        (committee_a2, "n4", "DQ02"),
        (committee_b, "n6", "XQ01"),
    ):
        confirm_stage(first, node, [noms[name].pk], by=admins[by])
    for name in ("n1", "n6"):
        card(noms[name], UserFactory(), split(80), stage=second)
    confirm_stage(second, district_a, [noms["n1"].pk], by=admins["DQ"])
    confirm_stage(second, district_b, [noms["n6"].pk], by=admins["XQ"])
    card(noms["n6"], UserFactory(), split(90), stage=final)
    confirm_shortlist(staged, [noms["n6"].pk], by=admins["JC"])
    open_notice(staged, admins["JC"])
    # As a 公示 opened before the final stage waited for the stages below would have left it.
    StageEntry.objects.filter(stage=first, node=committee_a2).update(decision=StageDecision.PENDING)

    assert "东区教育党委（第1级）" in "".join(notice.conclusion_blockers(staged))


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
