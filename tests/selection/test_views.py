"""The secretary's, admin's and integrity officer's pages, driven through the test client."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.choices import MemberStatus, Role
from members.services import assign_role
from selection import workflow
from selection.choices import State
from selection.models import Nomination
from tests.factories import (
    COMPLETE_CONTENT,
    CampaignFactory,
    MemberFactory,
    NominationFactory,
    png_upload,
)

pytestmark = pytest.mark.django_db


def _form_data(**overrides):
    data = {k: str(v) for k, v in COMPLETE_CONTENT.items()}
    data.update(overrides)
    return data


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- Secretary ------------------------------------------------------------------------------------


def test_secretary_nominates_a_member_and_submits(client, secretary, campaign, good_member):
    client.force_login(secretary)
    pick = client.get(reverse("selection:nomination_new"), {"campaign": campaign.pk})
    assert good_member.name in pick.content.decode()

    form_page = client.get(
        reverse("selection:nomination_new"), {"campaign": campaign.pk, "member": good_member.pk}
    )
    assert "党龄不少于 1 年" in form_page.content.decode()  # eligibility shown before submitting

    response = client.post(
        reverse("selection:nomination_new") + f"?campaign={campaign.pk}",
        {**_form_data(), "member": good_member.pk, "photo": png_upload(), "action": "submit"},
        follow=True,
    )

    nomination = Nomination.objects.get(member=good_member)
    assert nomination.state == State.SUBMITTED
    # Said once, by the page (not again in a message above it).
    assert "已提交，等待资格审查；如需修改，请联系组织部门退回。" in response.content.decode()
    assert [str(m) for m in response.context["messages"]] == []


def test_a_link_to_a_campaign_not_taking_nominations_says_so(client, secretary, campaign, city):
    draft = CampaignFactory(owner=city, title="2027年度四好党员选树", phase="draft")
    client.force_login(secretary)

    response = client.get(reverse("selection:nomination_new"), {"campaign": draft.pk})

    assert response.status_code == 200
    assert response.context["campaign"] == campaign  # the one taking nominations, named
    assert _messages(response) == [
        "所选评选活动目前不在此处办理（尚未开始、已截止或不在您的范围内），"
        "下面显示的是《2026年度四好党员选树》。"
    ]
    plain = client.get(reverse("selection:nomination_new"), {"campaign": campaign.pk})
    assert _messages(plain) == []


def test_secretary_saves_a_draft_then_completes_it(client, secretary, campaign, good_member):
    client.force_login(secretary)
    client.post(
        reverse("selection:nomination_new") + f"?campaign={campaign.pk}",
        {"member": good_member.pk, "deeds_summary": "先写一个摘要", "action": "save"},
    )
    nomination = Nomination.objects.get(member=good_member)
    assert (nomination.state, nomination.deeds_summary) == (State.DRAFT, "先写一个摘要")

    response = client.post(
        reverse("selection:nomination_edit", args=[nomination.pk]),
        {**_form_data(), "photo": png_upload(), "action": "submit"},
        follow=True,
    )

    nomination.refresh_from_db()
    assert nomination.state == State.SUBMITTED
    assert nomination.deeds == COMPLETE_CONTENT["deeds"]
    assert response.status_code == 200


def test_submitting_an_incomplete_draft_names_what_is_missing(
    client, secretary, campaign, good_member
):
    client.force_login(secretary)

    response = client.post(
        reverse("selection:nomination_new") + f"?campaign={campaign.pk}",
        {"member": good_member.pk, "deeds_summary": "摘要", "action": "submit"},
        follow=True,
    )

    nomination = Nomination.objects.get(member=good_member)
    assert nomination.state == State.DRAFT
    assert nomination.deeds_summary == "摘要"
    assert any("尚缺" in m and "照片" in m for m in _messages(response))


def test_a_summary_over_300_characters_is_refused(client, secretary, draft):
    client.force_login(secretary)

    response = client.post(
        reverse("selection:nomination_edit", args=[draft.pk]),
        _form_data(deeds_summary="字" * 301, action="save"),
    )

    assert response.status_code == 400
    assert "不超过 300 字" in response.content.decode()
    draft.refresh_from_db()
    assert draft.deeds_summary == COMPLETE_CONTENT["deeds_summary"]


def test_secretary_edits_after_return_and_resubmits(client, secretary, admin, submitted):
    workflow.return_for_revision(submitted, by=admin, reason="请补充支部会议表决情况。")
    client.force_login(secretary)
    page = client.get(reverse("selection:nomination_edit", args=[submitted.pk]))
    assert "请补充支部会议表决情况。" in page.content.decode()

    client.post(
        reverse("selection:nomination_edit", args=[submitted.pk]),
        _form_data(branch_opinion="支部大会应到 20 人，实到 19 人，同意 19 票。", action="submit"),
    )

    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
    assert submitted.branch_opinion.startswith("支部大会应到")


def test_dashboard_shows_quota_used_and_left(client, secretary, submitted, campaign):
    client.force_login(secretary)

    response = client.get(reverse("selection:dashboard"), {"campaign": campaign.pk})

    body = response.content.decode()
    assert "名额：已用 1 / 共 2，剩余 1" in body
    assert submitted.member.name in body


def test_the_secretary_sees_each_branchs_nominations_by_name_with_their_last_change(
    client, secretary, campaign, branch_a1, branch_a2
):
    """The nominations come with their branch, as one JSON array each (an aggregate keeps no
    order, so they are sorted by name after); their times are the rows' own, in any zone."""
    import datetime

    assign_role(secretary, Role.SECRETARY, branch_a2)
    made = [
        NominationFactory(campaign=campaign, member__organization=branch, member__name=name)
        for branch, name in [(branch_a1, "王五"), (branch_a1, "李四"), (branch_a2, "张三")]
    ]
    NominationFactory(campaign__year=2025, member__organization=branch_a1)  # another year's
    moment = datetime.datetime(2026, 3, 1, 23, 30, 15, 123456, tzinfo=datetime.UTC)
    Nomination.objects.filter(pk=made[0].pk).update(updated_at=moment)
    client.force_login(secretary)

    response = client.get(reverse("selection:dashboard"), {"campaign": campaign.pk})

    listed = {
        row.quota.branch.pk: [(n.pk, n.name, n.state, n.updated_at) for n in row.nominations]
        for row in response.context["branches"]
    }
    expected = {}
    for branch in (branch_a1, branch_a2):
        rows = Nomination.objects.filter(campaign=campaign, branch=branch)
        expected[branch.pk] = [
            (n.pk, n.member.name, n.state, n.updated_at)
            for n in sorted(rows.select_related("member"), key=lambda n: (n.member.name, n.pk))
        ]
    assert listed == expected
    assert [name for _pk, name, *_ in listed[branch_a1.pk]] == ["李四", "王五"]
    assert listed[branch_a1.pk][1][3] == moment
    assert "2026-03-02 07:30" in response.content.decode()  # shown in Beijing's time


