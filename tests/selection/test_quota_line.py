"""The secretary's quota line says what is true: while nominating, the places used and left;
once nominating is over, how many the branch nominated, whatever became of them since, and
nothing of places left (none can be used)."""

import re

import pytest
from django.urls import reverse

from members.choices import Role
from members.services import assign_role
from selection import rules
from selection.choices import Phase, State
from tests.factories import CampaignFactory, NominationFactory

pytestmark = pytest.mark.django_db


def quota_lines(client, campaign) -> list[tuple[str, str]]:
    response = client.get(reverse("selection:dashboard"), {"campaign": campaign.pk})
    return re.findall(r"<strong>(.+?)</strong>\s*<span>(名额：.+?)</span>", response.text)


def test_a_concluded_campaign_counts_what_each_branch_nominated(
    client, secretary, campaign, branch_a1, branch_a2, branch_a3
):
    assign_role(secretary, Role.SECRETARY, branch_a2)
    assign_role(secretary, Role.SECRETARY, branch_a3)
    campaign.phase = "concluded"
    campaign.save(update_fields=["phase"])
    NominationFactory(campaign=campaign, member__organization=branch_a1, state=State.NOT_SELECTED)
    NominationFactory(campaign=campaign, member__organization=branch_a1, state=State.PUBLISHED)
    NominationFactory(campaign=campaign, member__organization=branch_a2, state=State.WITHDRAWN)
    NominationFactory(campaign=campaign, member__organization=branch_a3)  # a draft, never sent
    client.force_login(secretary)

    assert quota_lines(client, campaign) == [
        ("东区一支部", "名额：共 2，已推荐 2（推荐已截止）"),
        ("东区二支部", "名额：共 2，已推荐 1（推荐已截止）"),
        (branch_a3.name, "名额：共 2，已推荐 0（推荐已截止）"),
    ]


def test_while_nominating_the_line_says_the_places_left(client, secretary, campaign, branch_a1):
    NominationFactory(campaign=campaign, member__organization=branch_a1, state=State.SUBMITTED)
    client.force_login(secretary)

    assert quota_lines(client, campaign) == [("东区一支部", "名额：已用 1 / 共 2，剩余 1")]


@pytest.mark.parametrize(
    "phase, over",
    [
        (Phase.DRAFT, False),
        (Phase.NOMINATING, False),
        (Phase.SCREENING, True),
        (Phase.REVIEWING, True),
        (Phase.NOTICE, True),
        (Phase.CONCLUDED, True),
    ],
)
def test_nominating_is_over_from_the_screening_on(phase, over):
    assert rules.nominating_over(CampaignFactory.build(phase=phase)) is over
