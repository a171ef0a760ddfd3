"""A one-stage campaign whose screening deadline moved it into review with two nominations
never screened: 李强's was submitted and never screened, 张伟's was returned for revision and
not resubmitted in time. The screening queue lists them under review, where the admin closes
each as ineligible with a reason. Until then the campaign goes neither way: the 公示 of 王芳,
the candidate under review, does not open; and when 王芳 is vetoed instead, leaving nobody to
publicise, the campaign does not end without a 公示 (its empty final list is not confirmed)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from selection import phases, workflow
from selection.choices import IntegrityVerdict, Phase, State
from selection.errors import SelectionError
from selection.models import PublicNotice
from tests.factories import CampaignFactory, NominationFactory, in_review

pytestmark = pytest.mark.django_db

REASON = "唯一进入评审的人选被一票否决，本年度不产生先进典型"


@pytest.fixture
def moved_into_review(city, city_admin, branch_a1):
    """In screening until yesterday; the scheduler has moved it into review."""
    screening = CampaignFactory(
        owner=city,
        phase=Phase.SCREENING,
        quota_value=10,
        screening_deadline=timezone.now() - datetime.timedelta(days=1),
    )
    in_review(screening, 90, by=city_admin, member__organization=branch_a1, member__name="王芳")
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
    screening.refresh_from_db()
    return screening


@pytest.fixture
def campaign(moved_into_review, integrity_officer):
    """王芳 vetoed: nobody is left to publicise."""
    workflow.give_integrity_opinion(
        _wang(moved_into_review),
        by=integrity_officer,
        verdict=IntegrityVerdict.VETO,
        reason="新发现违纪线索",
    )
    return moved_into_review


@pytest.fixture
def notice_next(moved_into_review, city_admin):
    """王芳 on the committee's shortlist: her 公示 is next."""
    workflow.shortlist(_wang(moved_into_review), by=city_admin)
    return moved_into_review


def _wang(campaign):
    return campaign.nominations.get(member__name="王芳")


def _unscreened(campaign):
    return campaign.nominations.exclude(member__name="王芳").order_by("member__name")


def _find_ineligible(client, campaign):
    for nomination in _unscreened(campaign):
        url = reverse("selection:nomination_ineligible", args=[nomination.pk])
        client.post(url, {"reason": "资格审查期内未完成审查，不再参加本年度评选"})


def _conclude(client, campaign):
    """The empty final list, confirmed on the results page: the campaign ends with it."""
    url = reverse("evaluations:shortlist", args=[campaign.pk])
    return client.post(url, {"reason": REASON, "page": 1}, follow=True)


def _open_notice(client, campaign):
    url = reverse("selection:notice_open", args=[campaign.pk])
    return client.post(
        url, {"starts_on": timezone.localdate(), "working_days": 5, "contact": "市委组织部"}
    )


def _refused_as_they_wait(response) -> str:
    """A refusal that counts the two waiting and names the page where they are closed."""
    assert response.status_code == 400
    page = response.content.decode()
    assert "还有 2 份推荐未完成资格审查" in page
    assert "“资格审查”页面" in page
    return page


def test_the_screening_deadline_leaves_unscreened_nominations_in_review(campaign):
    assert campaign.phase == Phase.REVIEWING
    assert [n.state for n in _unscreened(campaign)] == [State.RETURNED, State.SUBMITTED]


def test_the_campaign_cannot_end_while_nominations_wait_for_screening(client, campaign, city_admin):
    client.force_login(city_admin)

    _refused_as_they_wait(_conclude(client, campaign))
    campaign.refresh_from_db()
    assert campaign.phase == Phase.REVIEWING
    assert [n.state for n in _unscreened(campaign)] == [State.RETURNED, State.SUBMITTED]
    assert not AuditEvent.objects.filter(verb="campaign.phase_changed", after__phase="concluded")
    assert not AuditEvent.objects.filter(verb="review.shortlist_confirmed")


