"""The integrity officer's record of the opinions given: the latest under the queue, every one
of them a page at a time on their own page, for the campaign chosen."""

import re

import pytest
from django.urls import reverse

from members.choices import Role
from selection import workflow
from tests.factories import CampaignFactory, NominationFactory, user_with_role

pytestmark = pytest.mark.django_db

OPINIONS = reverse("selection:integrity_opinions")


def _opinions_given(campaign, branch, secretary, officer, names) -> None:
    """A nomination from ``branch`` of each of ``names``, submitted and passed, in that order
    (room for five)."""
    campaign.quota_value = 5
    campaign.save()
    for name in names:
        nomination = NominationFactory(
            campaign=campaign, member__organization=branch, member__name=name
        )
        workflow.submit(nomination, by=secretary)
        workflow.give_integrity_opinion(nomination, by=officer, verdict="pass")


def _names(html: str) -> list[str]:
    """The nominees of the opinions listed, in the page's order."""
    table = html.split('class="table table-sm table-cards integrity-given"')[1]
    return re.findall(r'<td class="cell-head"><a href="[^"]+">([^<]+)</a>', table)


def test_the_officer_pages_back_to_the_first_opinion_of_the_campaign_chosen(
    client, integrity_officer, secretary, campaign, branch_a1, monkeypatch
):
    from selection.views import queues

    monkeypatch.setattr(queues, "PAGE_SIZE", 2)
    _opinions_given(campaign, branch_a1, secretary, integrity_officer, ["甲一", "乙二", "丙三"])
    other = CampaignFactory(owner=campaign.owner, title="另一活动", year=2025)
    _opinions_given(other, branch_a1, secretary, integrity_officer, ["丁四"])
    client.force_login(integrity_officer)

    first = client.get(OPINIONS, {"campaign": campaign.pk}).content.decode()
    assert _names(first) == ["丙三", "乙二"]
    next_link = f'href="?campaign={campaign.pk}&amp;page=2"'
    assert next_link in first  # the campaign chosen kept in the page's link
    second = client.get(OPINIONS, {"campaign": campaign.pk, "page": 2}).content.decode()
    assert _names(second) == ["甲一"]
    assert _names(client.get(OPINIONS, {"campaign": other.pk}).content.decode()) == ["丁四"]


@pytest.mark.parametrize(
    ("asked", "shown"),
    [("abc", ["丙三", "乙二"]), ("99999", ["甲一"]), ("-1", ["甲一"]), ("0", ["甲一"])],
)
def test_a_page_number_that_is_no_page_shows_the_first_or_the_last(
    client, integrity_officer, secretary, campaign, branch_a1, monkeypatch, asked, shown
):
    from selection.views import queues

    monkeypatch.setattr(queues, "PAGE_SIZE", 2)
    _opinions_given(campaign, branch_a1, secretary, integrity_officer, ["甲一", "乙二", "丙三"])
    client.force_login(integrity_officer)

    response = client.get(OPINIONS, {"campaign": campaign.pk, "page": asked})

    assert response.status_code == 200
    assert _names(response.content.decode()) == shown


@pytest.mark.parametrize("count", [1, 3])
def test_the_opinions_page_query_count_does_not_grow(
    client, integrity_officer, secretary, campaign, branch_a1, count, django_assert_num_queries
):
    names = ["甲一", "乙二", "丙三"][:count]
    _opinions_given(campaign, branch_a1, secretary, integrity_officer, names)
    client.force_login(integrity_officer)

    # The campaigns, the page's count and rows, and the session's two.
    with django_assert_num_queries(5):
        response = client.get(OPINIONS)
    assert len(_names(response.content.decode())) == count


def test_the_queue_shows_the_latest_opinions_and_leads_to_all_of_them(
    client, integrity_officer, secretary, campaign, branch_a1, monkeypatch
):
    from selection.views import queues

    monkeypatch.setattr(queues, "GIVEN_SHOWN", 2)
    _opinions_given(campaign, branch_a1, secretary, integrity_officer, ["甲一", "乙二"])
    client.force_login(integrity_officer)
    queue = reverse("selection:integrity_queue")
    assert f"{OPINIONS}?campaign=" not in client.get(queue).content.decode()

    _opinions_given(campaign, branch_a1, secretary, integrity_officer, ["丙三"])
    html = client.get(queue).content.decode()

    assert _names(html) == ["丙三", "乙二"]
    assert "仅列出最近 2 条意见。" in html
    assert f'href="{OPINIONS}?campaign={campaign.pk}"' in html


def test_an_officer_of_another_district_sees_none_of_these_opinions(
    client, integrity_officer, secretary, campaign, branch_a1, district_b
):
    _opinions_given(campaign, branch_a1, secretary, integrity_officer, ["甲一"])
    client.force_login(user_with_role(Role.INTEGRITY, district_b, username="int_b"))

    html = client.get(OPINIONS, {"campaign": campaign.pk}).content.decode()

    assert "甲一" not in html
    assert "本活动尚未出具廉洁意见。" in html


def test_a_refused_opinion_shows_the_queue_whose_page_links_stay_on_the_queue(
    client, integrity_officer, secretary, campaign, branch_a1, monkeypatch
):
    from selection.views import queues

    monkeypatch.setattr(queues, "PAGE_SIZE", 1)
    campaign.quota_value = 5
    campaign.save()
    waiting = []
    for _ in range(2):
        waiting.append(NominationFactory(campaign=campaign, member__organization=branch_a1))
        workflow.submit(waiting[-1], by=secretary)
    client.force_login(integrity_officer)
    queue = reverse("selection:integrity_queue")

    response = client.post(
        reverse("selection:nomination_integrity", args=[waiting[0].pk]),
        {"verdict": "veto", "reason": "", "next": f"{queue}?campaign={campaign.pk}"},
    )

    assert response.status_code == 400
    assert f'href="{queue}?campaign={campaign.pk}&amp;page=2"' in response.content.decode()


def test_an_opinion_given_comes_back_chosen_on_the_nominations_page(
    client, integrity_officer, secretary, campaign, branch_a1
):
    """The officer changing an opinion starts from the one given, not from nothing chosen."""
    nomination = NominationFactory(campaign=campaign, member__organization=branch_a1)
    workflow.submit(nomination, by=secretary)
    workflow.give_integrity_opinion(
        nomination, by=integrity_officer, verdict="pass", reason="信访已核实"
    )
    client.force_login(integrity_officer)

    page = client.get(reverse("selection:nomination_detail", args=[nomination.pk])).content
    page = page.decode()

    assert re.search(r'<input[^>]*value="pass"[^>]*checked', page)
    assert "信访已核实</textarea>" in page
