"""The committee's card history (评分明细, 修改记录) says what each change changed: the points
before it, or that the comment changed, never the same points again as if they had; a comment
saved before its points reads 未评分."""

import pytest
from django.urls import reverse

from evaluations import services

pytestmark = pytest.mark.django_db


def _save(card_, reviewer, points, comment):
    political = card_.nomination.campaign.criteria.get(code="political").pk
    services.save_card(card_, by=reviewer, scores={political: (points, comment)})


def _history(client, card_):
    nomination = card_.nomination
    url = reverse("evaluations:cards", args=[nomination.campaign_id, nomination.pk])
    response = client.get(url)
    row = next(s for s in response.context["cards"][0].scores.all())
    return response.content.decode(), [
        (c.points, c.points_changed, c.comment_changed) for c in row.changes
    ]


def test_a_change_of_the_comment_alone_is_listed_as_such(
    client, city_admin, reviewer, reviewer_card
):
    _save(reviewer_card, reviewer, "5", "初评")
    _save(reviewer_card, reviewer, "5", "补充：事迹核实")  # the comment alone
    _save(reviewer_card, reviewer, "6", "补充：事迹核实")  # the points alone
    _save(reviewer_card, reviewer, "7", "再次核实")  # both
    client.force_login(city_admin)

    page, changes = _history(client, reviewer_card)

    assert changes == [(5, False, True), (5, True, False), (6, True, True)]
    assert page.count("评语已改（") == 2
    assert "原 5.00（" in page and "原 6.00，评语已改（" in page
    assert "原 5.00，" not in page


def test_a_comment_saved_before_its_points_reads_not_scored(
    client, city_admin, reviewer, reviewer_card
):
    _save(reviewer_card, reviewer, None, "先写评语")
    _save(reviewer_card, reviewer, "20", None)
    client.force_login(city_admin)

    page, changes = _history(client, reviewer_card)

    assert changes == [(None, True, False)]
    assert "原 未评分（" in page
