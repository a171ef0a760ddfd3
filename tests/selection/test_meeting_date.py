"""The branch meeting that recommended the member has been held: its date is not after today."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from selection.choices import State
from tests.factories import COMPLETE_CONTENT, NominationFactory

pytestmark = pytest.mark.django_db


def test_a_branch_meeting_in_the_future_is_refused_and_nothing_saved_is_lost(
    client, campaign, branch_a1, secretary
):
    draft = NominationFactory(campaign=campaign, member__organization=branch_a1)
    client.force_login(secretary)
    future = timezone.localdate() + datetime.timedelta(days=30)
    data = {k: str(v) for k, v in COMPLETE_CONTENT.items()}

    response = client.post(
        reverse("selection:nomination_edit", args=[draft.pk]),
        {**data, "deeds": "新写的事迹", "branch_meeting_date": future.isoformat()},
    )

    assert response.status_code == 400
    refusal = f"支部会议日期（{future}）晚于今天，请填写已召开会议的日期。"
    assert refusal in response.content.decode()
    draft.refresh_from_db()
    assert draft.branch_meeting_date == COMPLETE_CONTENT["branch_meeting_date"]
    assert draft.deeds == COMPLETE_CONTENT["deeds"]


def test_a_branch_meeting_held_today_is_accepted(client, campaign, branch_a1, secretary):
    draft = NominationFactory(campaign=campaign, member__organization=branch_a1)
    client.force_login(secretary)
    data = {k: str(v) for k, v in COMPLETE_CONTENT.items()}

    client.post(
        reverse("selection:nomination_edit", args=[draft.pk]),
        {**data, "branch_meeting_date": timezone.localdate().isoformat()},
    )

    draft.refresh_from_db()
    assert (draft.branch_meeting_date, draft.state) == (timezone.localdate(), State.DRAFT)
