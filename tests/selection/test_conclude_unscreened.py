"""A one-stage campaign whose screening deadline moved it into review with two nominations
never screened: 李强's was submitted and never screened, 张伟's was returned for revision and
not resubmitted in time. The only candidate under review, 王芳, is then vetoed, so nobody is
left to publicise; but the campaign may not end without a 公示 while 李强 and 张伟 wait. The
screening queue lists them under review; the admin closes each as ineligible with a reason,
and then the campaign ends."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from selection import phases, workflow
from selection.choices import IntegrityVerdict, Phase, State
from selection.errors import SelectionError
from tests.factories import CampaignFactory, NominationFactory, in_review

pytestmark = pytest.mark.django_db

REASON = "唯一进入评审的人选被一票否决，本年度不产生先进典型"


@pytest.fixture
def campaign(city, city_admin, branch_a1, integrity_officer):
    """In screening until yesterday; the scheduler has moved it into review."""
    screening = CampaignFactory(
        owner=city,
        phase=Phase.SCREENING,
        quota_value=10,
        screening_deadline=timezone.now() - datetime.timedelta(days=1),
    )
    wang = in_review(
        screening, 90, by=city_admin, member__organization=branch_a1, member__name="王芳"
    )
    NominationFactory(
        campaign=screening,
        state=State.SUBMITTED,
        member__organization=branch_a1,
        member__name="李强",
    )
    NominationFactory(
        campaign=screening,
        state=State.RETURNED,
        returned_in=Phase.SCREENING,
        member__organization=branch_a1,
        member__name="张伟",
    )
    assert phases.advance_due_campaigns() == [screening.pk]
    workflow.give_integrity_opinion(
        wang, by=integrity_officer, verdict=IntegrityVerdict.VETO, reason="新发现违纪线索"
    )
    screening.refresh_from_db()
    return screening


def _unscreened(campaign):
    return campaign.nominations.exclude(member__name="王芳").order_by("member__name")


def _conclude(client, campaign):
    url = reverse("selection:campaign_conclude", args=[campaign.pk])
    return client.post(url, {"reason": REASON}, follow=True)


def test_the_screening_deadline_leaves_unscreened_nominations_in_review(campaign):
    assert campaign.phase == Phase.REVIEWING
    assert [n.state for n in _unscreened(campaign)] == [State.RETURNED, State.SUBMITTED]


def test_the_campaign_cannot_end_while_nominations_wait_for_screening(client, campaign, city_admin):
    client.force_login(city_admin)

    page = _conclude(client, campaign).content.decode()

    assert "还有 2 份推荐未完成资格审查" in page
    assert "“资格审查”页面" in page
    campaign.refresh_from_db()
    assert campaign.phase == Phase.REVIEWING
    assert [n.state for n in _unscreened(campaign)] == [State.RETURNED, State.SUBMITTED]
    assert not AuditEvent.objects.filter(verb="campaign.phase_changed", after__phase="concluded")


def test_the_screening_queue_lists_them_under_review(client, campaign, city_admin):
    client.force_login(city_admin)

    page = client.get(
        reverse("selection:screening_queue"), {"campaign": campaign.pk}
    ).content.decode()

    assert "李强" in page
    assert "张伟" in page
    assert "王芳" not in page


def test_their_page_offers_only_to_find_them_ineligible(client, campaign, city_admin):
    client.force_login(city_admin)
    nomination = _unscreened(campaign).get(member__name="李强")

    page = client.get(reverse("selection:nomination_detail", args=[nomination.pk])).content
    page = page.decode()

    assert reverse("selection:nomination_ineligible", args=[nomination.pk]) in page
    assert reverse("selection:nomination_eligible", args=[nomination.pk]) not in page
    assert reverse("selection:nomination_return", args=[nomination.pk]) not in page


def test_under_review_an_unscreened_nomination_cannot_join_the_review(campaign, city_admin):
    nomination = _unscreened(campaign).get(member__name="李强")

    with pytest.raises(SelectionError, match="评审"):
        workflow.declare_eligible(nomination, by=city_admin)
    nomination.refresh_from_db()
    assert nomination.state == State.SUBMITTED


def test_once_both_are_found_ineligible_the_campaign_ends(client, campaign, city_admin):
    client.force_login(city_admin)
    for nomination in _unscreened(campaign):
        url = reverse("selection:nomination_ineligible", args=[nomination.pk])
        client.post(url, {"reason": "资格审查期内未完成审查，不再参加本年度评选"})

    page = _conclude(client, campaign).content.decode()

    assert "评选活动已结束。" in page
    campaign.refresh_from_db()
    assert campaign.phase == Phase.CONCLUDED
    assert [n.state for n in _unscreened(campaign)] == [State.INELIGIBLE, State.INELIGIBLE]
    event = AuditEvent.objects.get(verb="campaign.phase_changed", after__phase="concluded")
    assert event.after["reason"] == REASON


def test_a_returned_nomination_its_secretary_may_still_resubmit_is_not_found_ineligible(
    city, branch_a1, city_admin
):
    screening = CampaignFactory(
        owner=city,
        phase=Phase.SCREENING,
        screening_deadline=timezone.now() + datetime.timedelta(days=3),
    )
    returned = NominationFactory(
        campaign=screening,
        state=State.RETURNED,
        returned_in=Phase.SCREENING,
        member__organization=branch_a1,
    )

    with pytest.raises(SelectionError, match="支部仍可修改后重新提交"):
        workflow.declare_ineligible(returned, by=city_admin, reason="不符合条件")
    returned.refresh_from_db()
    assert returned.state == State.RETURNED
