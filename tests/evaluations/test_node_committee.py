"""逐级推荐: each node forms its own review committee for its pool at a stage (below the final
stage; the final stage and a one-stage campaign keep the campaign's committee).

The campaign of ``staged``: 党委 (stage 1) → 区委 (stage 2) → 市委 (final).
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import services
from evaluations.committees import scoring_committee
from evaluations.models import Reviewer, Scorecard
from evaluations.queries import ranking
from members.choices import Role
from selection.errors import SelectionError
from selection.models import Stage, StageEntry
from tests.factories import NominationFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def stage(campaign, position: int) -> Stage:
    return Stage.objects.get(campaign=campaign, position=position)


def committee_url(name, campaign, position, node, *more):
    return reverse(f"evaluations:{name}", args=[campaign.pk, position, node.pk, *more])


@pytest.fixture
def eligible(staged, branch_a1, branch_a2, branch_b1):
    """Three nominations screened eligible: two under 东区机关党委, one under 西区机关党委."""
    services.ensure_criteria(staged)
    return [
        NominationFactory(
            campaign=staged, state="eligible", member__organization=branch, member__name=name
        )
        for name, branch in (("甲", branch_a1), ("乙", branch_a2), ("丙", branch_b1))
    ]


@pytest.fixture
def judges(committee_a):
    """Two reviewers of 东区机关党委."""
    return [
        user_with_role(Role.REVIEWER, committee_a, username=f"judge{i}", full_name=f"评委{i}")
        for i in (1, 2)
    ]


def test_a_committee_admin_forms_a_committee_assigns_and_its_reviewer_scores(
    client, staged, eligible, judges, committee_a, committee_b, admins
):
    staged.min_reviewers = 2
    staged.save(update_fields=["min_reviewers"])
    client.force_login(admins["DQ01"])

    for judge in judges:
        response = client.post(
            committee_url("node_committee_add", staged, 1, committee_a), {"user": judge.pk}
        )
        assert response.status_code == 302
    page = client.get(committee_url("node_committee", staged, 1, committee_a))
    assign = client.post(reverse("evaluations:stage_assign", args=[staged.pk, 1, committee_a.pk]))

    assert [r.user.username for r in page.context["reviewers"]] == ["judge1", "judge2"]
    assert assign.status_code == 302
    theirs = eligible[2]
    assert set(
        Scorecard.objects.filter(nomination__in=eligible[:2]).values_list(
            "nomination__member__name", "reviewer__username"
        )
    ) == {
        ("甲", "judge1"),
        ("甲", "judge2"),
        ("乙", "judge1"),
        ("乙", "judge2"),
    }
    assert set(
        StageEntry.objects.filter(stage__position=1, node=committee_a).values_list(
            "nomination__member__name", flat=True
        )
    ) == {"甲", "乙"}
    theirs.refresh_from_db()
    assert theirs.state == "eligible"  # 西区's pool waits for its own committee

    # 西区机关党委 forms its own committee (one of its reviewers) and gives its pool cards.
    west = user_with_role(Role.REVIEWER, committee_b, username="west_judge")
    west_stage = {"stage": stage(staged, 1), "node": committee_b}
    services.add_reviewer(staged, west, cap=None, by=admins["XQ01"], **west_stage)
    services.assign_stage(stage(staged, 1), committee_b, by=admins["XQ01"])
    assert list(theirs.scorecards.values_list("reviewer__username", flat=True)) == ["west_judge"]

    client.force_login(judges[0])
    queue = client.get(reverse("evaluations:queue"))
    assert sorted(row.name for row in queue.context["page"].object_list) == ["乙", "甲"]
    points = {f"points_{c.pk}": "20" for c in staged.criteria.all()}
    for judge in judges:
        client.force_login(judge)
        for nomination in eligible[:2]:
            scored = client.post(
                reverse("evaluations:score", args=[nomination.pk]), {**points, "action": "submit"}
            )
            assert scored.status_code == 302

    rows = ranking(staged, stage(staged, 1), committee_a)
    assert sorted((r.name, r.cards, r.total, r.rank is not None) for r in rows) == [
        ("乙", 2, 80, True),
        ("甲", 2, 80, True),
    ]


def test_a_sibling_committee_admin_finds_no_committee_of_another(
    client, staged, judges, committee_a, admins
):
    seat = services.add_reviewer(
        staged, judges[0], cap=None, by=admins["DQ01"], stage=stage(staged, 1), node=committee_a
    )
    client.force_login(admins["XQ01"])

    got = [
        client.get(committee_url("node_committee", staged, 1, committee_a)).status_code,
        client.post(
            committee_url("node_committee_add", staged, 1, committee_a), {"user": judges[1].pk}
        ).status_code,
        client.post(
            committee_url("node_committee_remove", staged, 1, committee_a, seat.pk)
        ).status_code,
    ]

    assert got == [404, 404, 404]
    assert list(Reviewer.objects.values_list("user__username", flat=True)) == ["judge1"]


def test_the_district_admin_above_may_form_the_committee_for_its_node(
    staged, judges, committee_a, admins
):
    services.add_reviewer(
        staged, judges[0], cap=3, by=admins["DQ"], stage=stage(staged, 1), node=committee_a
    )

    assert list(Reviewer.objects.values_list("stage__position", "node__code", "cap")) == [
        (1, "DQ01", 3)
    ]


def test_assigning_a_pool_without_its_committee_is_refused_with_a_message(
    client, staged, eligible, committee_a, admins
):
    client.force_login(admins["DQ01"])
    pool_url = reverse("evaluations:stage_pool", args=[staged.pk, 1, committee_a.pk])

    response = client.post(
        reverse("evaluations:stage_assign", args=[staged.pk, 1, committee_a.pk]), follow=True
    )

    assert response.redirect_chain == [(pool_url, 302)]
    assert "东区机关党委尚未组建本级评审委员会，请先组建。" in response.content.decode()
    assert Scorecard.objects.count() == 0


def test_the_campaign_committee_does_not_score_a_node_pool(staged, eligible, committee_a, admins):
    services.add_reviewer(
        staged,
        user_with_role(Role.REVIEWER, committee_a, username="city_judge"),
        cap=None,
        by=admins["JC"],
    )

    with pytest.raises(SelectionError, match="尚未组建本级评审委员会"):
        services.assign_stage(stage(staged, 1), committee_a, by=admins["DQ01"])


def test_a_reviewer_of_a_sibling_node_cannot_sit_on_the_committee(
    client, staged, committee_a, committee_b, admins
):
    outsider = user_with_role(Role.REVIEWER, committee_b, username="west_judge")

    with pytest.raises(SelectionError, match="评审委员角色"):
        services.add_reviewer(
            staged, outsider, cap=None, by=admins["DQ01"], stage=stage(staged, 1), node=committee_a
        )
    client.force_login(admins["DQ01"])
    response = client.post(
        committee_url("node_committee_add", staged, 1, committee_a),
        {"user": outsider.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert Reviewer.objects.count() == 0


def test_the_final_stage_is_scored_by_the_campaign_committee(client, staged, city, admins):
    final = stage(staged, 3)

    assert scoring_committee(final, city) == (None, None)
    assert scoring_committee(stage(staged, 2), city) == (stage(staged, 2), city)
    with pytest.raises(SelectionError, match="最后一级"):
        services.add_reviewer(
            staged, UserFactory(), cap=None, by=admins["JC"], stage=final, node=city
        )
    client.force_login(admins["JC"])
    response = client.get(committee_url("node_committee", staged, 3, city))
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:committee", args=[staged.pk])


def test_a_node_not_of_the_stage_level_has_no_committee(client, staged, branch_a1, admins):
    client.force_login(admins["DQ01"])

    assert client.get(committee_url("node_committee", staged, 1, branch_a1)).status_code == 404


def test_removing_a_seat_takes_its_unsubmitted_cards_and_keeps_the_campaign_seat(
    client, staged, eligible, judges, committee_a, admins
):
    first = stage(staged, 1)
    services.add_reviewer(staged, judges[0], cap=None, by=admins["JC"])  # campaign's too
    seat = services.add_reviewer(
        staged, judges[0], cap=None, by=admins["DQ01"], stage=first, node=committee_a
    )
    services.assign_stage(first, committee_a, by=admins["DQ01"])
    assert Scorecard.objects.filter(reviewer=judges[0]).count() == 2
    client.force_login(admins["DQ01"])

    response = client.post(committee_url("node_committee_remove", staged, 1, committee_a, seat.pk))

    assert response.status_code == 302
    assert Scorecard.objects.filter(reviewer=judges[0]).count() == 0
    assert list(Reviewer.objects.values_list("stage", "node")) == [(None, None)]


def test_a_seat_with_a_submitted_card_stays(staged, eligible, judges, committee_a, admins):
    first = stage(staged, 1)
    seat = services.add_reviewer(
        staged, judges[0], cap=None, by=admins["DQ01"], stage=first, node=committee_a
    )
    services.assign_stage(first, committee_a, by=admins["DQ01"])
    card = Scorecard.objects.filter(reviewer=judges[0]).first()
    scores = {c.pk: ("20", "") for c in staged.criteria.all()}
    services.save_card(card, by=judges[0], scores=scores)
    services.submit_card(card, by=judges[0])

    with pytest.raises(SelectionError, match="已提交评分表"):
        services.remove_reviewer(seat, by=admins["DQ01"])


def test_an_archived_campaign_refuses_a_new_seat(staged, judges, committee_a, admins):
    staged.archived_at = timezone.now()
    staged.save(update_fields=["archived_at"])

    with pytest.raises(SelectionError, match="归档"):
        services.add_reviewer(
            staged, judges[0], cap=None, by=admins["DQ01"], stage=stage(staged, 1), node=committee_a
        )


def test_the_campaign_committee_of_a_one_stage_campaign_still_scores(
    client, review_campaign, city_admin, branch_a1, district_a
):
    panel = [user_with_role(Role.REVIEWER, district_a, username=f"p{i}") for i in range(5)]
    nomination = NominationFactory(
        campaign=review_campaign, state="eligible", member__organization=branch_a1
    )
    client.force_login(city_admin)
    for user in panel:
        client.post(
            reverse("evaluations:add_reviewer", args=[review_campaign.pk]), {"user": user.pk}
        )

    client.post(reverse("evaluations:auto_assign", args=[review_campaign.pk]))

    assert list(Reviewer.objects.values_list("stage", "node").distinct()) == [(None, None)]
    assert nomination.scorecards.filter(stage=None).count() == review_campaign.min_reviewers


@pytest.mark.parametrize("count", [1, 3])
def test_the_committee_page_reads_the_same_number_of_queries_for_1_and_3_seats(
    client, staged, committee_a, admins, count, django_assert_num_queries
):
    for i in range(count):
        services.add_reviewer(
            staged,
            user_with_role(Role.REVIEWER, committee_a, username=f"seat{i}"),
            cap=None,
            by=admins["DQ01"],
            stage=stage(staged, 1),
            node=committee_a,
        )
    client.force_login(admins["DQ01"])
    url = committee_url("node_committee", staged, 1, committee_a)
    client.get(url)

    # the declared conflicts (申报回避) are one query of their own
    with django_assert_num_queries(8):
        response = client.get(url)

    assert len(response.context["reviewers"]) == count


def test_a_first_stage_node_is_listed_before_anything_entered_its_pool(
    client, staged, committee_a, committee_b, admins
):
    """With node committees the first cards bring nominations into a first-stage pool, so the
    node's admin must reach the pool (and its committee) while it is still empty."""
    client.force_login(admins["DQ01"])

    page = client.get(reverse("evaluations:stages", args=[staged.pk]))

    first = page.context["stages"][0]
    assert [(node.name, node.pool, node.decided, node.late) for node in first.nodes] == [
        (committee_a.name, 0, False, False)
    ]
    html = page.content.decode()
    assert "尚无人选进入" in html
    assert committee_url("stage_pool", staged, 1, committee_a) in html
    assert committee_b.name not in html  # a sibling's node is not theirs
    pool = client.get(committee_url("stage_pool", staged, 1, committee_a))
    assert pool.status_code == 200
    assert committee_url("node_committee", staged, 1, committee_a) in pool.content.decode()


def test_a_node_committee_gives_out_cards_with_the_campaigns_criteria(
    client, staged, branch_a1, judges, committee_a, admins
):
    """A staged campaign's first cards come from a node's committee, before anyone has opened
    the campaign's committee page: the reviewer still finds the four criteria to score."""
    nomination = NominationFactory(
        campaign=staged, state="eligible", member__organization=branch_a1
    )
    first = stage(staged, 1)
    services.add_reviewer(
        staged, judges[0], cap=None, by=admins["DQ01"], stage=first, node=committee_a
    )
    assert not staged.criteria.exists()

    services.assign_stage(first, committee_a, by=admins["DQ01"])
    client.force_login(judges[0])
    page = client.get(reverse("evaluations:score", args=[nomination.pk]))

    assert len(page.context["form"].criteria) == 4


def test_the_committee_add_form_labels_carry_no_ascii_colon(client, staged, committee_a, admins):
    client.force_login(admins["DQ01"])

    page = client.get(committee_url("node_committee", staged, 1, committee_a)).content.decode()

    assert "评审委员</label>" in page and "评审上限</label>" in page
    assert "评审委员:" not in page and "评审上限:" not in page
