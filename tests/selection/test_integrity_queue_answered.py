"""The integrity officer works down the queue: an answered nomination leaves the pending table
(no form left to answer it again by mistake), and the rows left keep their order."""

import re

import pytest
from django.urls import reverse

from selection import workflow
from tests.factories import NominationFactory

pytestmark = pytest.mark.django_db


def _pending_rows(page: str) -> list[str]:
    """The names in the pending table, top to bottom (the table before 已出具的意见)."""
    pending = page.split("已出具的意见")[0]
    return re.findall(r'<td class="cell-head"><a href="[^"]+">([^<]+)</a></td>', pending)


def test_an_answered_nomination_leaves_the_queue_and_the_others_keep_their_order(
    client, integrity_officer, secretary, campaign, branch_a1
):
    campaign.quota_value = 5
    campaign.save()
    made = {}
    for name in ("甲一", "乙二", "丙三"):
        made[name] = NominationFactory(
            campaign=campaign, member__organization=branch_a1, member__name=name
        )
        workflow.submit(made[name], by=secretary)
    client.force_login(integrity_officer)
    url = f"{reverse('selection:integrity_queue')}?campaign={campaign.pk}"
    before = _pending_rows(client.get(url).content.decode())
    middle = made[before[1]]

    page = client.post(
        reverse("selection:nomination_integrity", args=[middle.pk]),
        {"verdict": "pass", "reason": "", "next": url},
        follow=True,
    ).content.decode()

    assert _pending_rows(page) == [before[0], before[2]]
    answer_here = reverse("selection:nomination_integrity", args=[middle.pk])
    assert answer_here not in page.split("已出具的意见")[0]  # no form left for it
    assert middle.member.name in page.split("已出具的意见")[1]  # with the opinions given
