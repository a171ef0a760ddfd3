"""逐级推荐: a pool where nobody may be ticked (every row 不能推荐) and whose list the services
would not take empty either offers no confirm form that could only be refused; it says why and
what comes first. Where an empty list is taken (a pool of none but unscored nominations below
the final stage, with a reason), the form stays (the tree of tests/evaluations/conftest.py)."""

import pytest
from django.conf import settings
from django.urls import reverse

from evaluations.services import confirm_stage
from tests.evaluations.test_stages import split, stage
from tests.factories import UserFactory, card

pytestmark = pytest.mark.django_db

NO_PICKS = "目前没有可以推荐的人选"


@pytest.fixture
def at_the_city(
    staged, noms, admins, committee_a, committee_a2, committee_b, district_a, district_b
):
    """n1 and n6 sent up to the city's final pool, which has no card of its own yet."""
    first, second = stage(staged, 1), stage(staged, 2)
    confirm_stage(first, committee_a, [noms["n1"].pk], by=admins["DQ01"], reason="综合考虑")
    confirm_stage(first, committee_a2, [noms["n4"].pk], by=admins["DQ02"])
    confirm_stage(first, committee_b, [noms["n6"].pk], by=admins["XQ01"])
    card(noms["n1"], UserFactory(), split(80), stage=second)
    card(noms["n6"], UserFactory(), split(85), stage=second)
    confirm_stage(second, district_a, [noms["n1"].pk], by=admins["DQ"], reason="n4 未评分")
    confirm_stage(second, district_b, [noms["n6"].pk], by=admins["XQ"])
    return staged


def pool_page(client, user, campaign, position, node):
    client.force_login(user)
    url = reverse("evaluations:stage_pool", args=[campaign.pk, position, node.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_city_sees_why_it_cannot_confirm_yet_instead_of_a_form_that_would_be_refused(
    client, at_the_city, city, city_admin
):
    html = pool_page(client, city_admin, at_the_city, 3, city)

    assert html.count("不能推荐，不计入名额：尚无已提交的评分表") == 2
    assert NO_PICKS in html and "stage-no-picks" in html
    assert 'name="reason"' not in html
    assert "有人选未经评分" not in html
    assert "确定本级推荐名单</button>" not in html
    assert "将未经评分记为未推荐" not in html  # the unscored notice speaks of confirming now


def test_posting_the_empty_list_anyway_is_still_refused_and_says_why(
    client, at_the_city, city, city_admin
):
    client.force_login(city_admin)
    url = reverse("evaluations:stage_confirm", args=[at_the_city.pk, 3, city.pk])

    response = client.post(url, {"reason": "无人可选"})

    assert response.status_code == 400
    html = response.content.decode()
    assert NO_PICKS in html and "请至少选择一名推荐人选。" in html


def test_once_a_card_is_in_the_city_can_tick_and_confirm(
    client, at_the_city, noms, city, city_admin
):
    card(noms["n1"], UserFactory(), split(90), stage=stage(at_the_city, 3))

    html = pool_page(client, city_admin, at_the_city, 3, city)

    assert NO_PICKS not in html
    assert 'name="chosen"' in html and "确定本级推荐名单</button>" in html


def test_below_the_final_stage_a_pool_of_unscored_nominations_keeps_its_form(
    client, staged, noms, admins, committee_a, committee_a2, district_a
):
    """An empty list is taken there, with a reason (``confirm_stage``): the form is no dead end."""
    first = stage(staged, 1)
    confirm_stage(first, committee_a, [noms["n1"].pk], by=admins["DQ01"], reason="综合考虑")
    confirm_stage(first, committee_a2, [noms["n4"].pk], by=admins["DQ02"])

    html = pool_page(client, admins["DQ"], staged, 2, district_a)

    assert NO_PICKS not in html
    assert 'name="reason"' in html and "确定本级推荐名单</button>" in html


def test_in_english_the_city_reads_why_nobody_can_be_chosen(client, at_the_city, city, city_admin):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = pool_page(client, city_admin, at_the_city, 3, city)

    assert "Nobody can be chosen yet: every candidate at this stage is marked" in html
