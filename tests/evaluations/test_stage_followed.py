"""逐级推荐: a lower admin follows their candidates up the levels on the stages overview.

At a level decided above their organisation, the overview says so and lists, read only, the
nominations from within their scope in that level's pool and where each stands there; nothing
of another organisation's candidates, no rank, no total; the upper pool itself stays closed.

江城市委
└── 东区区委 ── 东区机关党委 ─┬─ 第一党总支 (一支部: 甲, 乙)
                              └─ 第二党总支 (二支部: 丙)

Stages: 党总支 (3 places) → 党(工)委 (1) → 市委 (1).
"""

import pytest
from django.db.models import Q
from django.urls import reverse

from evaluations.services import confirm_stage
from selection.models import Stage, StageEntry
from selection.rules import followed_entries_q
from tests.factories import (
    NominationFactory,
    UserFactory,
    card,
    in_review,
    scores,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(zongzhi_staged):
    return zongzhi_staged


@pytest.fixture
def tree(zongzhi_tree):
    return zongzhi_tree


def nominee(campaign, branch, name, total, by):
    return in_review(campaign, total, by=by, member__organization=branch, member__name=name)


def stage(campaign, position: int) -> Stage:
    return Stage.objects.get(campaign=campaign, position=position)


@pytest.fixture
def story(campaign, tree, committee_a, city_admin):
    """第一党总支 sends 甲 and 乙 up, 第二党总支 丙; 东区机关党委 chooses 甲 alone."""
    noms = {
        name: nominee(campaign, tree[branch], name, total, city_admin)
        for name, branch, total in [
            ("甲", "branch1", 90),
            ("乙", "branch1", 80),
            ("丙", "branch2", 85),
        ]
    }
    first = stage(campaign, 1)
    confirm_stage(first, tree["first"], [noms["甲"].pk, noms["乙"].pk], by=tree["zongzhi"])
    confirm_stage(first, tree["second"], [noms["丙"].pk], by=tree["zongzhi2"])
    second = stage(campaign, 2)
    for name, total in [("甲", 95), ("乙", 70), ("丙", 80)]:
        card(noms[name], UserFactory(), scores(*[total / 4] * 4), stage=second)
    confirm_stage(second, committee_a, [noms["甲"].pk], by=tree["dangwei"])
    return noms


def overview(client, user, campaign):
    client.force_login(user)
    response = client.get(reverse("evaluations:stages", args=[campaign.pk]))
    assert response.status_code == 200
    return response


def followed(response) -> dict[int, tuple[bool, list[tuple[str, str, str]]]]:
    """Per stage position: whether it is decided above the user, and their rows there."""
    return {
        view.stage.position: (
            view.above,
            [(row.name, row.node, str(row.standing)) for row in view.followed],
        )
        for view in response.context["stages"]
    }


def test_a_general_branch_admin_sees_their_two_candidates_at_level_2_and_which_was_chosen(
    client, campaign, tree, story
):
    response = overview(client, tree["zongzhi"], campaign)

    assert followed(response) == {
        1: (False, []),
        2: (True, [("甲", "东区机关党委", "推荐上报"), ("乙", "东区机关党委", "未推荐")]),
        3: (True, [("甲", "江城市委", "待确定")]),
    }
    html = response.content.decode()
    assert "本级暂无人选" not in html
    assert html.count("本级人选由上级组织办理。") == 2
    assert "您推荐的人选中有 2 名在本级推荐池" in html
    assert "丙" not in html
    # Read only, no score: the names lead to their own nominations, never to the upper pool.
    assert reverse("selection:nomination_detail", args=[story["甲"].pk]) in html
    assert "/stages/2/" not in html
    assert "95.00" not in html


def test_the_other_general_branch_admin_sees_only_their_own_and_that_it_did_not_go_further(
    client, campaign, tree, story
):
    response = overview(client, tree["zongzhi2"], campaign)

    assert followed(response) == {
        1: (False, []),
        2: (True, [("丙", "东区机关党委", "未推荐")]),
        3: (True, []),
    }
    html = response.content.decode()
    assert "您推荐的人选未进入本级。" in html
    assert "甲" not in html and "乙" not in html


def test_the_committee_admin_follows_its_choice_to_the_city_and_keeps_its_own_levels(
    client, campaign, tree, story
):
    response = overview(client, tree["dangwei"], campaign)

    assert followed(response) == {
        1: (False, []),
        2: (False, []),
        3: (True, [("甲", "江城市委", "待确定")]),
    }
    assert "本级暂无人选" not in response.content.decode()


def test_the_city_admin_s_overview_is_unchanged(client, campaign, city_admin, story):
    response = overview(client, city_admin, campaign)

    assert followed(response) == {1: (False, []), 2: (False, []), 3: (False, [])}
    assert "本级人选由上级组织办理" not in response.content.decode()


def test_before_their_own_level_decided_the_levels_above_do_not_say_theirs_failed(
    client, campaign, tree, city_admin
):
    nominee(campaign, tree["branch1"], "甲", 90, city_admin)

    response = overview(client, tree["zongzhi"], campaign)

    assert followed(response) == {1: (False, []), 2: (True, []), 3: (True, [])}
    html = response.content.decode()
    assert html.count("您推荐的人选尚待下级组织确定，确定推荐上报后进入本级。") == 2
    assert "您推荐的人选未进入本级。" not in html
    assert "本级暂无人选" not in html


def test_while_their_candidates_wait_for_their_first_card_nothing_is_said_to_have_failed(
    client, campaign, tree
):
    NominationFactory(campaign=campaign, state="eligible", member__organization=tree["branch1"])

    html = overview(client, tree["zongzhi"], campaign).content.decode()

    assert "您推荐的人选未进入本级。" not in html
    assert html.count("您推荐的人选尚待下级组织确定") == 2


def test_once_their_level_decided_a_level_their_candidates_did_not_reach_says_so(
    client, campaign, tree, story
):
    """第二党总支's 丙 was not chosen by the 党委: the 市委 level says so (after the decision)."""
    html = overview(client, tree["zongzhi2"], campaign).content.decode()

    assert html.count("您推荐的人选未进入本级。") == 1
    assert "尚待下级组织确定" not in html


def test_at_a_first_level_above_them_their_eligible_candidates_are_said_to_be_on_their_way(
    client, staged, tree
):
    # ``staged`` starts at the 党(工)委 level: the 党总支 chooses at no level of its own.
    NominationFactory(campaign=staged, state="eligible", member__organization=tree["branch1"])

    response = overview(client, tree["zongzhi"], staged)

    first = response.context["stages"][0]
    assert (first.above, first.followed, first.followed_waiting) == (True, [], 1)
    assert "1 名资格审查通过的人选待评分后进入" in response.content.decode()


def test_following_opens_nothing_more_the_upper_pool_and_a_sibling_s_nomination_stay_closed(
    client, campaign, tree, committee_a, story
):
    client.force_login(tree["zongzhi"])

    pool = reverse("evaluations:stage_pool", args=[campaign.pk, 2, committee_a.pk])
    sibling = reverse("selection:nomination_detail", args=[story["丙"].pk])

    assert client.get(pool).status_code == 404
    assert client.get(sibling).status_code == 404


def test_the_rule_lists_a_user_s_nominations_only_in_pools_outside_their_admin_scope(
    campaign, tree, story, city_admin, other_admin
):
    def seen(user):
        entries = StageEntry.objects.filter(Q(stage__campaign=campaign) & followed_entries_q(user))
        return sorted(entries.values_list("stage__position", "nomination__member__name"))

    assert seen(tree["zongzhi"]) == [(2, "乙"), (2, "甲"), (3, "甲")]
    assert seen(tree["zongzhi2"]) == [(2, "丙")]
    assert seen(tree["dangwei"]) == [(3, "甲")]
    assert seen(city_admin) == []
    assert seen(other_admin) == []


@pytest.mark.parametrize("rows", [1, 3])
def test_the_overview_of_a_lower_admin_reads_the_same_queries_for_1_and_3_candidates(
    client, campaign, tree, city_admin, rows, django_assert_num_queries
):
    made = [nominee(campaign, tree["branch1"], f"人选{i}", 80 + i, city_admin) for i in range(rows)]
    confirm_stage(stage(campaign, 1), tree["first"], [n.pk for n in made], by=tree["zongzhi"])
    client.force_login(tree["zongzhi"])
    url = reverse("evaluations:stages", args=[campaign.pk])
    client.get(url)  # warm the session and the user's scope

    # Their candidates above them: one; the levels of their organisations and where theirs
    # wait for a decision (level 3 holds none of theirs): two.
    with django_assert_num_queries(10):
        response = client.get(url)

    assert [len(view.followed) for view in response.context["stages"]] == [0, rows, 0]
