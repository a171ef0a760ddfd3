"""The branch meeting that recommended the member has been held: its date is not after today."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from selection.choices import State
from selection.forms.nominations import earliest_branch_meeting
from tests.factories import COMPLETE_CONTENT, NominationFactory

pytestmark = pytest.mark.django_db


def _post_meeting(client, draft, held: str):
    """The draft's form saved complete, with new deeds and the branch meeting ``held``."""
    data = {k: str(v) for k, v in COMPLETE_CONTENT.items()}
    return client.post(
        reverse("selection:nomination_edit", args=[draft.pk]),
        {**data, "deeds": "新写的事迹", "branch_meeting_date": held},
    )


def test_a_branch_meeting_in_the_future_is_refused_and_nothing_saved_is_lost(
    client, campaign, branch_a1, secretary
):
    draft = NominationFactory(campaign=campaign, member__organization=branch_a1)
    client.force_login(secretary)
    future = timezone.localdate() + datetime.timedelta(days=30)

    response = _post_meeting(client, draft, future.isoformat())

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


EARLY = (
    "支部会议日期（1900-01-01）早于本次评选（2026 年度），"
    "请填写推荐本人的支部会议的日期（不早于 2026-01-01）。"
)


def test_a_branch_meeting_before_the_campaign_s_year_is_refused_as_typed(
    client, campaign, branch_a1, secretary
):
    draft = NominationFactory(campaign=campaign, member__organization=branch_a1)
    client.force_login(secretary)

    response = _post_meeting(client, draft, "1900-01-01")

    html = response.content.decode()
    assert response.status_code == 400
    assert EARLY in html
    assert 'value="1900-01-01"' in html and "新写的事迹" in html
    draft.refresh_from_db()
    assert draft.branch_meeting_date == COMPLETE_CONTENT["branch_meeting_date"]


def test_the_new_form_refuses_it_too(client, campaign, member_a1, secretary):
    client.force_login(secretary)
    url = reverse("selection:nomination_new") + f"?campaign={campaign.pk}&member={member_a1.pk}"

    response = client.post(url, {"action": "save", "branch_meeting_date": "1900-01-01"})

    assert response.status_code == 400
    assert EARLY in response.content.decode()
    assert not campaign.nominations.exists()


def test_earliest_is_the_campaign_s_year_or_the_year_it_opened(campaign):
    campaign.opens_at = timezone.make_aware(datetime.datetime(2025, 12, 1, 9))

    assert earliest_branch_meeting(campaign) == datetime.date(2025, 1, 1)
