"""The 廉洁意见 column of the nomination list says what the integrity queue says of the same
nomination: 待出具 while the opinion is awaited (``opinions.opinion_pending``, the one rule of
both), the verdict once given, "—" where no opinion is asked for (a draft, a screening that
is over)."""

import re

import pytest
from django.urls import reverse

from selection import workflow
from selection.choices import Phase
from tests.factories import NominationFactory

pytestmark = pytest.mark.django_db

AWAITED = '<span class="text-muted opinion-pending">待出具</span>'


def _row(page: str, name: str) -> str:
    """The table row of ``name`` on the page."""
    return re.search(rf"<tr[^>]*>(?:(?!</tr>).)*>{name}</a>.*?</tr>", page, re.S).group(0)


def _pages(client, user, campaign) -> tuple[str, str]:
    client.force_login(user)
    listed = client.get(reverse("selection:dashboard"), {"campaign": campaign.pk})
    queued = client.get(reverse("selection:integrity_queue"), {"campaign": campaign.pk})
    return listed.content.decode(), queued.content.decode()


def test_a_returned_nomination_without_an_opinion_is_awaited_in_the_list_as_in_the_queue(
    client, integrity_officer, admin, submitted
):
    workflow.return_for_revision(submitted, by=admin, reason="事迹不具体")

    listed, queued = _pages(client, integrity_officer, submitted.campaign)

    assert AWAITED in _row(queued, "赵六")
    assert AWAITED in _row(listed, "赵六")


def test_a_submitted_nomination_is_awaited_in_the_admin_s_list_too(client, admin, submitted):
    client.force_login(admin)

    page = client.get(reverse("selection:dashboard"), {"campaign": submitted.campaign_id})

    assert AWAITED in _row(page.content.decode(), "赵六")


def test_once_given_both_say_the_verdict(client, integrity_officer, passed_integrity):
    listed, queued = _pages(client, integrity_officer, passed_integrity.campaign)

    assert "<td>同意</td>" in _row(listed, "赵六")
    assert "待出具" not in _row(listed, "赵六")
    assert "待出具" not in _row(queued, "赵六")


def test_a_draft_asks_for_no_opinion(client, admin, draft):
    client.force_login(admin)

    page = client.get(reverse("selection:dashboard"), {"campaign": draft.campaign_id})

    assert "<td>—</td>" in _row(page.content.decode(), "赵六")


def test_past_the_screening_an_unscreened_nomination_awaits_no_opinion(
    client, admin, campaign, branch_a1, secretary
):
    """The review began: the integrity officer can no longer give one (the queue does not list
    it), so the list does not say it is awaited."""
    nomination = NominationFactory(campaign=campaign, member__organization=branch_a1)
    workflow.submit(nomination, by=secretary)
    campaign.phase = Phase.REVIEWING
    campaign.save()
    client.force_login(admin)

    page = client.get(reverse("selection:dashboard"), {"campaign": campaign.pk})

    assert "<td>—</td>" in _row(page.content.decode(), nomination.member.name)
