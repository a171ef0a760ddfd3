"""An integrity opinion not given yet is waited for, not failed: the eligibility table says
待出具 in grey where a refused opinion says 未通过 in red, and the rule still holds the
nomination back."""

import re

import pytest
from django.urls import reverse

from selection import workflow
from tests.selection.test_views import _submit_some

pytestmark = pytest.mark.django_db


def _integrity_row(page: str) -> str:
    return re.search(r'<tr class="rule-integrity">.*?</tr>', page, re.S).group(0)


def test_the_admin_sees_the_opinion_awaited_not_failed(client, admin, submitted):
    client.force_login(admin)

    page = client.get(reverse("selection:nomination_detail", args=[submitted.pk])).content

    row = _integrity_row(page.decode())
    assert '<span class="badge text-bg-secondary rule-pending">待出具</span>' in row
    assert "尚待纪检监察意见" in row
    assert "未通过" not in row


def test_the_secretary_sees_the_same_before_submitting(client, secretary, campaign, good_member):
    client.force_login(secretary)

    page = client.get(
        reverse("selection:nomination_new"), {"campaign": campaign.pk, "member": good_member.pk}
    ).content.decode()

    assert "待出具" in _integrity_row(page)
    assert "未通过" not in _integrity_row(page)


def test_a_refused_opinion_is_still_a_red_failure(client, admin, submitted, integrity_officer):
    workflow.give_integrity_opinion(
        submitted, by=integrity_officer, verdict="veto", reason="有信访举报查实"
    )
    client.force_login(admin)

    page = client.get(reverse("selection:nomination_detail", args=[submitted.pk])).content

    row = _integrity_row(page.decode())
    assert '<span class="badge text-bg-danger">未通过</span>' in row
    assert "待出具" not in row


@pytest.mark.parametrize("count", [1, 3])
def test_the_screening_queue_shows_each_awaited_opinion_and_offers_no_tick(
    client, admin, secretary, campaign, branch_a1, count, django_assert_num_queries
):
    """Awaited is not passed: the rows cannot be ticked and declared eligible together. The
    same queries as before, for one row or three."""
    _submit_some(campaign, branch_a1, secretary, count)
    client.force_login(admin)

    with django_assert_num_queries(6):
        response = client.get(reverse("selection:screening_queue"))

    page = response.content.decode()
    assert page.count('<li class="pending" title="纪检监察廉洁意见为同意">') == count
    assert page.count("待出具：</span>尚待纪检监察意见</li>") == count
    assert '<li class="no" title="纪检监察廉洁意见为同意">' not in page
    assert 'name="nominations"' not in page
