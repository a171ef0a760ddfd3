"""A reviewer's comments are never lost: a draft keeps every comment typed, whether its points
are given yet, wrong or right; only the submit asks for the points. Where something cannot be
kept, the message names that box, and what was saved before stays."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations import services
from tests.evaluations.test_scorecard_input import _post, _saved

pytestmark = pytest.mark.django_db


def _autosave(client, card_, points=None, comments=None):
    url = reverse("evaluations:autosave", args=[card_.nomination_id])
    return client.post(url, _post(card_, points, comments))


def test_a_comment_typed_before_any_points_is_there_after_a_reload(client, reviewer, reviewer_card):
    client.force_login(reviewer)

    saved = _autosave(client, reviewer_card, comments={"political": "理想信念坚定"})
    page = client.get(reverse("evaluations:score", args=[reviewer_card.nomination_id]))

    assert saved.status_code == 200
    assert "已自动保存（" in saved.content.decode()
    assert _saved(reviewer_card) == {"political": (None, "理想信念坚定")}
    assert page.context["form"]["comment_" + _pk(reviewer_card, "political")].value() == (
        "理想信念坚定"
    )
    reviewer_card.refresh_from_db()
    assert reviewer_card.state == "draft"


def test_a_comment_beside_points_out_of_range_is_saved_and_only_the_points_are_named(
    client, reviewer, reviewer_card
):
    client.force_login(reviewer)
    _autosave(client, reviewer_card, {"political": 20})

    response = _autosave(
        client, reviewer_card, {"political": 30}, {"political": "非常突出，给满分以上"}
    )

    status = response.content.decode()
    assert response.status_code == 422
    assert "“政治素质好”的得分须为 0 至 25 之间的整数或半分。" in status
    assert "评语" not in status.split("以下未保存")[1]
    # The points saved before stay; the comment typed beside the wrong ones is kept.
    assert _saved(reviewer_card) == {"political": (Decimal(20), "非常突出，给满分以上")}


def test_a_comment_too_long_is_named_and_the_saved_comment_and_points_stay(
    client, reviewer, reviewer_card
):
    client.force_login(reviewer)
    _autosave(client, reviewer_card, {"political": 20}, {"political": "原评语"})

    response = _autosave(client, reviewer_card, {"political": 21}, {"political": "长" * 2001})

    status = response.content.decode()
    assert response.status_code == 422
    assert "“政治素质好”的评语" in status
    assert _saved(reviewer_card) == {"political": (Decimal(21), "原评语")}


def test_saving_the_draft_with_the_button_keeps_a_comment_without_points(
    client, reviewer, reviewer_card
):
    client.force_login(reviewer)
    url = reverse("evaluations:score", args=[reviewer_card.nomination_id])

    response = client.post(url, _post(reviewer_card, comments={"public": "群众口碑好"}))

    assert response.status_code == 302
    assert _saved(reviewer_card) == {"public": (None, "群众口碑好")}


def test_a_card_with_a_comment_but_no_points_cannot_be_submitted_and_keeps_the_comment(
    client, reviewer, reviewer_card
):
    client.force_login(reviewer)
    every = {"political": 20, "performance": 20, "public": 20}
    url = reverse("evaluations:score", args=[reviewer_card.nomination_id])

    response = client.post(
        url, _post(reviewer_card, every, {"integrity": "待核实"}, action="submit")
    )

    assert response.status_code == 400
    assert "请为“廉洁自律好”评分。" in response.content.decode()
    reviewer_card.refresh_from_db()
    assert reviewer_card.state == "draft"
    assert _saved(reviewer_card)["integrity"] == (None, "待核实")


def test_emptying_both_boxes_of_a_draft_leaves_no_score(client, reviewer, reviewer_card):
    client.force_login(reviewer)
    _autosave(client, reviewer_card, comments={"political": "先写评语"})

    _autosave(client, reviewer_card)

    assert _saved(reviewer_card) == {}


def test_the_service_keeps_what_is_passed_as_none(reviewer, reviewer_card):
    political = int(_pk(reviewer_card, "political"))
    services.save_card(reviewer_card, by=reviewer, scores={political: ("20", "原评语")})

    services.save_card(reviewer_card, by=reviewer, scores={political: (None, "新评语")})
    services.save_card(reviewer_card, by=reviewer, scores={political: ("22", None)})

    assert _saved(reviewer_card) == {"political": (Decimal(22), "新评语")}


def _pk(card_, code: str) -> str:
    return str(card_.nomination.campaign.criteria.get(code=code).pk)
