"""逐级推荐 pages: a node's pool, the stages overview, confirming through the page, and the
deadline that closes a stage by itself."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.services import confirm_stage
from members.choices import OrgKind, Role
from selection import stages
from selection.choices import StageDecision, State
from selection.models import Stage, StageEntry
from tests.factories import CampaignFactory, card, in_review, scores, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def sibling_admin(committee_b):
    return user_with_role(Role.ADMIN, committee_b, username="admin_xq01")


def nominee(campaign, branch, name, total, by):
    return in_review(campaign, total, by=by, member__organization=branch, member__name=name)


def pool_url(campaign, position, node):
    return reverse("evaluations:stage_pool", args=[campaign.pk, position, node.pk])


def test_a_sibling_committee_admin_does_not_find_the_pool(
    client, staged, committee_a, branch_a1, sibling_admin, city_admin
):
    nominee(staged, branch_a1, "张三", 80, city_admin)
    client.force_login(sibling_admin)

    response = client.get(pool_url(staged, 1, committee_a))

    assert response.status_code == 404


def test_a_node_in_another_campaign_owners_tree_is_not_found(
    client, staged, city_admin, district_b
):
    other = CampaignFactory(owner=district_b, phase="reviewing")
    client.force_login(city_admin)

    response = client.get(pool_url(other, 1, district_b))

    assert response.status_code == 404


@pytest.mark.parametrize("rows", [1, 3])
def test_the_pool_reads_the_same_number_of_queries_for_1_and_3_rows(
    client,
    staged,
    committee_a,
    branch_a1,
    committee_admin,
    city_admin,
    rows,
    django_assert_num_queries,
):
    for i in range(rows):
        nominee(staged, branch_a1, f"人选{i}", 80 + i, city_admin)
    client.force_login(committee_admin)
    url = pool_url(staged, 1, committee_a)
    client.get(url)  # warm the session, the user's scope, the node's ranking and its rendered rows

    # One of them: at the first stage, the eligible nominations still waiting for a first card.
    with django_assert_num_queries(7):
        response = client.get(url)

    assert response.status_code == 200
    assert response.content.decode().count('name="chosen"') == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_the_stages_overview_reads_the_same_number_of_queries_for_1_and_3_nodes(
    client, staged, city, city_admin, rows, django_assert_num_queries
):
    from tests.factories import OrganizationFactory

    for i in range(rows):
        committee = OrganizationFactory(
            code=f"W{i}", name=f"党委{i}", kind=OrgKind.COMMITTEE, parent=city
        )
        branch = OrganizationFactory(code=f"W{i}-01", name=f"支部{i}", parent=committee)
        nominee(staged, branch, f"人选{i}", 80, city_admin)
    client.force_login(city_admin)
    url = reverse("evaluations:stages", args=[staged.pk])
    client.get(url)

    # The first stage's nodes with nothing yet: one more; the nominations screened eligible
    # still waiting for their first card (none here, all in review): one more.
    with django_assert_num_queries(7):
        response = client.get(url)

    assert response.content.decode().count("stage_pool") == 0
    assert response.content.decode().count("/stages/1/") == rows


def test_confirming_through_the_page_advances_the_choice(
    client, staged, committee_a, branch_a1, committee_admin, city_admin, district_a
):
    first = nominee(staged, branch_a1, "张三", 90, city_admin)
    second = nominee(staged, branch_a1, "李四", 70, city_admin)
    client.force_login(committee_admin)

    response = client.post(
        reverse("evaluations:stage_confirm", args=[staged.pk, 1, committee_a.pk]),
        {"chosen": [first.pk]},
    )

    assert response.status_code == 302
    assert StageEntry.objects.get(stage__position=2, nomination=first).node == district_a
    second.refresh_from_db()
    assert second.state == State.NOT_SELECTED


def test_the_committee_admin_sees_its_pool_but_not_the_district_pool(
    client, staged, committee_a, branch_a1, committee_admin, city_admin, district_a
):
    nomination = nominee(staged, branch_a1, "张三", 90, city_admin)
    confirm_stage(
        Stage.objects.get(campaign=staged, position=1),
        committee_a,
        [nomination.pk],
        by=committee_admin,
    )
    client.force_login(committee_admin)

    assert client.get(pool_url(staged, 1, committee_a)).status_code == 200
    assert client.get(pool_url(staged, 2, district_a)).status_code == 404


def test_a_stage_closes_at_its_deadline_and_the_late_node_shows_to_the_parent(
    client, staged, committee_a, branch_a1, city_admin, admin
):
    nominee(staged, branch_a1, "张三", 90, city_admin)
    first = Stage.objects.get(campaign=staged, position=1)
    first.deadline = timezone.now() - datetime.timedelta(hours=1)
    first.save()

    assert stages.close_due_stages() == [first.pk]
    assert stages.close_due_stages() == []  # idempotent
    client.force_login(admin)  # 东区区委, the committee's parent
    page = client.get(reverse("evaluations:stages", args=[staged.pk])).content.decode()

    assert "逾期未确定" in page
    assert "东区机关党委" in page


def test_after_the_deadline_only_the_parent_decides_for_a_late_node_with_a_reason(
    staged, committee_a, branch_a1, committee_admin, city_admin, admin
):
    nomination = nominee(staged, branch_a1, "张三", 90, city_admin)
    first = Stage.objects.get(campaign=staged, position=1)
    first.deadline = timezone.now() - datetime.timedelta(hours=1)
    first.save()
    stages.close_due_stages()
    from selection.errors import SelectionError

    with pytest.raises(SelectionError, match="由上级组织确定"):
        confirm_stage(first, committee_a, [nomination.pk], by=committee_admin)
    confirm_stage(first, committee_a, [nomination.pk], by=admin, reason="党委逾期，区委代为确定")

    entry = StageEntry.objects.get(stage=first, nomination=nomination)
    assert (entry.decision, entry.decided_by) == (StageDecision.ADVANCED, admin)


def test_a_late_node_s_parent_confirming_without_a_reason_sees_the_same_page_again(
    client, staged, committee_a, branch_a1, city_admin, admin
):
    """代为确定 refused for want of a reason: the overdue banner stays, the choice stays ticked,
    and why it was refused stands at the reason field."""
    nomination = nominee(staged, branch_a1, "张三", 90, city_admin)
    Stage.objects.filter(campaign=staged, position=1).update(
        deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    stages.close_due_stages()
    client.force_login(admin)
    banner = "本级推荐已截止，该组织未按时确定；上级组织可代为确定，须写明理由。"
    assert banner in client.get(pool_url(staged, 1, committee_a)).content.decode()

    response = client.post(
        reverse("evaluations:stage_confirm", args=[staged.pk, 1, committee_a.pk]),
        {"chosen": [nomination.pk], "reason": " "},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert banner in page
    assert "上级组织代为确定时请写明理由" in page
    assert 'aria-describedby="choice-refusal"' in page.split('id="stage-reason"')[1][:200]
    assert f'value="{nomination.pk}" aria-label="张三" checked' in page
    assert StageEntry.objects.get(stage__position=1, nomination=nomination).decision == "pending"


def test_a_later_stage_reviewer_sees_the_earlier_stages_only_after_submitting(
    client, staged, committee_a, branch_a1, committee_admin, city_admin, district_a
):
    nomination = nominee(staged, branch_a1, "张三", 90, city_admin)
    confirm_stage(
        Stage.objects.get(campaign=staged, position=1),
        committee_a,
        [nomination.pk],
        by=committee_admin,
    )
    judge = user_with_role(Role.REVIEWER, district_a, username="judge")
    second = Stage.objects.get(campaign=staged, position=2)
    draft = card(nomination, judge, scores(20, 20, 20, 20), submitted=False, stage=second)
    client.force_login(judge)
    url = reverse("evaluations:score", args=[nomination.pk])

    before = client.get(url).content.decode()
    draft.delete()
    card(nomination, judge, scores(20, 20, 20, 20), stage=second)
    after = client.get(url).content.decode()

    assert "东区机关党委：第1名" not in before
    assert "东区机关党委：第1名，90.00分，推荐上报" in after


def test_the_final_stage_s_places_are_said_to_be_the_campaign_s_exemplar_count(
    client, staged, city, city_admin
):
    """The final stage's quota typed in the form is not used: the pages say whose it is (#39)."""
    staged.exemplar_count = 3
    staged.phase = "screening"
    staged.save(update_fields=["exemplar_count", "phase"])
    client.force_login(city_admin)

    overview = client.get(reverse("evaluations:stages", args=[staged.pk])).content.decode()
    pool = client.get(pool_url(staged, 3, city)).content.decode()

    assert "名额：拟选树 3 名" in overview
    assert "最后一级的名额即本活动的拟选树人数（3 名）" in overview
    assert "本级名额 3 名（拟选树人数）。" in pool


