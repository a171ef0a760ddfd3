"""Issue 37 item 2: a nomination returned during 资格审查 can be fixed and resubmitted in that
phase, until its deadline; moving a campaign back a phase asks for confirmation and a reason,
and is audited."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from selection import services, workflow
from selection.choices import Phase, State
from tests.factories import COMPLETE_CONTENT

pytestmark = pytest.mark.django_db


def _form_data(**overrides):
    data = {k: str(v) for k, v in COMPLETE_CONTENT.items()}
    data.update(overrides)
    return data


@pytest.fixture
def in_screening(submitted, campaign, city_admin):
    services.set_phase(campaign, Phase.SCREENING, by=city_admin)
    return submitted


def test_secretary_fixes_a_nomination_returned_during_screening_and_resubmits(
    client, secretary, admin, in_screening
):
    workflow.return_for_revision(in_screening, by=admin, reason="请补充支部会议表决情况。")
    client.force_login(secretary)

    page = client.get(reverse("selection:nomination_edit", args=[in_screening.pk]))
    response = client.post(
        reverse("selection:nomination_edit", args=[in_screening.pk]),
        _form_data(branch_opinion="支部大会应到 20 人，实到 19 人，同意 19 票。", action="submit"),
        follow=True,
    )

    assert page.status_code == 200
    assert "请补充支部会议表决情况。" in page.content.decode()
    in_screening.refresh_from_db()
    assert in_screening.state == State.SUBMITTED
    assert in_screening.branch_opinion.startswith("支部大会应到")
    # Said once, by the page (not again in a message above it).
    assert "已提交，等待资格审查；如需修改，请联系组织部门退回。" in response.content.decode()
    assert [str(m) for m in response.context["messages"]] == []


def test_a_returned_nomination_cannot_be_changed_after_its_phases_deadline(
    client, secretary, admin, in_screening, campaign
):
    workflow.return_for_revision(in_screening, by=admin, reason="请补充。")
    campaign.screening_deadline = timezone.now() - datetime.timedelta(minutes=1)
    campaign.save()
    client.force_login(secretary)

    page = client.get(reverse("selection:nomination_edit", args=[in_screening.pk]), follow=True)
    client.post(reverse("selection:nomination_submit", args=[in_screening.pk]), follow=True)

    assert "退回修改的期限已过，不能再修改或重新提交。" in page.content.decode()
    in_screening.refresh_from_db()
    assert in_screening.state == State.RETURNED


def test_a_nomination_returned_while_nominating_stays_closed_once_screening_began(
    client, secretary, admin, submitted, campaign, city_admin
):
    workflow.return_for_revision(submitted, by=admin, reason="请补充。")
    services.set_phase(campaign, Phase.SCREENING, by=city_admin)
    client.force_login(secretary)

    client.post(reverse("selection:nomination_submit", args=[submitted.pk]))

    submitted.refresh_from_db()
    assert submitted.state == State.RETURNED


def test_moving_a_campaign_back_asks_for_confirmation_and_a_reason(client, city_admin, campaign):
    services.set_phase(campaign, Phase.SCREENING, by=city_admin)
    client.force_login(city_admin)
    url = reverse("selection:campaign_phase", args=[campaign.pk])

    asked = client.post(url, {"phase": Phase.NOMINATING})
    campaign.refresh_from_db()
    assert campaign.phase == Phase.SCREENING
    assert "回退" in asked.content.decode() and 'name="reason"' in asked.content.decode()

    no_reason = client.post(url, {"phase": Phase.NOMINATING, "confirmed": "True", "reason": ""})
    campaign.refresh_from_db()
    assert (no_reason.status_code, campaign.phase) == (400, Phase.SCREENING)

    client.post(
        url, {"phase": Phase.NOMINATING, "confirmed": "True", "reason": "误操作，恢复推荐。"}
    )
    campaign.refresh_from_db()
    assert campaign.phase == Phase.NOMINATING
    event = AuditEvent.objects.filter(verb="campaign.phase_changed").latest("pk")
    assert (event.before, event.after) == (
        {"phase": "screening"},
        {"phase": "nominating", "reason": "误操作，恢复推荐。"},
    )


def test_moving_a_campaign_back_without_a_reason_is_refused_by_the_service(city_admin, campaign):
    from selection.errors import SelectionError

    with pytest.raises(SelectionError):
        services.set_phase(campaign, Phase.DRAFT, by=city_admin)
    campaign.refresh_from_db()
    assert campaign.phase == Phase.NOMINATING
