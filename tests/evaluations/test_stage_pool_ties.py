"""A node's pool says when totals are equal (同分), as the results page does: the tied rows
carry the same badge and, under the table, the same sentence names the criteria that ordered
them (``pages.tie_order``), then earlier submission; a tie across a page break shows on both
pages, and the queries stay those of a pool without ties."""

import re

import pytest
from django.urls import reverse

from evaluations.queries import pools as pool_queries
from selection.models import Campaign
from tests.factories import in_review

pytestmark = pytest.mark.django_db

BADGE = '<span class="badge text-bg-info tie-badge">同分</span>'
RULE = (
    "总分相同的，依次按政治素质好、廉洁自律好、群众评价好、岗位业绩好得分从高到低排列；"
    "仍相同的，按推荐提交时间先后排列。"
)


@pytest.fixture
def scored(staged, branch_a1, city_admin):
    """Nominations of 东区机关党委's first-stage pool with one card of the given totals."""

    def make(*totals):
        return [
            in_review(
                staged,
                total,
                by=city_admin,
                member__organization=branch_a1,
                member__name=f"人选{i + 1:02d}",
            )
            for i, total in enumerate(totals)
        ]

    return make


def url(staged, committee_a, **query):
    address = reverse("evaluations:stage_pool", args=[staged.pk, 1, committee_a.pk])
    return address + (f"?page={query['page']}" if query else "")


def _badged(html: str) -> set[str]:
    """The names of the pool's rows that carry the 同分 badge."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
    return {re.search(r"(人选\d\d)", row).group(1) for row in rows if BADGE in row}


def test_equal_totals_in_a_pool_are_marked_and_the_order_of_ties_is_explained(
    client, staged, committee_a, committee_admin, scored
):
    scored(80, 80, 76)
    client.force_login(committee_admin)

    html = client.get(url(staged, committee_a)).content.decode()

    assert _badged(html) == {"人选01", "人选02"}
    assert html.count(RULE) == 1


def test_without_equal_totals_there_is_neither_badge_nor_sentence(
    client, staged, committee_a, committee_admin, scored
):
    scored(80, 76)
    client.force_login(committee_admin)

    html = client.get(url(staged, committee_a)).content.decode()

    assert BADGE not in html and "tie-rule" not in html


def test_a_tie_across_a_page_break_is_marked_on_both_pages(
    client, staged, committee_a, committee_admin, scored, monkeypatch
):
    monkeypatch.setattr(pool_queries, "POOL_PAGE", 2)
    scored(90, 80, 80)
    client.force_login(committee_admin)

    first = client.get(url(staged, committee_a)).content.decode()
    second = client.get(url(staged, committee_a, page=2)).content.decode()

    assert _badged(first) == {"人选02"} and RULE in first
    assert _badged(second) == {"人选03"} and RULE in second


def test_the_sentence_reads_in_english_for_an_english_admin(
    client, staged, committee_a, committee_admin, scored
):
    scored(80, 80)
    client.force_login(committee_admin)
    client.cookies["django_language"] = "en"

    html = client.get(url(staged, committee_a)).content.decode()

    assert "Equal totals are ordered by the points for Good political quality, " in html


@pytest.mark.parametrize("rows", [1, 3])
def test_a_pool_with_ties_reads_the_same_queries_as_one_without(
    client, staged, committee_a, committee_admin, scored, rows, django_assert_num_queries
):
    """The pins of test_stage_pool: 13 when the node is ranked again."""
    scored(*[80] * rows)
    client.force_login(committee_admin)
    client.get(url(staged, committee_a))
    Campaign.generation(staged.pk).bump()

    with django_assert_num_queries(13):
        html = client.get(url(staged, committee_a)).content.decode()

    assert (RULE in html) is (rows > 1)
