"""The shortlist on the results page, a page at a time: the places ticked by default, the choice
kept while turning pages and confirmed whole from any page, a refused confirmation coming back
ticked (the stage pool's behaviour, evaluations.views.choice)."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from evaluations.choices import FLAG_LABELS
from selection.choices import State
from selection.models import Nomination
from tests.evaluations import choosing
from tests.evaluations.test_review_views import _shortlist
from tests.factories import card, scores

pytestmark = pytest.mark.django_db


def url(campaign, **query):
    address = reverse("evaluations:results", args=[campaign.pk])
    return f"{address}?{urlencode(query, doseq=True)}" if query else address


def test_the_places_are_ticked_by_default(client, city_admin, review_campaign, ranked):
    ranked(3)
    client.force_login(city_admin)

    page = client.get(url(review_campaign)).content.decode()

    assert choosing.ticked(page) == 2
    assert "已选 2 名。" in page
    assert "与排名顺序不一致，须写明理由" not in choosing.shown(page)


def test_the_counter_carries_what_its_script_needs_and_warns_past_the_places(
    client, city_admin, review_campaign, ranked
):
    made = ranked(3)
    client.force_login(city_admin)

    over = client.get(url(review_campaign, picked=1, chosen=[n.pk for n in made])).content
    over = over.decode()

    assert (
        '<span class="pick-count over-quota" data-pick-count="chosen" data-quota="2" '
        'data-count="3" data-over="pick-over" data-pattern="已选 __N__ 名。" aria-live="polite">'
        "已选 3 名。</span>"
    ) in over
    assert '<span id="pick-over" class="over-quota">已超出名额，请取消部分勾选。</span>' in over
    assert "js/pick-count.js" in over


def test_the_choice_is_kept_while_turning_pages(
    client, city_admin, review_campaign, ranked, small_result_pages
):
    made = ranked(5)
    client.force_login(city_admin)

    choosing.turn_to_page_3(client, lambda n: url(review_campaign, page=n), made)
    # From page 3, with 人选05 ticked as well, back to page 1.
    back = client.post(url(review_campaign, page=1), {"chosen": [made[0].pk, made[4].pk]})
    first = client.get(back["Location"]).content.decode()

    assert f'value="{made[0].pk}" aria-label="人选01" checked>' in first
    assert f'value="{made[1].pk}" aria-label="人选02">' in first
    assert "第5名 人选05（第 3 页）" in first
    assert "排名顺序外选入：第5名 人选05" in first
    assert "按排名应选而未选：第2名 人选02" in first


def test_a_choice_across_pages_is_confirmed_whole(
    client, city_admin, review_campaign, ranked, small_result_pages
):
    made = ranked(5)
    client.force_login(city_admin)
    chosen = [made[0], made[4]]  # ranks 1 and 5: rank 2 left out

    page = client.get(url(review_campaign, page=3, picked=1, chosen=[n.pk for n in chosen]))
    response = _shortlist(client, review_campaign, chosen, reason="第五名事迹更突出")

    assert "第1名 人选01（第 1 页）" in page.content.decode()
    assert "拟推荐名单已确定：2 名。" in response.content.decode()
    shortlisted = Nomination.objects.filter(state=State.SHORTLISTED)
    assert sorted(shortlisted.values_list("pk", flat=True)) == sorted(n.pk for n in chosen)
    # Without a choice in the address the page now ticks the confirmed shortlist.
    first = client.get(url(review_campaign)).content.decode()
    assert f'value="{made[0].pk}" aria-label="人选01" checked>' in first
    assert f'value="{made[1].pk}" aria-label="人选02">' in first
    assert "第5名 人选05（第 3 页）" in first


def test_a_refused_confirmation_comes_back_ticked(
    client, city_admin, review_campaign, ranked, small_result_pages
):
    made = ranked(3)
    client.force_login(city_admin)

    response = _shortlist(client, review_campaign, [made[0], made[2]])  # no reason

    choosing.assert_refused_with_its_choice(response.content.decode())
    assert not Nomination.objects.filter(state=State.SHORTLISTED).exists()


def test_an_empty_confirmation_comes_back_with_nothing_ticked(
    client, city_admin, review_campaign, ranked
):
    ranked(2)
    client.force_login(city_admin)

    response = _shortlist(client, review_campaign, [])
    text = response.content.decode()

    # Someone is left to choose: no empty list (``require_nothing_left``).
    assert "请至少选择一名推荐人选。" in text
    assert choosing.ticked(text) == 0


@pytest.mark.parametrize("rows", [1, 3])
def test_a_page_with_a_choice_reads_the_same_queries_for_1_and_3_rows(
    client, city_admin, review_campaign, ranked, rows, django_assert_num_queries
):
    made = ranked(rows)
    client.force_login(city_admin)
    client.get(url(review_campaign))  # the campaign ranked and kept

    # the user, their roles, the campaign: the choice comes with the kept ranking; the cards
    # still open, read live
    with django_assert_num_queries(4):
        response = client.get(url(review_campaign, picked=1, chosen=[made[-1].pk]))

    assert choosing.ticked(response.content.decode()) == 1


@pytest.mark.parametrize("query", choosing.BAD_QUERIES)
def test_bad_paging_or_choice_input_shows_a_page(
    client, city_admin, review_campaign, ranked, query
):
    ranked(1)
    client.force_login(city_admin)

    assert client.get(url(review_campaign, **query)).status_code == 200


def test_with_no_one_choosable_the_page_says_why_offers_no_confirm_and_the_way_forward(
    client, city_admin, review_campaign, make_nomination, panel
):
    """Five cards but no 民主测评: every row is flagged (未达法定人数), none can be ticked; the
    row leads to the nominee's 民主测评 page, where its codes are issued."""
    nomination = make_nomination(member__name="人选01")
    for reviewer in panel[:5]:
        card(nomination, reviewer, scores(20, 20, 20, 20))
    client.force_login(city_admin)

    page = client.get(url(review_campaign)).content.decode()

    assert choosing.ticked(page) == 0
    assert "目前没有可以确定为拟推荐的人选" in page
    assert "disabled>确定拟推荐名单</button>" in page
    assert '<span class="small text-danger not-choosable">不能推荐</span>' in page
    survey = reverse("evaluations:survey", args=[nomination.pk])
    assert f'href="{survey}">民主测评（生成测评码）</a>' in page
    assert "生成测评码</button>" in client.get(survey).content.decode()