def test_the_stages_overview_leads_back_to_its_campaign(
    client, staged, city_admin, committee_admin
):
    url = reverse("evaluations:stages", args=[staged.pk])
    edit = reverse("selection:campaign_edit", args=[staged.pk])
    client.force_login(city_admin)

    manager = client.get(url).content.decode()
    client.force_login(committee_admin)
    below = client.get(url).content.decode()

    assert f'<a href="{edit}">{staged.title}</a>' in manager
    # An admin below the owner may not open the campaign's page: its title, and the list.
    assert edit not in below and staged.title in below
    campaigns = reverse("selection:campaign_list")
    assert f'<li class="breadcrumb-item"><a href="{campaigns}">评选活动</a></li>' in below


@pytest.mark.parametrize(("phase", "status"), [("screening", 403), ("reviewing", 404)])
def test_the_integrity_officer_is_answered_on_the_stages_page_as_on_the_results_page(
    client, city, integrity_officer, phase, status
):
    """The project's rule (tests/access.py): a campaign the user may not see is a 404, a staff
    page of one they may see a 403. The integrity officer sees the campaign while it screens
    eligibility, so the 404 of the access matrix (a campaign under review) turns 403 then, as
    for a branch secretary or a reviewer."""
    campaign = CampaignFactory(owner=city, phase=phase)
    client.force_login(integrity_officer)

    stages_page = client.get(reverse("evaluations:stages", args=[campaign.pk]))
    results_page = client.get(reverse("evaluations:results", args=[campaign.pk]))

    assert stages_page.status_code == results_page.status_code == status


