"""Issue 37 item 10: conflicts of interest from the organisation tree need a user linked to a
member record. An admin links them on the member's page (audited); the committee page shows
each reviewer's conflicts."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from evaluations.models import Reviewer
from members.choices import Role
from tests.factories import CampaignFactory, MemberFactory, NominationFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_an_admin_links_a_reviewer_to_their_member_record_and_sees_their_conflicts(
    client, admin, district_a, branch_a1, branch_a2
):
    reviewer = user_with_role(Role.REVIEWER, district_a, username="rev_linked")
    unlinked = user_with_role(Role.REVIEWER, district_a, username="rev_unlinked")
    himself = MemberFactory(name="评委本人", organization=branch_a1)
    campaign = CampaignFactory(owner=district_a, phase="reviewing")
    same_branch = NominationFactory(
        campaign=campaign,
        member__organization=branch_a1,
        member__name="同支部甲",
        state="in_review",
    )
    NominationFactory(
        campaign=campaign,
        member__organization=branch_a2,
        member__name="他支部乙",
        state="in_review",
    )
    for user in (reviewer, unlinked):
        Reviewer.objects.create(campaign=campaign, user=user)
    client.force_login(admin)

    detail = client.get(reverse("members:detail", args=[himself.pk])).content.decode()
    linked = client.post(
        reverse("members:link_user", args=[himself.pk]), {"username": "rev_linked"}, follow=True
    )
    missing = client.post(
        reverse("members:link_user", args=[himself.pk]), {"username": "nobody"}, follow=True
    )
    committee = client.get(reverse("evaluations:committee", args=[campaign.pk])).content.decode()

    assert reverse("members:link_user", args=[himself.pk]) in detail
    reviewer.refresh_from_db()
    assert reviewer.member == himself
    assert "rev_linked" in linked.content.decode()
    assert "没有这个账号" in missing.content.decode()
    event = AuditEvent.objects.get(verb="member.user_linked")
    assert event.actor == admin and event.after["user"] == "rev_linked"
    row = committee[committee.index(f'<td class="cell-head">{reviewer}</td>') :]
    row = row[: row.index("</tr>")]
    assert same_branch.member.name in row and "他支部乙" not in row
    other = committee[committee.index(f'<td class="cell-head">{unlinked}</td>') :]
    assert "未关联党员，无法自动识别回避" in other[: other.index("</tr>")]


def test_a_secretary_cannot_link_accounts(client, secretary, branch_a1):
    member = MemberFactory(organization=branch_a1)

    client.force_login(secretary)
    response = client.post(
        reverse("members:link_user", args=[member.pk]), {"username": secretary.username}
    )

    assert response.status_code == 403
    secretary.refresh_from_db()
    assert secretary.member is None