def test_a_refused_shortlist_keeps_the_reason_typed(
    client, city_admin, review_campaign, ranked, small_result_pages
):
    """The admin ticks three for two places, explains why and presses 确定拟推荐名单: refused, the
    page comes back with the three ticked and the explanation still in its box."""
    made = ranked(3)
    client.force_login(city_admin)

    response = _shortlist(client, review_campaign, made, reason="第三名事迹突出，委员会研究决定")
    text = response.content.decode()

    assert response.status_code == 400
    assert "拟推荐人数不能超过 2 名。" in text
    assert ">第三名事迹突出，委员会研究决定</textarea>" in text
    assert text.count('class="alert alert-danger choice-refusal') == 1
    assert choosing.ticked(text) == 3
    assert not Nomination.objects.filter(state=State.SHORTLISTED).exists()


def test_after_confirming_the_shortlist_the_results_page_points_to_the_notice(
    client, city_admin, review_campaign, ranked
):
    made = ranked(3)
    client.force_login(city_admin)
    notice = reverse("selection:notice_manage", args=[review_campaign.pk])

    before = client.get(url(review_campaign)).content.decode()
    after = _shortlist(client, review_campaign, made[:2]).content.decode()

    assert "下一步" not in before
    assert "拟推荐名单已确定：2 名。" in after
    assert f'拟推荐名单已确定。下一步：发布公示。 <a class="alert-link" href="{notice}">' in after
    assert "发布公示</button>" in client.get(notice).content.decode()


@pytest.mark.parametrize(
    "language, badge, notice",
    [
        ("zh-hans", ">评分表不足</span>", "（见“提示”列，如“评分表不足”“测评未达法定人数”）"),
        (
            "en",
            ">Too few cards</span>",
            '(see the Flags column, e.g. "Too few cards", "Survey quorum not met")',
        ),
    ],
)
def test_the_notice_with_no_one_choosable_names_the_flags_as_the_rows_show_them(
    client, city_admin, review_campaign, make_nomination, panel, language, badge, notice
):
    """Three cards of the five needed and no 民主测评: the row's flag and the notice under the table
    say the same words for the same condition, in either language."""
    nomination = make_nomination(member__name="人选01")
    for reviewer in panel[:3]:
        card(nomination, reviewer, scores(20, 20, 20, 20))
    client.cookies["django_language"] = language
    client.force_login(city_admin)

    page = client.get(url(review_campaign)).content.decode()

    assert badge in page
    assert notice in page


def test_the_flags_words_on_the_rows_and_in_the_notice_are_those_of_flag_labels(
    client, city_admin, review_campaign, make_nomination, panel, monkeypatch
):
    """One wording of the flags (FLAG_LABELS), the documents' too: changed there, the badge and
    the notice under the table say the new words."""
    monkeypatch.setitem(FLAG_LABELS, "too_few_cards", "评分表尚不足五份")
    monkeypatch.setitem(FLAG_LABELS, "no_quorum", "测评人数不足")
    nomination = make_nomination(member__name="人选01")
    for reviewer in panel[:3]:
        card(nomination, reviewer, scores(20, 20, 20, 20))
    client.force_login(city_admin)

    page = client.get(url(review_campaign)).content.decode()

    assert ">评分表尚不足五份</span>" in page
    assert ">测评人数不足</span>" in page
    assert "（见“提示”列，如“评分表尚不足五份”“测评人数不足”）" in page