def test_a_pool_and_its_committee_sit_under_the_stages_of_their_campaign(
    client, staged, committee_a, city_admin, committee_admin
):
    """The campaign's manager is led back to the campaign's page; the 党委's own admin, who may
    not open it, reads its title."""
    pool = pool_url(staged, 1, committee_a)
    committee = reverse("evaluations:node_committee", args=[staged.pk, 1, committee_a.pk])
    stages_url = reverse("evaluations:stages", args=[staged.pk])
    edit = reverse("selection:campaign_edit", args=[staged.pk])
    client.force_login(city_admin)

    manager_pool = client.get(pool).content.decode()
    manager_committee = client.get(committee).content.decode()
    client.force_login(committee_admin)
    below = client.get(pool).content.decode()

    step = "1. 党(工)委 · 东区机关党委"
    assert (
        f'<li class="breadcrumb-item"><a href="{edit}">{staged.title}</a></li>\n'
        f'<li class="breadcrumb-item"><a href="{stages_url}">逐级推荐</a></li>\n'
        f'<li class="breadcrumb-item active" aria-current="page">{step}</li>'
    ) in manager_pool
    assert (
        f'<li class="breadcrumb-item"><a href="{pool}">{step}</a></li>\n'
        '<li class="breadcrumb-item active" aria-current="page">本级评审委员会</li>'
    ) in manager_committee
    assert edit not in below
    assert f'<li class="breadcrumb-item">{staged.title}</li>' in below
