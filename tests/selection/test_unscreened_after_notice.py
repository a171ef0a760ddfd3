"""A campaign whose 公示 opened before opening it was refused while nominations wait for their
screening (``notice.screening_unfinished``): old data, built here as it was left. 王芳 is in the
公示; 李强's nomination was submitted and never screened, 张伟's was returned for revision and
never resubmitted. Nothing else would ever close the two: 张伟's secretary can no longer
resubmit, and nothing after the 公示 moves them. The screening queue lists them in the 公示 and
after the campaign ended, where the admin closes each as ineligible with a reason, recorded as
in the review; the campaign list and the 推荐 page say how many are left."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from members.choices import Role
from members.services import assign_role
from selection import workflow
from selection.choices import Phase, State
from selection.errors import SelectionError
from selection.models import PublicNotice, Transition
from tests.factories import CampaignFactory, NominationFactory
from tests.selection.test_unscreened_in_review import (
    _find_ineligible,
    _unscreened,
    only_ineligible_offered,
)

pytestmark = pytest.mark.django_db

REASON = "资格审查期内未完成审查，不再参加本年度评选"  # as ``_find_ineligible`` gives
QUEUE = reverse("selection:screening_queue")
LEFT = "2 份推荐未完成资格审查"


@pytest.fixture(params=[Phase.NOTICE, Phase.CONCLUDED])
def campaign(request, city, city_admin, branch_a1):
    """In its 公示, or ended after it, with two nominations never screened."""
    return left_unscreened(request.param, city, city_admin, branch_a1)


def left_unscreened(phase, city, city_admin, branch_a1):
    old = CampaignFactory(owner=city, phase=phase, quota_value=10)
    today = timezone.localdate()
    PublicNotice.objects.create(
        campaign=old,
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today - datetime.timedelta(days=3),
        working_days=5,
        contact="市委组织部",
        opened_by=city_admin,
    )
    shown = State.IN_NOTICE if phase == Phase.NOTICE else State.APPROVED
    left = {"state": State.RETURNED, "returned_in": Phase.SCREENING}
    for name, fields in (
        ("王芳", {"state": shown}),
        ("李强", {"state": State.SUBMITTED}),
        ("张伟", left),
    ):
        NominationFactory(campaign=old, member__organization=branch_a1, member__name=name, **fields)
    return old


def test_the_returned_one_can_no_longer_be_resubmitted_by_its_secretary(campaign, secretary):
    returned = _unscreened(campaign).get(member__name="张伟")

    with pytest.raises(SelectionError, match="不能提交"):
        workflow.submit(returned, by=secretary)
    returned.refresh_from_db()
    assert returned.state == State.RETURNED


def test_their_secretary_is_told_the_department_will_conclude_them(client, campaign, secretary):
    client.force_login(secretary)
    returned = _unscreened(campaign).get(member__name="张伟")

    page = client.get(reverse("selection:nomination_detail", args=[returned.pk]))

    text = page.content.decode()
    assert "组织部门将作出资格审查结论" in text
    assert reverse("selection:nomination_edit", args=[returned.pk]) not in text


def test_the_screening_queue_lists_them_to_be_closed_one_by_one(client, campaign, city_admin):
    client.force_login(city_admin)

    page = client.get(QUEUE, {"campaign": campaign.pk}).content.decode()

    assert f"资格审查 · {campaign.title}</h1>" in page
    assert "所选评选活动目前不在此处办理" not in page
    assert "李强" in page and "张伟" in page and "王芳" not in page
    assert "资格审查期已结束：这里列出未完成资格审查的推荐" in page
    assert 'name="nominations"' not in page  # nothing to declare eligible in bulk


def test_their_page_offers_only_to_find_them_ineligible(client, campaign, city_admin):
    client.force_login(city_admin)

    assert only_ineligible_offered(client, _unscreened(campaign).get(member__name="李强"))


def test_the_admin_finds_each_ineligible_with_a_reason_recorded_as_in_the_review(
    client, campaign, city_admin
):
    client.force_login(city_admin)

    _find_ineligible(client, campaign)

    assert [n.state for n in _unscreened(campaign)] == [State.INELIGIBLE, State.INELIGIBLE]
    moves = Transition.objects.filter(action="declare_ineligible").order_by("source")
    assert [(m.source, m.reason, m.by) for m in moves] == [
        (State.RETURNED, REASON, city_admin),
        (State.SUBMITTED, REASON, city_admin),
    ]
    events = AuditEvent.objects.filter(verb="nomination.declare_ineligible").order_by("pk")
    assert [(e.actor, e.before, e.after["reason"]) for e in events] == [
        (city_admin, {"state": State.RETURNED}, REASON),  # 张伟's first, in the order of names
        (city_admin, {"state": State.SUBMITTED}, REASON),
    ]
    page = client.get(QUEUE, {"campaign": campaign.pk}).content.decode()
    assert "所选评选活动目前不在此处办理" in page  # none left: off the queue's picker


def test_the_campaign_list_and_the_nominations_page_say_how_many_are_left(
    client, campaign, city_admin
):
    client.force_login(city_admin)
    link = f'href="{QUEUE}?campaign={campaign.pk}"'
    listed = reverse("selection:campaign_list")
    dashboard = reverse("selection:dashboard") + f"?campaign={campaign.pk}"

    for url in (listed, dashboard):
        page = client.get(url).content.decode()
        assert LEFT in page and link in page
    _find_ineligible(client, campaign)
    for url in (listed, dashboard):
        assert "未完成资格审查" not in client.get(url).content.decode()


def test_an_admin_who_is_also_a_secretary_elsewhere_counts_only_what_they_close(
    client, campaign, other_admin, branch_a1
):
    """Admin of another district and secretary of the nominating branch: they see the two on
    the 推荐 page as the branch's secretary (each waiting for the department's conclusion), but
    the screening queue is not theirs to close them from, so no page tells them that some are
    left to close."""
    assign_role(other_admin, Role.SECRETARY, branch_a1)
    client.force_login(other_admin)

    dashboard = client.get(reverse("selection:dashboard") + f"?campaign={campaign.pk}")
    listed = client.get(reverse("selection:campaign_list"))

    assert "李强" in dashboard.content.decode()
    assert dashboard.content.decode().count("待组织部门作出资格审查结论") == 2
    for page in (dashboard, listed):
        assert LEFT not in page.content.decode()


def test_an_admin_of_another_district_neither_sees_nor_closes_them(client, campaign, other_admin):
    client.force_login(other_admin)
    nomination = _unscreened(campaign).get(member__name="李强")

    response = client.post(
        reverse("selection:nomination_ineligible", args=[nomination.pk]), {"reason": REASON}
    )

    assert response.status_code == 404
    assert LEFT not in client.get(reverse("selection:campaign_list")).content.decode()
    nomination.refresh_from_db()
    assert nomination.state == State.SUBMITTED


def test_an_archived_year_stays_as_it_was_archived(client, campaign, city_admin):
    type(campaign).objects.filter(pk=campaign.pk).update(archived_at=timezone.now())
    client.force_login(city_admin)

    page = client.get(QUEUE, {"campaign": campaign.pk}).content.decode()

    assert "所选评选活动目前不在此处办理" in page
    assert LEFT not in client.get(reverse("selection:campaign_list")).content.decode()
    with pytest.raises(SelectionError, match="归档"):
        workflow.declare_ineligible(_unscreened(campaign).first(), by=city_admin, reason=REASON)
