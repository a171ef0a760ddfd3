"""Selection pages, continued: the admins' lists, screening moves, files and the integrity queue."""

import re

import pytest
from django.urls import reverse

from members.choices import Role
from members.services import assign_role
from selection import workflow
from selection.choices import State
from tests.factories import (
    CampaignFactory,
    NominationFactory,
)
from tests.selection.test_views import (
    _messages,
    _submit_some,
)

pytestmark = pytest.mark.django_db


def test_returning_without_a_reason_is_refused_with_a_message(client, admin, submitted):
    client.force_login(admin)

    response = client.post(
        reverse("selection:nomination_return", args=[submitted.pk]), {"reason": ""}, follow=True
    )

    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
    assert "请填写理由（不超过 2000 字）。" in _messages(response)


def test_a_double_screening_post_applies_once(client, admin, submitted):
    client.force_login(admin)
    url = reverse("selection:nomination_return", args=[submitted.pk])

    client.post(url, {"reason": "请补充材料。"})
    second = client.post(url, {"reason": "请补充材料。"}, follow=True)

    assert submitted.transitions.filter(target=State.RETURNED).count() == 1
    assert any("可能已被处理" in m for m in _messages(second))


def test_integrity_officer_vetoes_from_the_queue(client, integrity_officer, submitted):
    client.force_login(integrity_officer)
    assert (
        submitted.member.name in client.get(reverse("selection:integrity_queue")).content.decode()
    )

    client.post(
        reverse("selection:nomination_integrity", args=[submitted.pk]),
        {"verdict": "veto", "reason": "经核查存在违规收受礼品问题。"},
    )

    submitted.refresh_from_db()
    assert submitted.state == State.VETOED


def test_a_veto_without_reason_is_refused(client, integrity_officer, submitted):
    client.force_login(integrity_officer)

    response = client.post(
        reverse("selection:nomination_integrity", args=[submitted.pk]),
        {"verdict": "veto", "reason": ""},
    )

    submitted.refresh_from_db()
    assert response.status_code == 400
    assert submitted.state == State.SUBMITTED
    assert "一票否决须写明理由。" in response.content.decode()


def test_detail_shows_the_history_timeline(client, admin, submitted):
    """Each move as its action and the state it led to; an action named like that state (退回修改
    leads to 退回修改) shows its name once."""
    workflow.return_for_revision(submitted, by=admin, reason="请补充材料。")
    client.force_login(admin)

    body = client.get(reverse("selection:nomination_detail", args=[submitted.pk])).content.decode()
    moves = re.findall(r"</small><br>([^<]*)", body)

    assert moves[-2:] == ["提交 → 已提交", "退回修改"]
    assert "请补充材料。" in body


def test_the_history_names_who_created_the_draft_as_it_names_each_move(
    client, admin, secretary, submitted
):
    client.force_login(admin)

    body = client.get(reverse("selection:nomination_detail", args=[submitted.pk])).content.decode()
    who = re.findall(r'<small class="text-muted">[^<]* · ([^<]*)</small><br>([^<]*)', body)

    assert who[:2] == [(str(secretary), "创建草稿"), (str(secretary), "提交 → 已提交")]


def test_admin_creates_and_edits_a_campaign(client, city_admin, city):
    client.force_login(city_admin)
    data = {
        "title": "2027年度四好党员选树",
        "year": 2027,
        "owner": city.pk,
        "quota_kind": "ratio",
        "quota_value": "5",
        "exemplar_count": 10,
        "reference_date": "2027-11-01",
        "require_full_member": "on",
        "min_party_years": 1,
        "discipline_lookback_years": 2,
        "min_assessment_grade": "competent",
        "exclude_previous_exemplars": "on",
        "min_reviewers": 5,
        "public_weight": "0.5",
        "min_satisfaction": "0.8",
        "min_responses": 10,
        "spread_threshold": "8",
        "opens_at": "2027-09-01T09:00",
        "nominating_deadline": "2027-08-01T09:00",
    }

    bad = client.post(reverse("selection:campaign_new"), data)
    assert bad.status_code == 200
    assert "应晚于" in bad.content.decode()

    data["nominating_deadline"] = "2027-10-01T18:00"
    client.post(reverse("selection:campaign_new"), data)

    from selection.models import Campaign

    campaign = Campaign.objects.get(title="2027年度四好党员选树")
    assert (campaign.phase, campaign.quota_kind) == ("draft", "ratio")
    client.post(reverse("selection:campaign_phase", args=[campaign.pk]), {"phase": "nominating"})
    campaign.refresh_from_db()
    assert campaign.phase == "nominating"


