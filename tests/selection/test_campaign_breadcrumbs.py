"""However deep the admin is in a campaign (its results, its committee, its 公示, its archive),
the same trail stands on top of the page: 首页 / 评选活动 / the campaign / the page, the
campaign's title leading back to its own page, where the phase is changed."""

import re

import pytest
from django.urls import reverse

from selection.choices import Phase, State
from tests.factories import CampaignFactory, NominationFactory

pytestmark = pytest.mark.django_db


def trail(body: str) -> list[str]:
    """The trail's steps as read: a link as "text -> address", the page itself as its text."""
    nav = re.search(r'<ol class="breadcrumb small page-breadcrumb">(.*?)</ol>', body, re.S)
    assert nav, "no breadcrumb on the page"
    steps = []
    for item in re.findall(r"<li[^>]*>(.*?)</li>", nav.group(1), re.S):
        link = re.fullmatch(r'<a href="([^"]+)">(.*)</a>', item.strip())
        steps.append(f"{link.group(2)} -> {link.group(1)}" if link else item.strip())
    return steps


@pytest.fixture
def campaign(city, branch_a1):
    """A city campaign under review, one nomination ranked in it."""
    campaign = CampaignFactory(owner=city, phase=Phase.REVIEWING, title="2026年度四好党员选树")
    NominationFactory(campaign=campaign, member__organization=branch_a1, state=State.IN_REVIEW)
    return campaign


@pytest.mark.parametrize(
    ("name", "here"),
    [
        ("evaluations:results", "评审结果"),
        ("evaluations:committee", "评审委员会与分配"),
        ("selection:notice_manage", "公示与发布"),
        ("evaluations:stages", "逐级推荐"),
        ("archives:campaign", "年度归档"),
    ],
)
def test_every_page_of_a_campaign_leads_back_to_the_campaign_s_page(
    client, city_admin, campaign, name, here
):
    client.force_login(city_admin)

    response = client.get(reverse(name, args=[campaign.pk]))

    assert response.status_code == 200
    assert trail(response.content.decode()) == [
        f"首页 -> {reverse('home')}",
        f"评选活动 -> {reverse('selection:campaign_list')}",
        f"2026年度四好党员选树 -> {reverse('selection:campaign_edit', args=[campaign.pk])}",
        here,
    ]


def test_the_campaign_s_own_page_ends_the_trail_at_its_title(client, city_admin, campaign):
    client.force_login(city_admin)

    body = client.get(reverse("selection:campaign_edit", args=[campaign.pk])).content.decode()

    assert trail(body) == [
        f"首页 -> {reverse('home')}",
        f"评选活动 -> {reverse('selection:campaign_list')}",
        "2026年度四好党员选树",
    ]


def test_a_nominee_s_cards_sit_under_the_results(client, city_admin, campaign):
    nomination = campaign.nominations.get()
    client.force_login(city_admin)

    body = client.get(
        reverse("evaluations:cards", args=[campaign.pk, nomination.pk])
    ).content.decode()

    assert trail(body)[2:] == [
        f"2026年度四好党员选树 -> {reverse('selection:campaign_edit', args=[campaign.pk])}",
        f"评审结果 -> {reverse('evaluations:results', args=[campaign.pk])}",
        nomination.member.name,
    ]


def test_going_back_a_phase_asks_under_the_campaign_s_trail(client, city_admin, campaign):
    client.force_login(city_admin)

    body = client.post(
        reverse("selection:campaign_phase", args=[campaign.pk]), {"phase": Phase.SCREENING}
    ).content.decode()

    assert trail(body)[2:] == [
        f"2026年度四好党员选树 -> {reverse('selection:campaign_edit', args=[campaign.pk])}",
        "回退阶段",
    ]


def test_the_trail_reads_in_english(client, city_admin, campaign):
    client.cookies["django_language"] = "en"
    client.force_login(city_admin)

    body = client.get(reverse("evaluations:results", args=[campaign.pk])).content.decode()

    assert [step.split(" -> ")[0] for step in trail(body)] == [
        "Home",
        "Campaigns",
        "2026年度四好党员选树",
        "Results",
    ]
    assert '<nav aria-label="You are here">' in body
