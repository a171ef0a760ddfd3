"""The demo leaves a campaign in review whose shortlist the committee has confirmed: the admin
opens its 公示 straight away, with nothing set in the shell first."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from evaluations.demo import SHORTLISTED_TITLE
from members.models import User
from selection.choices import Phase, State
from selection.models import Campaign, PublicNotice

pytestmark = pytest.mark.django_db


def test_the_admin_publishes_the_notice_of_the_demo_campaign_whose_shortlist_is_confirmed(
    client, next_year_entered
):
    call_command("seed_demo", stdout=io.StringIO())
    campaign = Campaign.objects.get(title=SHORTLISTED_TITLE)
    shortlisted = set(
        campaign.nominations.filter(state=State.SHORTLISTED).values_list("pk", flat=True)
    )
    client.force_login(User.objects.get(username="admin"))
    page = client.get(reverse("selection:notice_manage", args=[campaign.pk]))

    response = client.post(
        reverse("selection:notice_open", args=[campaign.pk]),
        {
            "starts_on": timezone.localdate().isoformat(),
            "working_days": "5",
            "contact": "市委组织部干部科 电话 027-00000000",
        },
    )

    assert page.status_code == 200
    assert page.context["can_open"] is True
    assert campaign.phase == Phase.REVIEWING
    assert len(shortlisted) == campaign.exemplar_count == 3
    assert response.status_code == 302
    assert response["Location"] == reverse("selection:notice_manage", args=[campaign.pk])
    campaign.refresh_from_db()
    assert campaign.phase == Phase.NOTICE
    assert PublicNotice.objects.get(campaign=campaign).working_days == 5
    in_notice = campaign.nominations.filter(state=State.IN_NOTICE).values_list("pk", flat=True)
    assert set(in_notice) == shortlisted


def test_seeding_the_demo_again_leaves_that_campaign_as_it_was():
    call_command("seed_demo", stdout=io.StringIO())
    campaign = Campaign.objects.get(title=SHORTLISTED_TITLE)
    states = dict(campaign.nominations.values_list("pk", "state"))

    call_command("seed_demo", stdout=io.StringIO())

    assert Campaign.objects.filter(title=SHORTLISTED_TITLE).count() == 1
    assert dict(campaign.nominations.values_list("pk", "state")) == states
