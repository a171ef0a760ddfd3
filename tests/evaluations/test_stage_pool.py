"""A node's pool a page at a time (逐级推荐): rank order across pages, the quota line, the
choice kept while turning pages and confirmed whole, and the same queries whatever its size."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from evaluations.queries import pools as pool_queries
from selection.choices import StageDecision
from selection.models import Campaign, StageEntry
from tests.evaluations.choosing import (
    BAD_QUERIES,
    assert_refused_with_its_choice,
    ticked,
    turn_to_page_3,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(pool_queries, "POOL_PAGE", 2)


def url(staged, committee_a, **query):
    address = reverse("evaluations:stage_pool", args=[staged.pk, 1, committee_a.pk])
    if not query:
        return address
    return f"{address}?{urlencode(query, doseq=True)}"


def test_rank_51_is_on_the_second_page(client, staged, committee_a, committee_admin, nominees):
    nominees(51)
    client.force_login(committee_admin)

    first = client.get(url(staged, committee_a)).content.decode()
    second = client.get(url(staged, committee_a, page=2)).content.decode()

    assert "人选50" in first and "人选51" not in first
    assert "人选51" in second and "人选50" not in second
    assert "第 2 / 2 页" in second
    assert "本级人选 51 名，待确定 51 名，已推荐 0 名。" in second


@pytest.mark.parametrize("rows", [1, 3])
def test_the_pool_reads_the_same_queries_for_1_and_3_rows_when_it_ranks_again(
    client, staged, committee_a, committee_admin, nominees, rows, django_assert_num_queries
):
    nominees(rows)
    client.force_login(committee_admin)
    client.get(url(staged, committee_a))
    Campaign.generation(staged.pk).bump()  # as a card would: the node is ranked again

    with django_assert_num_queries(13):
        response = client.get(url(staged, committee_a))

    assert response.content.decode().count('name="chosen"') == rows


def test_the_quota_line_falls_after_the_quota_and_those_are_ticked(
    client, staged, committee_a, committee_admin, nominees
):
    nominees(3)  # the committee has 2 places
    client.force_login(committee_admin)

    page = client.get(url(staged, committee_a)).content.decode()

    assert "按排名，名额线在第 2 名之后（第 1 页）。" in page
    assert page.index("人选02") < page.index('class="quota-line"') < page.index("人选03")
    assert ticked(page) == 2


def test_the_choice_is_kept_while_turning_pages(
    client, staged, committee_a, committee_admin, nominees, small_pages
):
    made = nominees(5)
    client.force_login(committee_admin)

    turn_to_page_3(client, lambda n: url(staged, committee_a, page=n), made)


def test_a_choice_across_pages_is_confirmed_whole_with_its_departure_listed(
    client, staged, committee_a, committee_admin, nominees, small_pages
):
    made = nominees(5)
    client.force_login(committee_admin)
    chosen = [made[0].pk, made[4].pk]  # ranks 1 and 5: rank 2 left out

    page = client.get(url(staged, committee_a, page=3, picked=1, chosen=chosen))
    text = page.content.decode()
    response = client.post(
        reverse("evaluations:stage_confirm", args=[staged.pk, 1, committee_a.pk]),
        {"chosen": chosen, "reason": "第五名事迹更突出"},
    )

    assert "排名顺序外选入：第5名 人选05" in text
    assert "按排名应选而未选：第2名 人选02" in text
    assert response.status_code == 302
    advanced = StageEntry.objects.filter(stage__position=1, decision=StageDecision.ADVANCED)
    assert sorted(advanced.values_list("nomination_id", flat=True)) == sorted(chosen)


def test_a_departure_s_reason_is_shown_once_above_the_decided_pool(
    client, staged, committee_a, committee_admin, nominees
):
    made = nominees(3)
    client.force_login(committee_admin)
    client.post(
        reverse("evaluations:stage_confirm", args=[staged.pk, 1, committee_a.pk]),
        {"chosen": [made[0].pk, made[2].pk], "reason": "第三名事迹更突出"},
    )

    page = client.get(url(staged, committee_a)).content.decode()

    assert page.count("第三名事迹更突出") == 1
    assert '<p class="small stage-decision-reason">本级意见：第三名事迹更突出</p>' in page


def test_the_counter_carries_what_its_script_needs_and_warns_past_the_places(
    client, staged, committee_a, committee_admin, nominees
):
    """static/js/pick-count.js rewrites the counter as boxes are ticked (tests/e2e checks it in
    a browser): the boxes it counts, the places and its sentence with __N__ for the number."""
    made = nominees(3)
    client.force_login(committee_admin)

    within = client.get(url(staged, committee_a)).content.decode()
    over = client.get(url(staged, committee_a, picked=1, chosen=[n.pk for n in made])).content
    over = over.decode()

    assert (
        '<span class="pick-count" data-pick-count="chosen" data-quota="2" data-count="2" '
        'data-over="pick-over" data-pattern="已选 __N__ 名（本级名额 2 名）。" aria-live="polite">'
        "已选 2 名（本级名额 2 名）。</span>"
    ) in within
    assert '<span id="pick-over" class="over-quota" hidden>' in within
    assert "js/pick-count.js" in within
    assert '<span class="pick-count over-quota" data-pick-count="chosen" data-quota="2" ' in over
    assert "已选 3 名（本级名额 2 名）。</span>" in over
    assert '<span id="pick-over" class="over-quota">已超出名额，请取消部分勾选。</span>' in over


def test_a_refused_choice_comes_back_ticked(
    client, staged, committee_a, committee_admin, nominees, small_pages
):
    made = nominees(3)
    client.force_login(committee_admin)
    chosen = [made[0].pk, made[2].pk]

    response = client.post(
        reverse("evaluations:stage_confirm", args=[staged.pk, 1, committee_a.pk]),
        {"chosen": chosen},  # a departure without a reason
        follow=True,
    )

    assert_refused_with_its_choice(response.content.decode())
    assert StageEntry.objects.filter(decision=StageDecision.PENDING).count() == 3


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_paging_or_choice_input_shows_a_page(
    client, staged, committee_a, committee_admin, nominees, query
):
    nominees(1)
    client.force_login(committee_admin)

    assert client.get(url(staged, committee_a, **query)).status_code == 200
