"""逐级推荐 (#39): a nomination's page tells its way through the stages.

The branch secretary sees where their nominee is (each level's node and its decision); the
admins of a node and those above it also see the rank and total it had in that node's pool, as
the pool itself shows them. A one-stage campaign has no such section.

江城市委
├── 东区区委 ── 东区机关党委 (一支部: n1, n2; 二支部: n3)
│           └── 东区教育党委 (教育一支部: n4)
└── 西区区委 ── 西区机关党委 (三支部: n5, n6)
"""

import pytest
from django.urls import reverse

from evaluations.models import Survey
from evaluations.services import confirm_stage
from selection.models import StageEntry
from tests.factories import in_review

pytestmark = pytest.mark.django_db


def detail(client, user, nomination):
    client.force_login(user)
    response = client.get(reverse("selection:nomination_detail", args=[nomination.pk]))
    assert response.status_code == 200
    return response


def lines(response) -> list[tuple[str, str, str, int | None]]:
    """The section as (level, node, decision, rank shown or None)."""
    return [
        (
            entry.stage.get_level_display(),
            entry.node.name,
            entry.get_decision_display(),
            entry.rank if sees else None,
        )
        for entry, sees in response.context["stage_history"]
    ]


def test_after_the_first_stage_the_committee_admin_sees_the_choice_and_its_rank(
    client, staged, noms, admins, committee_a
):
    first = staged.stages.get(position=1)
    confirm_stage(first, committee_a, [noms["n1"].pk, noms["n2"].pk], by=admins["DQ01"])

    response = detail(client, admins["DQ01"], noms["n2"])

    assert lines(response) == [
        ("党(工)委", "东区机关党委", "推荐上报", 2),
        ("区(县)委", "东区区委", "待确定", None),
    ]
    html = response.content.decode()
    assert "逐级推荐经过" in html
    assert "东区机关党委 · 推荐上报" in html
    assert "本级第 2 名，总分 80.00" in html


def test_the_not_chosen_nomination_shows_where_it_stopped(
    client, staged, noms, admins, committee_a
):
    first = staged.stages.get(position=1)
    confirm_stage(first, committee_a, [noms["n1"].pk, noms["n2"].pk], by=admins["DQ01"])

    assert lines(detail(client, admins["DQ01"], noms["n3"])) == [
        ("党(工)委", "东区机关党委", "未推荐", 3)
    ]


def test_the_branch_secretary_sees_level_node_and_decision_but_no_rank(
    client, staged, noms, admins, committee_a, secretary
):
    first = staged.stages.get(position=1)
    confirm_stage(first, committee_a, [noms["n1"].pk, noms["n2"].pk], by=admins["DQ01"])

    response = detail(client, secretary, noms["n1"])

    assert lines(response) == [
        ("党(工)委", "东区机关党委", "推荐上报", None),
        ("区(县)委", "东区区委", "待确定", None),
    ]
    html = response.content.decode()
    assert "东区机关党委 · 推荐上报" in html
    assert "本级第" not in html
    assert "总分" not in html


def test_a_one_stage_nomination_has_no_section(
    client, review_campaign, branch_a1, city_admin, django_assert_num_queries
):
    nomination = in_review(review_campaign, 80, by=city_admin, member__organization=branch_a1)
    assert StageEntry.objects.filter(nomination=nomination).count() <= 1

    client.force_login(city_admin)
    # Whether the campaign is staged comes with the nomination's own query, so no stage query
    # is made.
    with django_assert_num_queries(ONE_STAGE_QUERIES):
        response = client.get(reverse("selection:nomination_detail", args=[nomination.pk]))

    assert response.context["stage_history"] == []
    assert "逐级推荐经过" not in response.content.decode()


ONE_STAGE_QUERIES = 7


def test_the_page_runs_the_same_queries_for_one_stage_entry_or_three(
    client, staged, noms, second, admins, district_a, city_admin, django_assert_num_queries
):
    confirm_stage(second, district_a, [noms["n1"].pk], by=admins["DQ"])
    assert StageEntry.objects.filter(nomination=noms["n1"]).count() == 3
    assert StageEntry.objects.filter(nomination=noms["n3"]).count() == 1
    client.force_login(city_admin)

    # The stage entries, all in one query whatever their number, read once for the history and
    # for the 民主测评 link's rule (``evaluations.rules.survey_closed``): n3 is out (its survey
    # is over, whether codes were issued comes with the nomination); n1, still in review
    # higher up, also needs the campaign's stages, to know where its survey runs.
    for name, queries in (("n3", STAGED_QUERIES - 1), ("n1", STAGED_QUERIES)):
        with django_assert_num_queries(queries):
            response = client.get(reverse("selection:nomination_detail", args=[noms[name].pk]))

    assert [level for level, *_ in lines(response)] == ["党(工)委", "区(县)委", "市委"]


@pytest.mark.parametrize("position", [1, 2])
def test_a_nomination_in_review_costs_the_same_queries_at_stage_one_or_two(
    client, staged, noms, admins, committee_a, district_a, position, django_assert_num_queries
):
    """One sent up a level costs its page no more than one in its first pool: its current
    pool is the last of its history, and having come up from below, it is not in its first
    pool (no look-up of its branch's first pool); whether codes were issued comes with it."""
    if position == 2:
        first = staged.stages.get(position=1)
        confirm_stage(first, committee_a, [noms["n1"].pk, noms["n2"].pk], by=admins["DQ01"])
    Survey.objects.create(nomination=noms["n1"], created_by=admins["DQ01"])
    client.force_login(admins["DQ"])

    # The session's two, the nomination (with its survey), its files, the member's two kinds
    # of records, its moves; its stage entries and the campaign's stages.
    with django_assert_num_queries(STAGED_QUERIES):
        response = client.get(reverse("selection:nomination_detail", args=[noms["n1"].pk]))

    assert len(response.context["stage_history"]) == position
    # At stage 1 its survey runs; at stage 2, above it, only its results are shown.
    surveys = [panel["survey"] for panel in response.context["panels"] if "survey" in panel]
    assert surveys == (["survey"] if position == 1 else ["results"])


STAGED_QUERIES = 9


# --- One rule for the page's figures while the review runs ---------------------------------------


def test_a_stage_admin_sees_its_rank_and_no_box_saying_scores_come_later(
    client, staged, noms, admins, committee_a
):
    """The 党委's admin runs its stage: the rank and total its pool gave are theirs to see
    (DESIGN.md §4 Stages: each node has its own committee and scoring), and the page does not
    also say, in a 评审得分 box, that the scores are published only when the review ends."""
    first = staged.stages.get(position=1)
    confirm_stage(first, committee_a, [noms["n1"].pk, noms["n2"].pk], by=admins["DQ01"])

    html = detail(client, admins["DQ01"], noms["n2"]).content.decode()

    assert "本级第 2 名，总分 80.00" in html
    assert "评审结束后公布" not in html
    assert "review-scores" not in html


def test_the_branch_secretary_is_not_promised_the_stage_figures_either(
    client, staged, noms, admins, committee_a, secretary
):
    first = staged.stages.get(position=1)
    confirm_stage(first, committee_a, [noms["n1"].pk, noms["n2"].pk], by=admins["DQ01"])

    html = detail(client, secretary, noms["n1"]).content.decode()

    assert "评审结束后公布" not in html and "本级第" not in html
