"""The stage pages (逐级推荐, issue 39) say why: the quota line says why it moved when a
nominee may not be chosen, a refused confirmation says why once, and the English pages carry
English punctuation and column names."""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.services import issue_codes
from selection.models import Stage
from tests.evaluations.choosing import shown

pytestmark = pytest.mark.django_db

NOT_COUNTED = "不能推荐，不计入名额"


def pool_url(staged, committee_a) -> str:
    return reverse("evaluations:stage_pool", args=[staged.pk, 1, committee_a.pk])


def confirm(client, staged, committee_a, chosen) -> str:
    """Confirm the choice ``chosen`` (nominations) without a reason; the page it ends on."""
    response = client.post(
        reverse("evaluations:stage_confirm", args=[staged.pk, 1, committee_a.pk]),
        {"chosen": [nomination.pk for nomination in chosen]},
        follow=True,
    )
    return response.content.decode()


def below_quorum(nomination, by) -> None:
    """Codes issued and none answered: the survey is below its quorum (a blocking flag)."""
    issue_codes(nomination, 3, by=by)


def test_a_nominee_below_the_survey_quorum_above_the_line_is_marked_and_the_line_says_why(
    client, staged, committee_a, committee_admin, nominees, city_admin
):
    first, *_ = nominees(3)
    below_quorum(first, city_admin)
    client.force_login(committee_admin)

    page = client.get(pool_url(staged, committee_a)).content.decode()

    assert ">测评未达法定人数</span>" in page  # the flag, in FLAG_LABELS' words
    assert page.index("人选01") < page.index(NOT_COUNTED) < page.index("人选02")
    line = page.index('class="quota-line"')
    assert page.index("人选03") < line
    assert "名额线（名额 2 名）：以上按排名在名额内。" in page[line:]
    assert "名额线以上有标为“不能推荐”的人选，不计入名额，名额线相应下移。" in page[line:]
    assert page.count(NOT_COUNTED) == 1
    # The flag links to the nominee's survey, which the pool's viewer may open.
    survey = reverse("evaluations:survey", args=[first.pk])
    assert page.count(f'href="{survey}"') == 1
    assert client.get(survey).status_code == 200


def test_a_nominee_without_a_submitted_card_says_so_where_it_may_not_be_chosen(
    client, staged, committee_a, committee_admin, branch_a1, city_admin
):
    from selection import workflow
    from tests.factories import NominationFactory

    waiting = NominationFactory(
        campaign=staged, state="eligible", member__organization=branch_a1, member__name="甲"
    )
    workflow.start_review(waiting, by=city_admin)
    client.force_login(committee_admin)

    page = client.get(pool_url(staged, committee_a)).content.decode()

    assert "不能推荐，不计入名额：尚无已提交的评分表" in page


def test_fewer_choosable_nominees_than_places_says_so_by_the_line(
    client, staged, committee_a, committee_admin, nominees, city_admin
):
    _first, second = nominees(2)
    below_quorum(second, city_admin)
    client.force_login(committee_admin)

    page = client.get(pool_url(staged, committee_a)).content.decode()

    line = page.index('class="quota-line"')
    assert page.index("人选01") < line < page.index("人选02")
    assert "可推荐的人选只有 1 名，少于名额 2 名：标为“不能推荐”的人选不计入名额。" in page


def test_a_pool_of_choosable_nominees_says_nothing_more_by_the_line(
    client, staged, committee_a, committee_admin, nominees
):
    nominees(3)
    client.force_login(committee_admin)

    page = client.get(pool_url(staged, committee_a)).content.decode()

    assert NOT_COUNTED not in page
    assert "不计入名额。" not in page and "名额线相应下移" not in page


def test_a_refused_confirmation_says_why_once_in_the_confirm_form(
    client, staged, committee_a, committee_admin, nominees
):
    made = nominees(3)
    client.force_login(committee_admin)

    page = shown(confirm(client, staged, committee_a, [made[0], made[2]]))  # a departure

    assert page.count("所选名单与排名顺序不一致") == 1
    form, refusal = page.index("确定本级推荐名单</h2>"), page.index("choice-refusal")
    assert form < refusal < page.index("所选名单与排名顺序不一致，请写明理由。")
    # Once shown, the reason is gone: the page seen again shows the usual warning.
    chosen = urlencode({"picked": 1, "chosen": [made[0].pk, made[2].pk]}, doseq=True)
    again = client.get(f"{pool_url(staged, committee_a)}?{chosen}").content.decode()
    assert "choice-refusal" not in again
    assert "所选名单与排名顺序不一致，须写明理由。" in shown(again)


def test_a_refused_confirmation_of_a_late_pool_keeps_the_late_notice_and_asks_for_the_reason(
    client, staged, committee_a, city_admin, nominees
):
    """The same page as before the refusal: its late notice on top, why it was refused at the
    reason field."""
    made = nominees(2)
    Stage.objects.filter(campaign=staged, position=1).update(
        deadline=timezone.now() - datetime.timedelta(days=1), closed_at=timezone.now()
    )
    client.force_login(city_admin)

    page = confirm(client, staged, committee_a, made)  # decided above

    assert "本级推荐已截止，该组织未按时确定；上级组织可代为确定，须写明理由。" in page
    at_the_form = page.split("确定本级推荐名单")[1]
    assert "本级推荐已截止，上级组织代为确定时请写明理由。" in at_the_form


def test_the_english_pool_has_english_punctuation_and_column_names(
    client, staged, committee_a, committee_admin, nominees
):
    nominees(3)
    Stage.objects.filter(campaign=staged, position=1).update(
        deadline=timezone.now() + datetime.timedelta(days=3)
    )
    client.force_login(committee_admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    page = client.get(pool_url(staged, committee_a)).content.decode()
    overview = client.get(reverse("evaluations:stages", args=[staged.pk])).content.decode()

    assert "Deadline: " in page and "Deadline：" not in page
    assert "<th>Choose</th>" in page and "<th>Cards</th>" in page
    assert "Quota line (2 places): by rank, those above are within the quota." in page
    assert "Deadline: " in overview
    assert '<span class="stage-quota">Places per organisation: 2</span>' in overview
    assert "：" not in overview and "。" not in overview.split("<footer")[0]


def test_a_stage_s_places_read_as_a_number_or_a_share_of_the_full_members(
    client, staged, city_admin
):
    Stage.objects.filter(campaign=staged, position=2).update(quota_kind="ratio", quota_value=30)
    client.force_login(city_admin)
    url = reverse("evaluations:stages", args=[staged.pk])

    chinese = client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(url).content.decode()

    assert re.findall(r'<span class="stage-quota">(.*?)</span>', chinese) == [
        "每个组织的名额：2 名",
        "每个组织的名额：正式党员的 30%",
    ]
    assert re.findall(r'<span class="stage-quota">(.*?)</span>', english) == [
        "Places per organisation: 2",
        "Places per organisation: 30% of full members",
    ]


def test_the_language_switch_names_each_language_in_itself(client):
    chinese = client.get("/").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get("/").content.decode()

    for page in (chinese, english):
        assert ">English</option>" in page
        assert ">简体中文</option>" in page
    assert "英语" not in chinese