@pytest.mark.parametrize("count", [1, 3])
def test_secretary_dashboard_query_count_does_not_grow(
    client, secretary, campaign, branch_a1, count, django_assert_num_queries
):
    for _ in range(count):
        NominationFactory(campaign=campaign, member__organization=branch_a1)
    CampaignFactory(owner=campaign.owner, phase="reviewing")  # newer, not the one opened
    client.force_login(secretary)

    # The session with the user, campaigns, branches (with their full members and nearest quota
    # override), their nominations (the places used are counted from them); none of them
    # returned, no look-up of those returned (test_returned_notice has them).
    with django_assert_num_queries(5):
        response = client.get(reverse("selection:dashboard"))

    assert response.context["campaign"] == campaign


@pytest.mark.parametrize("count", [1, 3])
def test_admin_dashboard_query_count_does_not_grow(
    client, admin, secretary, campaign, branch_a1, count, django_assert_num_queries
):
    _submit_some(campaign, branch_a1, secretary, count)
    client.force_login(admin)

    # The user with roles, the campaigns, the counts per state (which the pager uses too), the
    # page.
    with django_assert_num_queries(5):
        assert client.get(reverse("selection:dashboard")).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_screening_queue_query_count_does_not_grow(
    client, admin, secretary, campaign, branch_a1, count, django_assert_num_queries
):
    _submit_some(campaign, branch_a1, secretary, count)
    client.force_login(admin)

    # The user, their roles, the campaigns, the queue's length, the page (with the members'
    # latest assessments), the members' discipline records.
    with django_assert_num_queries(6):
        response = client.get(reverse("selection:screening_queue"))

    assert len(response.context["rows"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_the_city_admins_screening_queue_query_count_does_not_grow(
    client, city_admin, secretary, campaign, branch_a1, count, django_assert_num_queries
):
    """The city's admin holds the campaign's whole tree: their queue is read as any admin's."""
    _submit_some(campaign, branch_a1, secretary, count)
    client.force_login(city_admin)

    with django_assert_num_queries(6):
        client.get(reverse("selection:screening_queue"))
    # the user, their roles, the campaigns, the queue's length, the page, the discipline records
    with django_assert_num_queries(6):
        response = client.get(reverse("selection:screening_queue"))

    assert len(response.context["rows"]) == count
    assert response.context["page"].paginator.count == count


def test_a_branch_moved_out_of_a_campaign_leaves_its_admins_queue(
    client, admin, secretary, district_a, district_b, branch_a1, branch_a2
):
    """A district's admin holds its campaign's whole tree, and its queue lists every
    nomination of the campaign, until a branch that nominated is moved to another district:
    its nomination is then outside the admin's organisations, and leaves the queue (as it
    leaves what the admin may approve)."""
    from members.services import save_organization

    campaign = CampaignFactory(owner=district_a, quota_value=5)
    assign_role(secretary, Role.SECRETARY, branch_a2)
    for branch, name in ((branch_a1, "留下的"), (branch_a2, "迁走的")):
        nomination = NominationFactory(
            campaign=campaign, member__organization=branch, member__name=name
        )
        workflow.submit(nomination, by=secretary)
    client.force_login(admin)
    url = reverse("selection:screening_queue")

    before = client.get(url, {"campaign": campaign.pk}).context["rows"]
    branch_a2.parent = district_b
    save_organization(branch_a2)
    after = client.get(url, {"campaign": campaign.pk})

    assert [row.name for row in before] == ["留下的", "迁走的"]
    assert [row.name for row in after.context["rows"]] == ["留下的"]
    assert after.context["page"].paginator.count == 1


def test_the_campaign_page_s_labels_carry_no_stray_colon(client, city, city_admin):
    """Its hand-laid forms write their labels in the template, without Django's ASCII suffix."""
    campaign = CampaignFactory(owner=city)
    client.force_login(city_admin)

    page = client.get(reverse("selection:campaign_edit", args=[campaign.pk])).content.decode()

    for label in ("阶段", "党组织", "名额方式", "名额"):
        assert f">{label}</label>" in page
        assert f">{label}:" not in page


def test_two_nominees_of_the_same_name_are_told_apart_by_their_member_number(
    client, secretary, campaign, branch_a1
):
    """Two members of a branch called 李健: the secretary's list and the nomination's page say
    which one by the member number, as the list of members to nominate does."""
    first = NominationFactory(
        campaign=campaign, member__organization=branch_a1, member__name="李健"
    )
    second = NominationFactory(
        campaign=campaign, member__organization=branch_a1, member__name="李健"
    )
    client.force_login(secretary)

    dashboard = client.get(reverse("selection:dashboard")).content.decode()
    page = client.get(reverse("selection:nomination_detail", args=[first.pk])).content.decode()

    assert f'<small class="text-muted member-no">{first.member.member_no}</small>' in dashboard
    assert f'<small class="text-muted member-no">{second.member.member_no}</small>' in dashboard
    assert first.member.member_no in page and second.member.member_no not in page
