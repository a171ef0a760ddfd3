"""The campaign's committee page of a campaign run level by level (逐级推荐): its committee
scores the final stage only (``committees.scoring_committee``), so its automatic and manual
assignment give final-stage cards to the final stage's pool, and a nomination still in a pool
below is refused, with the pool named, for its node's committee to assign.

The campaign of ``staged``: 党委 (stage 1) → 区委 (stage 2) → 市委 (final).
"""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from evaluations import services
from evaluations.models import Reviewer, Scorecard
from members.choices import Role
from selection import stages as selection_stages
from selection.errors import SelectionError
from selection.models import Stage, StageEntry
from tests.factories import NominationFactory, in_review, user_with_role

pytestmark = pytest.mark.django_db


def stage(campaign, position: int) -> Stage:
    return Stage.objects.get(campaign=campaign, position=position)


def to_final(nomination, campaign, city):
    """Arranged: the nomination has come up to the final stage's pool (the city's)."""
    StageEntry.objects.filter(nomination=nomination).update(decision="advanced")
    selection_stages.enter(stage(campaign, 2), nomination)
    StageEntry.objects.filter(nomination=nomination).update(decision="advanced")
    return selection_stages.enter(stage(campaign, 3), nomination)


@pytest.fixture
def panel(staged, city, city_admin):
    """Two reviewers on the campaign's committee (the final stage's)."""
    services.ensure_criteria(staged)
    people = [user_with_role(Role.REVIEWER, city, username=f"city_judge{i}") for i in (1, 2)]
    for person in people:
        services.add_reviewer(staged, person, cap=None, by=city_admin)
    return people


@pytest.fixture
def waiting(staged, branch_a1):
    """Screened eligible, headed for 东区机关党委's first-stage pool."""
    return NominationFactory(
        campaign=staged, state="eligible", member__organization=branch_a1, member__name="候选甲"
    )


