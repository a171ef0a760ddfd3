"""A nomination returned for revision keeps its place in the branch's quota, and the
secretary is told plainly when no place is left."""

import re

import pytest
from django.urls import reverse

from members.choices import Role
from members.services import assign_role
from selection import workflow
from selection.choices import State
from selection.errors import SelectionError
from selection.models import Nomination
from tests.factories import COMPLETE_CONTENT, MemberFactory, NominationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_places(campaign):
    campaign.quota_value = 3
    campaign.save(update_fields=["quota_value"])
    return campaign


@pytest.fixture
def yang(three_places, branch_a1, secretary, admin):
    """杨玉珍, submitted and returned for revision."""
    nomination = NominationFactory(
        campaign=three_places, member__organization=branch_a1, member__name="杨玉珍"
    )
    workflow.submit(nomination, by=secretary)
    workflow.return_for_revision(nomination, by=admin, reason="请补充岗位业绩的事实依据。")
    return nomination


def _quota_line(client, campaign) -> str:
    page = client.get(reverse("selection:dashboard"), {"campaign": campaign.pk})
    return re.search(r"名额：已用 \d+ / 共 \d+，剩余 \d+", page.content.decode()).group(0)


def test_a_returned_nomination_keeps_its_place_and_can_always_be_resubmitted(
    client, three_places, branch_a1, secretary, yang
):
    client.force_login(secretary)
    assert _quota_line(client, three_places) == "名额：已用 1 / 共 3，剩余 2"

    for name in ("王建国", "李秀英"):
        workflow.submit(
            NominationFactory(
                campaign=three_places, member__organization=branch_a1, member__name=name
            ),
            by=secretary,
        )
    fourth = NominationFactory(campaign=three_places, member__organization=branch_a1)
    with pytest.raises(SelectionError, match=r"推荐名额已用完（3/3）"):
        workflow.submit(fourth, by=secretary)
    assert _quota_line(client, three_places) == "名额：已用 3 / 共 3，剩余 0"

    response = client.post(reverse("selection:nomination_submit", args=[yang.pk]), follow=True)

    yang.refresh_from_db()
    assert yang.state == State.SUBMITTED
    # Said once, by the page (not again in a message above it).
    assert "已提交，等待资格审查；如需修改，请联系组织部门退回。" in response.content.decode()
    assert [str(m) for m in response.context["messages"]] == []
    assert _quota_line(client, three_places) == "名额：已用 3 / 共 3，剩余 0"


def test_with_no_place_left_the_new_nomination_page_says_so_and_links_back(
    client, three_places, branch_a1, secretary
):
    for _ in range(3):
        workflow.submit(
            NominationFactory(campaign=three_places, member__organization=branch_a1),
            by=secretary,
        )
    waiting = MemberFactory(organization=branch_a1, name="陈志强")
    client.force_login(secretary)
    url = reverse("selection:nomination_new")

    pick = client.get(url, {"campaign": three_places.pk})
    form = client.get(url, {"campaign": three_places.pk, "member": waiting.pk})

    for page in (pick, form):
        html = page.content.decode()
        assert page.status_code == 200
        assert "东区一支部的推荐名额已用完（已用 3 / 共 3），不能再新建推荐。" in html
        assert f'href="{reverse("selection:dashboard")}?campaign={three_places.pk}"' in html
        assert "陈志强" not in html and 'name="deeds"' not in html
    dashboard = client.get(reverse("selection:dashboard"), {"campaign": three_places.pk})
    assert "推荐名额已用完" in dashboard.content.decode()
    assert f'href="{url}?campaign={three_places.pk}"' not in dashboard.content.decode()


def test_a_form_posted_as_the_last_place_went_is_kept_as_a_draft(
    client, three_places, branch_a1, secretary
):
    member = MemberFactory(organization=branch_a1, name="陈志强")
    for _ in range(3):
        workflow.submit(
            NominationFactory(campaign=three_places, member__organization=branch_a1),
            by=secretary,
        )
    client.force_login(secretary)
    data = {k: str(v) for k, v in COMPLETE_CONTENT.items()}

    client.post(
        reverse("selection:nomination_new") + f"?campaign={three_places.pk}",
        {**data, "member": member.pk, "action": "submit"},
    )

    kept = Nomination.objects.get(member=member)
    assert (kept.state, kept.deeds) == (State.DRAFT, COMPLETE_CONTENT["deeds"])


def test_a_secretary_of_two_branches_picks_only_in_the_branch_with_places(
    client, three_places, branch_a1, branch_a2, secretary
):
    assign_role(secretary, Role.SECRETARY, branch_a2)
    for _ in range(3):
        workflow.submit(
            NominationFactory(campaign=three_places, member__organization=branch_a1),
            by=secretary,
        )
    MemberFactory(organization=branch_a1, name="陈志强")
    MemberFactory(organization=branch_a2, name="周丽华")
    client.force_login(secretary)

    pick = client.get(reverse("selection:nomination_new"), {"campaign": three_places.pk})

    html = pick.content.decode()
    assert "以下支部的推荐名额已用完，不再列出其党员：东区一支部" in html
    assert "周丽华" in html and "陈志强" not in html