def test_the_screening_queue_lists_them_under_review(client, campaign, city_admin):
    client.force_login(city_admin)

    page = client.get(
        reverse("selection:screening_queue"), {"campaign": campaign.pk}
    ).content.decode()

    assert "李强" in page
    assert "张伟" in page
    assert "王芳" not in page


def only_ineligible_offered(client, nomination) -> bool:
    """The nomination's page offers to find it ineligible, neither eligible nor returned."""
    page = client.get(reverse("selection:nomination_detail", args=[nomination.pk])).content
    offered = [
        reverse(f"selection:nomination_{move}", args=[nomination.pk]) in page.decode()
        for move in ("ineligible", "eligible", "return")
    ]
    return offered == [True, False, False]


def test_their_page_offers_only_to_find_them_ineligible(client, campaign, city_admin):
    client.force_login(city_admin)

    assert only_ineligible_offered(client, _unscreened(campaign).get(member__name="李强"))


def test_under_review_an_unscreened_nomination_cannot_join_the_review(campaign, city_admin):
    nomination = _unscreened(campaign).get(member__name="李强")

    with pytest.raises(SelectionError, match="评审"):
        workflow.declare_eligible(nomination, by=city_admin)
    nomination.refresh_from_db()
    assert nomination.state == State.SUBMITTED


def test_once_both_are_found_ineligible_the_campaign_ends(client, campaign, city_admin):
    client.force_login(city_admin)
    _find_ineligible(client, campaign)

    page = _conclude(client, campaign).content.decode()

    assert "拟推荐名单确定为空，评选活动已结束（未经公示）。" in page
    campaign.refresh_from_db()
    assert campaign.phase == Phase.CONCLUDED
    assert [n.state for n in _unscreened(campaign)] == [State.INELIGIBLE, State.INELIGIBLE]
    event = AuditEvent.objects.get(verb="campaign.phase_changed", after__phase="concluded")
    assert event.after["reason"] == REASON
    assert AuditEvent.objects.get(verb="review.shortlist_confirmed").after["reason"] == REASON


def test_the_notice_page_says_beforehand_that_they_hold_the_notice(client, notice_next, city_admin):
    client.force_login(city_admin)

    page = client.get(reverse("selection:notice_manage", args=[notice_next.pk])).content
    page = page.decode()

    assert "还有 2 份推荐未完成资格审查" in page
    assert f"{reverse('selection:screening_queue')}?campaign={notice_next.pk}" in page


@pytest.mark.usefixtures("next_year_entered")
def test_the_notice_does_not_open_while_nominations_wait_for_screening(
    client, notice_next, city_admin
):
    client.force_login(city_admin)

    page = _refused_as_they_wait(_open_notice(client, notice_next))
    assert 'value="市委组织部"' in page
    notice_next.refresh_from_db()
    assert notice_next.phase == Phase.REVIEWING
    assert not PublicNotice.objects.exists()
    assert _wang(notice_next).state == State.SHORTLISTED
    assert [n.state for n in _unscreened(notice_next)] == [State.RETURNED, State.SUBMITTED]
    assert not AuditEvent.objects.filter(verb="notice.opened")


@pytest.mark.usefixtures("next_year_entered")
def test_once_both_are_found_ineligible_the_notice_opens(client, notice_next, city_admin):
    client.force_login(city_admin)
    _find_ineligible(client, notice_next)

    response = _open_notice(client, notice_next)

    assert response.status_code == 302
    notice_next.refresh_from_db()
    assert notice_next.phase == Phase.NOTICE
    assert _wang(notice_next).state == State.IN_NOTICE
    assert [n.state for n in _unscreened(notice_next)] == [State.INELIGIBLE, State.INELIGIBLE]
    assert AuditEvent.objects.get(verb="notice.opened").after["nominations"] == [
        _wang(notice_next).pk
    ]


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