@pytest.fixture
def finalist(staged, city, city_admin, branch_a2):
    nomination = in_review(staged, 80, by=city_admin, member__organization=branch_a2)
    to_final(nomination, staged, city)
    return nomination


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_manual_assign_of_a_first_stage_nomination_is_refused_naming_its_pool(
    client, staged, panel, waiting, city_admin, committee_a
):
    client.force_login(city_admin)

    response = client.post(
        reverse("evaluations:assign", args=[staged.pk, waiting.pk]), {"user": panel[0].pk}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:committee", args=[staged.pk])
    [message] = messages_of(response)
    assert "逐级推荐" in message and committee_a.name in message and "候选甲" in message
    waiting.refresh_from_db()
    assert waiting.state == "eligible"  # not brought into review by a card of the wrong committee
    assert not Scorecard.objects.filter(nomination=waiting).exists()


def test_the_service_refuses_it_too(staged, panel, waiting, city_admin):
    with pytest.raises(SelectionError) as refused:
        services.assign(waiting, panel[0], by=city_admin)

    assert refused.value.status == 409


def test_a_nomination_in_a_middle_pool_is_its_district_committees(
    staged, panel, city, city_admin, branch_a1, district_a
):
    nomination = in_review(staged, 80, by=city_admin, member__organization=branch_a1)
    StageEntry.objects.filter(nomination=nomination).update(decision="advanced")
    selection_stages.enter(stage(staged, 2), nomination)

    with pytest.raises(SelectionError, match=district_a.name):
        services.assign(nomination, panel[0], by=city_admin)


def test_auto_assign_leaves_the_pools_below_to_their_committees(
    client, staged, panel, waiting, city_admin, branch_b1
):
    below = in_review(staged, 70, by=city_admin, member__organization=branch_b1)
    client.force_login(city_admin)

    response = client.post(reverse("evaluations:auto_assign", args=[staged.pk]))

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.state == "eligible"
    assert not Scorecard.objects.filter(reviewer__in=panel).exists()
    assert below.scorecards.count() == 1  # its first-stage card only


def test_the_final_stage_pool_gets_final_stage_cards_by_hand_and_automatically(
    client, staged, panel, finalist, city_admin
):
    staged.min_reviewers = 2
    staged.save(update_fields=["min_reviewers"])
    client.force_login(city_admin)
    final = stage(staged, 3)

    by_hand = client.post(
        reverse("evaluations:assign", args=[staged.pk, finalist.pk]), {"user": panel[0].pk}
    )
    auto = client.post(reverse("evaluations:auto_assign", args=[staged.pk]))

    assert by_hand.status_code == auto.status_code == 302
    assert set(
        finalist.scorecards.filter(reviewer__in=panel).values_list("reviewer__username", "stage")
    ) == {("city_judge1", final.pk), ("city_judge2", final.pk)}
    assert finalist.scorecards.filter(stage=None).count() == 1  # its first-stage card, kept


def test_the_page_lists_the_final_pool_and_points_to_the_stage_pages(
    client, staged, panel, waiting, finalist, city_admin
):
    services.assign(finalist, panel[0], by=city_admin)
    client.force_login(city_admin)

    response = client.get(reverse("evaluations:committee", args=[staged.pk]))

    assert [n.pk for n in response.context["page"]] == [finalist.pk]
    [row] = response.context["page"]
    assert [c.reviewer.username for c in row.scorecards.all()] == ["city_judge1"]
    assert [n.pk for n in response.context["gaps"]] == []  # one card is its min_reviewers
    assert [r.cards for r in response.context["reviewers"]] == [1, 0]
    html = response.content.decode()
    assert "本活动逐级推荐" in html
    assert reverse("evaluations:stages", args=[staged.pk]) in html


def test_leaving_the_campaigns_committee_keeps_ones_node_committee_cards(
    staged, city_admin, committee_a, waiting
):
    judge = user_with_role(Role.REVIEWER, committee_a, username="both")
    services.ensure_criteria(staged)
    seat = services.add_reviewer(staged, judge, cap=None, by=city_admin)
    at_first = {"stage": stage(staged, 1), "node": committee_a}
    services.add_reviewer(staged, judge, cap=None, by=city_admin, **at_first)
    services.assign_stage(stage(staged, 1), committee_a, by=city_admin)

    services.remove_reviewer(seat, by=city_admin)

    assert list(Reviewer.objects.filter(user=judge).values_list("stage", flat=True)) == [
        stage(staged, 1).pk
    ]
    assert waiting.scorecards.filter(reviewer=judge).count() == 1


def test_a_cap_counts_the_campaign_committees_cards_only(
    staged, city_admin, committee_a, waiting, finalist
):
    judge = user_with_role(Role.REVIEWER, committee_a, username="capped")
    services.ensure_criteria(staged)
    services.add_reviewer(staged, judge, cap=1, by=city_admin)
    at_first = {"stage": stage(staged, 1), "node": committee_a}
    services.add_reviewer(staged, judge, cap=None, by=city_admin, **at_first)
    services.assign_stage(stage(staged, 1), committee_a, by=city_admin)

    assert services.over_cap(staged, judge) is None
    services.assign(finalist, judge, by=city_admin)
    assert services.over_cap(staged, judge) == 1


@pytest.mark.parametrize("count", [1, 3])
def test_the_staged_committee_page_reads_the_same_number_of_queries_for_1_and_3_rows(
    client, staged, panel, city, city_admin, branch_a2, count, django_assert_num_queries
):
    for i in range(count):
        nomination = in_review(
            staged, 80, by=city_admin, member__organization=branch_a2, member__name=f"终{i}"
        )
        to_final(nomination, staged, city)
        services.assign(nomination, panel[0], by=city_admin)
    client.force_login(city_admin)
    url = reverse("evaluations:committee", args=[staged.pk])
    client.get(url)

    with django_assert_num_queries(12):
        response = client.get(url)

    assert len(response.context["page"]) == count
