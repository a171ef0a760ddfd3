"""The results page says when totals are equal (同分): the tied rows carry a badge and, under
the table, one sentence names the criteria that ordered them, in the order the ranking
applies them (``tie_break_codes``), then earlier submission."""

import re

import pytest
from django.urls import reverse

from tests.factories import card, scores

pytestmark = pytest.mark.django_db

BADGE = '<span class="badge text-bg-info tie-badge">同分</span>'


def _badged(html: str) -> set[str]:
    """The names of the results rows that carry the 同分 badge."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
    return {re.search(r'/">([^<]+)</a>', row).group(1) for row in rows if BADGE in row}


def _scored(make_nomination, panel, points):
    nomination = make_nomination()
    for reviewer in panel[:5]:
        card(nomination, reviewer, points)
    return nomination


def test_two_nominees_with_the_same_total_are_marked_and_the_order_of_ties_is_explained(
    client, city_admin, review_campaign, make_nomination, panel
):
    ahead = _scored(make_nomination, panel, scores(22, 18, 20, 20))  # 80, more 政治素质
    behind = _scored(make_nomination, panel, scores(20, 20, 20, 20))  # 80
    alone = _scored(make_nomination, panel, scores(19, 19, 19, 19))  # 76
    client.force_login(city_admin)

    html = client.get(reverse("evaluations:results", args=[review_campaign.pk])).content.decode()

    assert _badged(html) == {ahead.member.name, behind.member.name}
    assert alone.member.name in html
    assert (
        "总分相同的，依次按政治素质好、廉洁自律好、群众评价好、岗位业绩好得分从高到低排列；"
        "仍相同的，按推荐提交时间先后排列。" in html
    )


def test_the_sentence_follows_the_campaigns_own_tie_break_chain(
    client, city_admin, review_campaign, make_nomination, panel
):
    review_campaign.tie_break = "performance,political"
    review_campaign.save()
    for _ in range(2):
        _scored(make_nomination, panel, scores(20, 20, 20, 20))
    client.force_login(city_admin)

    html = client.get(reverse("evaluations:results", args=[review_campaign.pk])).content.decode()

    assert "总分相同的，依次按岗位业绩好、政治素质好得分从高到低排列；" in html


def test_the_sentence_reads_in_english_for_an_english_admin(
    client, city_admin, review_campaign, make_nomination, panel
):
    for _ in range(2):
        _scored(make_nomination, panel, scores(20, 20, 20, 20))
    client.force_login(city_admin)
    client.cookies["django_language"] = "en"

    html = client.get(reverse("evaluations:results", args=[review_campaign.pk])).content.decode()

    assert "Equal totals are ordered by the points for Good political quality, " in html


def test_without_equal_totals_there_is_neither_badge_nor_sentence(
    client, city_admin, review_campaign, make_nomination, panel
):
    for points in (20, 19):
        _scored(make_nomination, panel, scores(points, points, points, points))
    client.force_login(city_admin)

    html = client.get(reverse("evaluations:results", args=[review_campaign.pk])).content.decode()

    assert "tie-badge" not in html
    assert "总分相同的" not in html


def test_a_vetoed_nomination_ties_with_no_one(
    client, city_admin, review_campaign, make_nomination, panel
):
    ranked = _scored(make_nomination, panel, scores(20, 20, 20, 20))
    vetoed = make_nomination()
    for index, reviewer in enumerate(panel[:5]):
        card(vetoed, reviewer, scores(20, 20, 20, 20), veto=index == 0)
    client.force_login(city_admin)

    html = client.get(reverse("evaluations:results", args=[review_campaign.pk])).content.decode()

    assert ranked.member.name in html and vetoed.member.name in html
    assert "tie-badge" not in html


def test_a_tie_across_two_pages_is_marked_on_both(
    client, city_admin, review_campaign, make_nomination, panel, monkeypatch
):
    from evaluations.queries import pages

    monkeypatch.setattr(pages, "RESULTS_PAGE", 2)
    _scored(make_nomination, panel, scores(24, 24, 24, 24))
    second = _scored(make_nomination, panel, scores(22, 18, 20, 20))  # 80, on page 1
    third = _scored(make_nomination, panel, scores(20, 20, 20, 20))  # 80, on page 2
    client.force_login(city_admin)
    url = reverse("evaluations:results", args=[review_campaign.pk])

    first_page, second_page = client.get(url), client.get(f"{url}?page=2")

    assert _badged(first_page.content.decode()) == {second.member.name}
    assert _badged(second_page.content.decode()) == {third.member.name}
    assert "总分相同的" in second_page.content.decode()
