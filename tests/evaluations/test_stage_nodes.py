"""逐级推荐 (#39): which organisation decides at a stage, and when the final stage may go on.

A branch directly under a 区委 has no 党委 above it: the 党委 stage is skipped for it, its
nominations go straight into the 区委's pool at the 区委 stage (the 区委 decides once). Where the
区委 holds no stage of its own (stages 党委 → 市委), it acts as its branch's 党委 at the 党委 stage
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

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from evaluations.services import confirm_shortlist, confirm_stage
from members.choices import OrgKind
from selection import nodes, notice, stages, workflow
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
    staged_campaign,
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


def past_deadline(campaign, position: int) -> None:
    Stage.objects.filter(campaign=campaign, position=position).update(
        deadline=timezone.now() - datetime.timedelta(hours=1)
    )


# --- A branch with no organisation of the stage's level above it -------------------------------


def test_a_branch_directly_under_a_district_goes_straight_into_the_district_s_own_pool(
    client, staged, noms, admins, district_a, direct_branch, city_admin
):
    """The 区委 decides at its own stage; it does not act as the branch's 党委 at the 党委 stage
    too, which would have it decide about the same people twice."""
    first, second = stage(staged, 1), stage(staged, 2)
    nominee = NominationFactory(
        campaign=staged,
        state=State.ELIGIBLE,
        member__organization=direct_branch,
        member__name="区直",
    )

    # Before its first card, the overview shows it on its way to the 区委's stage-2 pool.
    assert overview(client, admins["DQ"], staged)[:2] == [
        [("东区机关党委", 3, False), ("东区教育党委", 1, False)],
        [("东区区委", 0, False)],
    ]
    assert stages.current_pool(nominee) == (second, district_a)

    workflow.start_review(nominee, by=city_admin)
    card(nominee, UserFactory(), split(80), stage=second)

    assert history(nominee) == [(2, "DQ", StageDecision.PENDING)]
    assert stages.in_survey_stage(nominee)  # the skipped first stage's 民主测评 runs here
    for pool in (district_a.pk, staged.owner_id):  # no pool of the 区委 or the city at stage 1
        url = reverse("evaluations:stage_pool", args=[staged.pk, 1, pool])
        assert client.get(url).status_code == 404
    url = reverse("evaluations:stage_pool", args=[staged.pk, 2, district_a.pk])
    assert [row.entry.nomination.member.name for row in client.get(url).context["page"]] == ["区直"]
    assert StageEntry.objects.filter(stage=first, nomination=nominee).count() == 0


def test_a_district_has_no_pool_at_the_committee_stage_even_for_its_own_branch(
    client, staged, noms, admins, district_a, direct_branch, city_admin
):
    """It appears at the stage where it decides: its own (the 区委 stage)."""
    pool = reverse("evaluations:stage_pool", args=[staged.pk, 1, district_a.pk])

    NominationFactory(campaign=staged, state="eligible", member__organization=direct_branch)

    assert [name for name, _pool, _late in overview(client, admins["DQ"], staged)[0]] == [
        "东区机关党委",
        "东区教育党委",
    ]
    assert client.get(pool).status_code == 404


def test_an_acting_district_s_ratio_quota_counts_the_members_it_acts_for(
    city, noms, admins, district_a, committee_a, direct_branch, city_admin
):
    """Stages 党委 → 市委: with no stage of its own, the 区委 acts as its branch's 党委."""
    campaign = staged_campaign(
        city, [(OrgKind.COMMITTEE, 50), (OrgKind.CITY, 2)], by=city_admin, exemplar_count=2
    )
    Stage.objects.filter(campaign=campaign, position=1).update(quota_kind=QuotaKind.RATIO)
    first = stage(campaign, 1)
    nominees = [
        in_review(campaign, 90 - i, by=city_admin, member__organization=direct_branch)
        for i in range(3)
    ]
    MemberFactory(organization=direct_branch)

    assert history(nominees[0]) == [(1, "DQ", StageDecision.PENDING)]
    # 50 % of the four full members of its own branch, not of the eight in its subtree.
    assert nodes.node_quota(first, district_a) == 2
    assert nodes.node_quota(first, committee_a) == 2  # 50 % of n1, n2, n3, as before
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
    confirm_stage(second, district_a, [noms["n1"].pk], by=admins["DQ"], reason="n4 未评分")
    confirm_stage(second, district_b, [noms["n6"].pk], by=admins["XQ"])
    card(noms["n6"], UserFactory(), split(90), stage=final)
    confirm_shortlist(staged, [noms["n6"].pk], by=admins["JC"])
    open_notice(staged, admins["JC"])
    # As a 公示 opened before the final stage waited for the stages below would have left it.
    StageEntry.objects.filter(stage=first, node=committee_a2).update(decision=StageDecision.PENDING)

    assert "东区教育党委（第1级）" in "".join(notice.conclusion_blockers(staged))
