"""逐级推荐: a level that does not exist above a branch is skipped, so nobody decides the same
people twice.

东区机关党委's 东区一支部 sits directly under it, with no 党总支 in between. At the 党总支 stage
nobody stands for that branch: its nominees go straight into the 党委's own pool at the 党委
stage, where the 党委 admin decides about them once, beside those its 党总支 sent up. An
organisation still acts for a missing level when it has no stage of its own later (a 区委 at
the 党委 stage of a campaign with no 区委 stage).

江城市委
└── 东区区委 ── 东区机关党委 ─┬─ 第一党总支 (一支部: 甲)
                              ├─ 第二党总支
                              └─ 东区一支部 (directly under the 党委: 丁)

Stages: 党总支 (3 places) → 党(工)委 (1) → 市委 (1).
"""

import pytest
from django.urls import reverse

from evaluations.queries import ranking
from evaluations.services import add_reviewer, assign_stage, confirm_stage, withdraw_stage
from members.choices import OrgKind, Role
from selection import stages, workflow
from selection.choices import StageDecision, State
from selection.models import Nomination
from tests.evaluations.test_stage_nodes import history
from tests.evaluations.test_stages import split, stage
from tests.factories import (
    NominationFactory,
    OrganizationFactory,
    UserFactory,
    card,
    in_review,
    staged_campaign,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def overview(client, user, campaign) -> dict[int, list[tuple[str, int, int]]]:
    """Each stage's nodes as the user's overview lists them: (name, pool, waiting)."""
    client.force_login(user)
    page = client.get(reverse("evaluations:stages", args=[campaign.pk]))
    assert page.status_code == 200
    return {
        view.stage.position: [(n.name, n.pool, n.waiting) for n in view.nodes]
        for view in page.context["stages"]
    }


def test_the_committee_decides_once_about_its_own_branch_s_nominee(
    client, zongzhi_staged, zongzhi_tree, committee_a, branch_a1, city_admin
):
    campaign, dangwei, zongzhi = zongzhi_staged, zongzhi_tree["dangwei"], zongzhi_tree["zongzhi"]
    zongzhi_branch = zongzhi_tree["branch1"]
    first, second = stage(campaign, 1), stage(campaign, 2)
    jia = in_review(campaign, 90, by=city_admin, member__organization=zongzhi_branch)
    ding = NominationFactory(
        campaign=campaign, state=State.ELIGIBLE, member__organization=branch_a1
    )

    # No 党总支 stands above 东区一支部: the 党委 has no pool at the 党总支 stage, and 丁 waits
    # for its first card at the 党委's own stage.
    assert overview(client, dangwei, campaign)[1] == [("第一党总支", 1, 0), ("第二党总支", 0, 0)]
    assert overview(client, dangwei, campaign)[2] == [("东区机关党委", 0, 1)]
    skipped = reverse("evaluations:stage_pool", args=[campaign.pk, 1, committee_a.pk])
    assert client.get(skipped).status_code == 404
    own = reverse("evaluations:stage_pool", args=[campaign.pk, 2, committee_a.pk])
    assert client.get(own).context["waiting"] == 1  # "另有 1 名……尚未进入本级人选"
    assert stages.current_pool(ding) == (second, committee_a)

    workflow.start_review(ding, by=city_admin)
    card(ding, UserFactory(), split(85), stage=second)

    assert history(ding) == [(2, "DQ01", StageDecision.PENDING)]
    assert stages.undecided_nodes(campaign, second, committee_a) == ["第一党总支（第1级）"]

    confirm_stage(first, zongzhi_branch.parent, [jia.pk], by=zongzhi)
    card(jia, UserFactory(), split(80), stage=second)
    confirm_stage(second, committee_a, [ding.pk], by=dangwei)

    # One decision by the 党委, taken beside what its 党总支 sent up, then on to the city.
    assert history(ding) == [
        (2, "DQ01", StageDecision.ADVANCED),
        (3, "JC", StageDecision.PENDING),
    ]
    assert history(jia) == [
        (1, "DQ01-Z1", StageDecision.ADVANCED),
        (2, "DQ01", StageDecision.NOT_CHOSEN),
    ]
    assert stages.undecided_nodes(campaign) == []


def test_the_committee_s_own_committee_brings_its_branch_s_nominee_into_review(
    zongzhi_staged, zongzhi_tree, committee_a, branch_a1
):
    campaign, dangwei = zongzhi_staged, zongzhi_tree["dangwei"]
    second = stage(campaign, 2)
    reviewer = user_with_role(Role.REVIEWER, committee_a, username="pingwei_t")
    add_reviewer(campaign, reviewer, cap=None, by=dangwei, stage=second, node=committee_a)
    ding = NominationFactory(
        campaign=campaign, state=State.ELIGIBLE, member__organization=branch_a1
    )

    assert assign_stage(second, committee_a, by=dangwei) == 1

    assert Nomination.objects.get(pk=ding.pk).state == State.IN_REVIEW
    assert list(ding.scorecards.values_list("stage__position", flat=True)) == [2]
    assert history(ding) == [(2, "DQ01", StageDecision.PENDING)]


def test_the_survey_of_a_nominee_that_skips_the_survey_stage_runs_at_its_first_pool(
    zongzhi_staged, zongzhi_tree, committee_a, branch_a1, city_admin
):
    """The 民主测评 runs at the first stage; 丁 never is there, so it runs at the 党委 stage, and
    counts there as it does for those who came up with their results."""
    campaign = zongzhi_staged
    second = stage(campaign, 2)
    ding = NominationFactory(
        campaign=campaign, state=State.ELIGIBLE, member__organization=branch_a1
    )
    assert stages.in_survey_stage(ding)

    workflow.start_review(ding, by=city_admin)
    card(ding, UserFactory(), split(85), stage=second)

    assert stages.in_survey_stage(ding)
    assert [row.nomination_id for row in ranking(campaign, second, committee_a)] == [ding.pk]

    confirm_stage(second, committee_a, [ding.pk], by=zongzhi_tree["dangwei"])

    assert not stages.in_survey_stage(ding)


def test_a_district_still_acts_for_its_own_branch_at_a_level_it_has_no_stage_of(
    city, city_admin, district_a, committee_a
):
    """Stages 党委 → 市委: the 区委 decides for the branch directly under it at the 党委 stage
    (it has no stage of its own), and the city decides after it."""
    campaign = staged_campaign(
        city, [(OrgKind.COMMITTEE, 1), (OrgKind.CITY, 1)], by=city_admin, exemplar_count=1
    )
    direct = OrganizationFactory(code="DQ09", name="东区区直支部", parent=district_a)
    nominee = in_review(campaign, 80, by=city_admin, member__organization=direct)

    assert history(nominee) == [(1, "DQ", StageDecision.PENDING)]


def test_a_general_branch_under_the_city_sends_its_choice_past_the_missing_committee(
    zongzhi_staged, city, city_admin
):
    """No 党委 stands above a 党总支 directly under the city: what it sends up goes straight to
    the city's pool, and withdrawing its choice takes it back from there."""
    zongzhi_org = OrganizationFactory(
        code="JC-Z9", name="市直第九党总支", kind=OrgKind.GENERAL_BRANCH, parent=city
    )
    branch = OrganizationFactory(code="JC-Z9-01", name="九支部", parent=zongzhi_org)
    admin = user_with_role(Role.ADMIN, zongzhi_org, username="zongzhi9_t")
    first = stage(zongzhi_staged, 1)
    nominee = in_review(zongzhi_staged, 90, by=city_admin, member__organization=branch)

    confirm_stage(first, zongzhi_org, [nominee.pk], by=admin)

    assert history(nominee) == [
        (1, "JC-Z9", StageDecision.ADVANCED),
        (3, "JC", StageDecision.PENDING),
    ]

    assert withdraw_stage(first, zongzhi_org, by=admin, reason="材料有误，重新研究") == [nominee.pk]

    assert history(nominee) == [(1, "JC-Z9", StageDecision.PENDING)]
