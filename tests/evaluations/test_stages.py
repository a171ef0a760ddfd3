"""逐级推荐: a three-stage campaign (党委 → 区委 → 市委) over a small city tree.

江城市委
├── 东区区委 ── 东区机关党委 (一支部: n1, n2; 二支部: n3)
│           └── 东区教育党委 (教育一支部: n4)
└── 西区区委 ── 西区机关党委 (三支部: n5, n6)
"""

import datetime

import pytest

from evaluations.queries import ranking
from evaluations.services import assign_stage, confirm_shortlist, confirm_stage
from evaluations.services.committee import add_reviewer
from members.choices import Role
from selection import notice, workflow
from selection.choices import IntegrityVerdict, StageDecision, State
from selection.errors import SelectionError
from selection.models import Stage, StageEntry
from tests.factories import (
    CampaignFactory,
    UserFactory,
    card,
    in_review,
    scores,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def split(total: int) -> dict:
    quarter = total / 4
    return scores(quarter, quarter, quarter, quarter)


def stage(campaign, position: int) -> Stage:
    return Stage.objects.get(campaign=campaign, position=position)


def test_a_one_stage_campaign_keeps_no_entries_and_ranks_as_before(city, city_admin, branch_a1):
    campaign = CampaignFactory(owner=city, phase="reviewing", min_reviewers=1, min_responses=0)
    nomination = in_review(campaign, 80, by=city_admin, member__organization=branch_a1)

    assert StageEntry.objects.count() == 0
    assert [row.nomination_id for row in ranking(campaign)] == [nomination.pk]


def test_nominations_enter_the_first_stage_pool_of_their_committee(
    staged, noms, committee_a, committee_a2, committee_b
):
    pools = {
        entry.nomination.member.name: entry.node
        for entry in StageEntry.objects.filter(stage__position=1).select_related(
            "nomination__member", "node"
        )
    }

    assert pools == {
        "n1": committee_a,
        "n2": committee_a,
        "n3": committee_a,
        "n4": committee_a2,
        "n5": committee_b,
        "n6": committee_b,
    }


def test_a_committee_ranks_only_its_own_pool(staged, noms, committee_a):
    rows = ranking(staged, stage(staged, 1), committee_a)

    assert [(row.name, row.rank) for row in rows] == [("n1", 1), ("n2", 2), ("n3", 3)]


def test_a_committee_cannot_choose_beyond_its_quota(staged, noms, committee_a, admins):
    chosen = [noms["n1"].pk, noms["n2"].pk, noms["n3"].pk]

    with pytest.raises(SelectionError, match="名额为 2 名"):
        confirm_stage(stage(staged, 1), committee_a, chosen, by=admins["DQ01"])


def test_departing_from_rank_order_needs_a_reason(staged, noms, committee_a, admins):
    with pytest.raises(SelectionError, match="写明理由"):
        confirm_stage(stage(staged, 1), committee_a, [noms["n3"].pk], by=admins["DQ01"])


def test_a_sibling_committee_admin_cannot_confirm_another_pool(staged, noms, committee_a, admins):
    with pytest.raises(SelectionError) as refused:
        confirm_stage(stage(staged, 1), committee_a, [noms["n1"].pk], by=admins["XQ01"])

    assert refused.value.status == 403


def test_three_stages_end_with_a_final_ranking_of_only_what_passed_every_stage(
    staged, noms, admins, committee_a, committee_a2, committee_b, district_a, district_b, city
):
    integrity = user_with_role(Role.INTEGRITY, city)
    workflow.give_integrity_opinion(
        noms["n6"], by=integrity, verdict=IntegrityVerdict.VETO, reason="有违纪线索"
    )
    first, second, final = (stage(staged, p) for p in (1, 2, 3))

    # Stage 1: each 党委 chooses within its quota.
    assert confirm_stage(first, committee_a, [noms["n1"].pk, noms["n2"].pk], by=admins["DQ01"])
    confirm_stage(first, committee_a2, [noms["n4"].pk], by=admins["DQ02"])
    with pytest.raises(SelectionError, match="未参与排名"):  # the vetoed one stops
        confirm_stage(first, committee_b, [noms["n6"].pk], by=admins["XQ01"])
    confirm_stage(first, committee_b, [noms["n5"].pk], by=admins["XQ01"])

    # Stage 2: the 区委s choose from what came up, scored afresh.
    pool_a = StageEntry.objects.filter(stage=second, node=district_a)
    assert sorted(e.nomination.member.name for e in pool_a) == ["n1", "n2", "n4"]
    for name, points in [("n1", 70), ("n2", 60), ("n4", 90), ("n5", 80)]:
        card(noms[name], UserFactory(), split(points), stage=second)
    assert [r.name for r in ranking(staged, second, district_a)] == ["n4", "n1", "n2"]
    confirm_stage(second, district_a, [noms["n4"].pk], by=admins["DQ"])
    confirm_stage(second, district_b, [noms["n5"].pk], by=admins["XQ"])

    # Stage 3: the city's final ranking covers only what passed every stage.
    for name, points in [("n4", 88), ("n5", 92)]:
        card(noms[name], UserFactory(), split(points), stage=final)
    assert [(r.name, r.rank) for r in ranking(staged)] == [("n5", 1), ("n4", 2)]
    confirm_shortlist(staged, [noms["n5"].pk, noms["n4"].pk], by=admins["JC"])
    opened = notice.open_notice(
        staged,
        starts_on=datetime.date(2026, 12, 7),
        working_days=5,
        contact="市委组织部",
        by=admins["JC"],
    )

    states = {name: n.__class__.objects.get(pk=n.pk).state for name, n in noms.items()}
    assert states == {
        "n1": State.NOT_SELECTED,
        "n2": State.NOT_SELECTED,
        "n3": State.NOT_SELECTED,
        "n4": State.IN_NOTICE,
        "n5": State.IN_NOTICE,
        "n6": State.VETOED,
    }
    assert opened.campaign_id == staged.pk
    history = list(
        StageEntry.objects.filter(nomination=noms["n4"])
        .order_by("stage__position")
        .values_list("stage__position", "node__code", "decision", "rank")
    )
    assert history == [
        (1, "DQ02", StageDecision.ADVANCED, 1),
        (2, "DQ", StageDecision.ADVANCED, 1),
        (3, "JC", StageDecision.SELECTED, 2),
    ]
    assert StageEntry.objects.filter(nomination=noms["n6"]).count() == 1


def test_a_confirmed_choice_stands(staged, noms, committee_a2, admins):
    confirm_stage(stage(staged, 1), committee_a2, [noms["n4"].pk], by=admins["DQ02"])

    with pytest.raises(SelectionError, match="已经确定"):
        confirm_stage(stage(staged, 1), committee_a2, [noms["n4"].pk], by=admins["DQ02"])


def test_the_next_stage_gets_fresh_cards_from_the_node_committee(
    staged, noms, committee_a2, district_a, admins
):
    confirm_stage(stage(staged, 1), committee_a2, [noms["n4"].pk], by=admins["DQ02"])
    for username in ("judge1", "judge2"):
        add_reviewer(
            staged,
            user_with_role(Role.REVIEWER, district_a, username=username),
            cap=None,
            by=admins["DQ"],
            stage=stage(staged, 2),
            node=district_a,
        )

    created = assign_stage(stage(staged, 2), district_a, by=admins["DQ"])

    assert created == 1
    assert list(noms["n4"].scorecards.values_list("stage__position", flat=True)) == [None, 2]


def test_the_results_page_figures_come_from_the_final_stage_cards(
    staged, noms, admins, committee_a, committee_a2, committee_b, district_a, district_b
):
    from evaluations.queries import calibration, with_medians

    first, second, final = (stage(staged, p) for p in (1, 2, 3))
    confirm_stage(first, committee_a, [noms["n1"].pk], by=admins["DQ01"])
    confirm_stage(first, committee_a2, [noms["n4"].pk], by=admins["DQ02"])
    confirm_stage(first, committee_b, [noms["n6"].pk], by=admins["XQ01"])
    for name in ("n1", "n6"):
        card(noms[name], UserFactory(), split(80), stage=second)
    confirm_stage(second, district_a, [noms["n1"].pk], by=admins["DQ"], reason="n4 未评分")
    confirm_stage(second, district_b, [noms["n6"].pk], by=admins["XQ"])
    judge = UserFactory(username="final_judge")
    for name, total in (("n1", 60), ("n6", 64)):
        card(noms[name], judge, split(total), stage=final)

    rows = with_medians(ranking(staged), staged)

    assert [(r.name, r.median_total) for r in rows] == [("n6", 64), ("n1", 60)]
    assert [(c.cards, c.mean) for c in calibration(staged)] == [(2, 62)]  # the final judge
