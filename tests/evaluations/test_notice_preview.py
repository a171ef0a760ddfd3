"""Before the 公示 opens, the notice page shows who it will list: the confirmed shortlist as a
preview, saying the notice has not opened yet."""

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.services import confirm_shortlist
from tests.factories import card, scores

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("next_year_entered")]

NOT_OPEN = "公示尚未发布。以下 {n} 人为已确认的拟推荐人选，发布公示后列入公示名单（预览）。"


@pytest.fixture
def chosen(one_place, make_nomination, panel, city_admin):
    """张三 scored and confirmed on the shortlist; 李四 scored lower and left out."""
    kept = make_nomination(member__name="张三", member__post="车间主任")
    card(kept, panel[0], scores(20, 20, 20, 20))
    left = make_nomination(member__name="李四")
    card(left, panel[1], scores(10, 10, 10, 10))
    one_place.exemplar_count = 1
    confirm_shortlist(one_place, [kept.pk], by=city_admin)
    return kept, left


def _section(html: str) -> str:
    return html[html.index("公示人员与风采发布") :]


def test_the_admin_sees_who_the_notice_will_list_before_it_opens(
    client, city_admin, one_place, chosen
):
    kept, _left = chosen
    client.force_login(city_admin)

    html = client.get(reverse("selection:notice_manage", args=[one_place.pk])).content.decode()

    section = _section(html)
    assert NOT_OPEN.format(n=1) in section
    assert (
        '<td class="cell-head">张三</td>' in section
        and "车间主任" in section
        and kept.branch.name in section
    )
    assert "李四" not in section
    assert "发布公示</button>" in html  # the form above, as before


def test_once_the_notice_opens_the_preview_gives_way_to_the_notice_s_list(
    client, city_admin, one_place, chosen
):
    client.force_login(city_admin)

    opened = client.post(
        reverse("selection:notice_open", args=[one_place.pk]),
        {"starts_on": timezone.localdate().isoformat(), "working_days": 5, "contact": "组织部"},
        follow=True,
    ).content.decode()

    section = _section(opened)
    assert "公示尚未发布" not in section
    assert (
        '<td class="cell-head">张三</td><td class="cell-inline" data-label="状态">公示中</td>'
        in section
    )


def test_before_a_shortlist_the_page_says_the_notice_has_not_opened(
    client, city_admin, one_place, make_nomination
):
    make_nomination(member__name="王五")
    client.force_login(city_admin)

    html = client.get(reverse("selection:notice_manage", args=[one_place.pk])).content.decode()

    section = _section(html)
    assert "公示尚未发布；确定拟推荐名单并发布公示后，在此列出公示人员。" in section
    assert "王五" not in section


@pytest.mark.parametrize("count", [1, 3])
def test_the_preview_reads_the_same_queries_for_1_and_3_on_the_shortlist(
    client, city_admin, one_place, make_nomination, panel, count, django_assert_num_queries
):
    one_place.exemplar_count = count
    one_place.save(update_fields=["exemplar_count"])
    kept = []
    for i in range(count):
        nomination = make_nomination(member__name=f"人选{i}")
        card(nomination, panel[0], scores(20, 20, 20, 20 - i))
        kept.append(nomination.pk)
    confirm_shortlist(one_place, kept, by=city_admin)
    client.force_login(city_admin)
    url = reverse("selection:notice_manage", args=[one_place.pk])

    # the user, their roles, the campaign, its notice, the shortlist, the nominations in
    # review, those waiting for screening, the finalists
    with django_assert_num_queries(8):
        html = client.get(url).content.decode()

    assert NOT_OPEN.format(n=count) in html
