"""A choice's written reason is the whole choice's (``evaluations.services.choosing``): it may
name any nominee of the pool, so it is kept with the choice — its audit row, the results page
and a node's pool page for the admins who decide — and never written into a nomination's
history, which its branch's secretary reads: a nominee left out reads a plain 未入选."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from selection.choices import State
from selection.models import Transition
from tests.evaluations.test_review_views import _shortlist
from tests.factories import card, in_review, scores, survey_answers

pytestmark = pytest.mark.django_db

REASON = "丁玉梅同志在重大项目中表现突出，委员会研究决定推荐。"


@pytest.fixture
def three_ranked(review_campaign, make_nomination, panel, admin, branch_a2):
    """A > B > C, one place each for two: B (of 东区二支部) is the one passed over."""
    rows = []
    for level, branch in ((22, None), (20, branch_a2), (18, None)):
        extra = {"member__organization": branch} if branch else {}
        nomination = make_nomination(**extra)
        for reviewer in panel[:5]:
            card(nomination, reviewer, scores(level, level, level, level))
        survey_answers(nomination, issued=12, satisfied=10, responses=10, by=admin)
        rows.append(nomination)
    return rows


def test_the_passed_over_nominee_s_secretary_reads_a_plain_not_selected(
    client, review_campaign, three_ranked, city_admin, other_secretary
):
    a, b, c = three_ranked
    client.force_login(city_admin)
    _shortlist(client, review_campaign, [a, c], reason=REASON)
    client.force_login(other_secretary)

    page = client.get(reverse("selection:nomination_detail", args=[b.pk])).content.decode()

    assert Transition.objects.get(nomination=b, target=State.NOT_SELECTED).reason == ""
    assert "未入选" in page
    assert "丁玉梅" not in page
    event = AuditEvent.objects.get(verb="review.shortlist_confirmed")
    assert event.after["reason"] == REASON


def test_once_confirmed_the_results_page_shows_the_list_and_its_reason_without_a_warning(
    client, review_campaign, three_ranked, city_admin
):
    a, _b, c = three_ranked
    client.force_login(city_admin)

    page = _shortlist(client, review_campaign, [a, c], reason=REASON).content.decode()

    confirmed = page.split('id="shortlist-confirmed"')[1]
    assert "已确定的拟推荐名单" in confirmed
    assert f"理由：{REASON}" in confirmed
    assert "按排名应选而未选：第2名" in confirmed
    assert "所选名单与排名顺序不一致，须写明理由" not in page
    assert 'id="shortlist-reason"' not in page


def test_a_changed_choice_after_confirming_asks_for_the_reason_again(
    client, review_campaign, three_ranked, city_admin
):
    a, b, c = three_ranked
    client.force_login(city_admin)
    _shortlist(client, review_campaign, [a, c], reason=REASON)
    url = reverse("evaluations:results", args=[review_campaign.pk])

    page = client.get(url, {"picked": 1, "chosen": [a.pk, b.pk]}).content.decode()

    assert 'id="shortlist-confirmed"' not in page
    assert 'id="shortlist-reason"' in page


def test_a_node_s_reason_stays_on_its_pool_not_in_another_branch_s_history(
    client, staged, committee_a, committee_admin, branch_a1, branch_a2, city_admin, other_secretary
):
    top, passed_over, third = (
        in_review(staged, total, by=city_admin, member__organization=branch, member__name=name)
        for name, total, branch in (
            ("王强", 90, branch_a1),
            ("李娜", 80, branch_a2),
            ("丁玉梅", 70, branch_a1),
        )
    )
    client.force_login(committee_admin)
    client.post(
        reverse("evaluations:stage_confirm", args=[staged.pk, 1, committee_a.pk]),
        {"chosen": [top.pk, third.pk], "reason": REASON},
    )
    pool = client.get(reverse("evaluations:stage_pool", args=[staged.pk, 1, committee_a.pk]))
    client.force_login(other_secretary)

    page = client.get(reverse("selection:nomination_detail", args=[passed_over.pk]))

    assert REASON in pool.content.decode()
    assert Transition.objects.get(nomination=passed_over, target=State.NOT_SELECTED).reason == ""
    assert "未入选" in page.content.decode()
    assert "丁玉梅" not in page.content.decode()