def test_a_secretary_of_two_branches_sees_each_branch_s_own_quota(
    client, secretary, campaign, branch_a1, branch_a2
):
    """Places are counted per branch: full members only, nominations of this campaign that
    hold a place only (a draft or another year's do not)."""
    assign_role(secretary, Role.SECRETARY, branch_a2)
    campaign.quota_kind, campaign.quota_value = "ratio", 10
    campaign.save()
    MemberFactory.create_batch(11, organization=branch_a1)
    MemberFactory.create_batch(4, organization=branch_a2, status=MemberStatus.PROBATIONARY)
    MemberFactory.create_batch(5, organization=branch_a2)
    workflow.submit(
        NominationFactory(campaign=campaign, member__organization=branch_a1), by=secretary
    )
    NominationFactory(campaign=campaign, member__organization=branch_a2)  # a draft
    NominationFactory(campaign__year=2025, member__organization=branch_a2, state="submitted")
    client.force_login(secretary)

    response = client.get(reverse("selection:dashboard"), {"campaign": campaign.pk})

    quotas = re.findall(r"<strong>(.+?)</strong>\s*<span>(名额：.+?)</span>", response.text)
    # 10 % of branch A1's 12 full members (the nominee included) rounds up to 2; of branch
    # A2's 7 (the draft's and the other year's nominees included, the probationary not) to 1.
    assert quotas == [
        ("东区一支部", "名额：已用 1 / 共 2，剩余 1"),
        ("东区二支部", "名额：已用 0 / 共 1，剩余 1"),
    ]


# --- Uploads --------------------------------------------------------------------------------------


def _exe_as_jpg():
    return SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg")


# --- Admin and integrity officer -----------------------------------------------------------------


# --- Query counts ---------------------------------------------------------------------------------


def _submit_some(campaign, branch, secretary, count: int) -> None:
    """``count`` nominations from ``branch`` submitted in ``campaign`` (room for five)."""
    campaign.quota_value = 5
    campaign.save()
    for _ in range(count):
        workflow.submit(
            NominationFactory(campaign=campaign, member__organization=branch), by=secretary
        )
