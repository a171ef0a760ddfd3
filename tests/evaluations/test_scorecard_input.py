"""A reviewer typing into the scorecard: a wrong box is named and marked where it stands, and
everything typed right is kept, by the autosave and by the buttons alike."""

from decimal import Decimal

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _boxes(card_):
    return {c.code: c.pk for c in card_.nomination.campaign.criteria.all()}


def _post(card_, points=None, comments=None, **extra):
    """The whole form as the browser sends it: every box, blank unless given."""
    boxes = _boxes(card_)
    data = {f"points_{pk}": str((points or {}).get(code, "")) for code, pk in boxes.items()}
    data.update({f"comment_{pk}": (comments or {}).get(code, "") for code, pk in boxes.items()})
    data.update(extra)
    return data


def _saved(card_):
    return {
        s.criterion.code: (s.points, s.comment) for s in card_.scores.select_related("criterion")
    }


def test_an_autosave_with_one_wrong_box_keeps_every_right_one_and_the_comment(
    client, reviewer, reviewer_card
):
    """20 (saved), then 99 in another box, then 18 and a comment elsewhere."""
    client.force_login(reviewer)
    url = reverse("evaluations:autosave", args=[reviewer_card.nomination_id])
    client.post(url, _post(reviewer_card, {"political": 20}))

    response = client.post(
        url,
        _post(
            reviewer_card,
            {"political": 20, "performance": 99, "public": 18},
            {"public": "群众评价较好"},
        ),
    )

    status = response.content.decode()
    assert response.status_code == 422
    assert "已自动保存其余内容" in status
    assert "“岗位业绩好”的得分须为 0 至 25 之间的整数或半分。" in status
    assert _saved(reviewer_card) == {
        "political": (Decimal(20), ""),
        "public": (Decimal(18), "群众评价较好"),
    }


@pytest.mark.parametrize("slip", ["1e30", "Infinity", "sNaN"])
def test_a_number_no_card_can_hold_is_named_and_the_rest_saved(
    client, reviewer, reviewer_card, slip
):
    """A number box takes 1e30 (a slip of the keyboard); the server reads more than numbers."""
    client.force_login(reviewer)
    for url, extra in (
        (reverse("evaluations:autosave", args=[reviewer_card.nomination_id]), {}),
        (reverse("evaluations:score", args=[reviewer_card.nomination_id]), {"action": "save"}),
    ):
        response = client.post(
            url, _post(reviewer_card, {"political": 20, "performance": slip}, **extra)
        )

        assert response.status_code in (400, 422)
        assert "“岗位业绩好”的得分须为 0 至 25 之间的整数或半分。" in response.content.decode()
        assert _saved(reviewer_card) == {"political": (Decimal(20), "")}


def test_a_wrong_box_leaves_its_saved_score_as_it_was(client, reviewer, reviewer_card):
    client.force_login(reviewer)
    url = reverse("evaluations:autosave", args=[reviewer_card.nomination_id])
    client.post(url, _post(reviewer_card, {"performance": 21}))

    response = client.post(url, _post(reviewer_card, {"performance": "abc", "public": 99}))
    client.post(url, _post(reviewer_card, {"performance": "abc", "political": 19}))

    message = response.content.decode()
    assert message.count("须为") >= 1 and "。；" not in message  # sentences, not "。；"
    assert _saved(reviewer_card) == {
        "performance": (Decimal(21), ""),
        "political": (Decimal(19), ""),
    }


def test_a_veto_ticked_before_its_reason_is_typed_is_saved_with_the_scores(
    client, reviewer, reviewer_card
):
    """The reviewer ticks the veto first and types the reason next: the draft keeps the tick
    meanwhile (only the submit needs the reason)."""
    client.force_login(reviewer)
    url = reverse("evaluations:autosave", args=[reviewer_card.nomination_id])

    response = client.post(url, _post(reviewer_card, {"political": 20}, veto="on"))

    reviewer_card.refresh_from_db()
    assert response.status_code == 200
    assert "已自动保存（" in response.content.decode()
    assert _saved(reviewer_card) == {"political": (Decimal(20), "")}
    assert (reviewer_card.veto, reviewer_card.veto_reason) == (True, "")


def test_a_submit_with_wrong_boxes_marks_each_beside_it_and_keeps_what_was_typed(
    client, reviewer, reviewer_card
):
    """30, "abc", 12.3 and an empty box: four errors, each under its own box, the bad values
    shown as typed, the card still a draft, the score saved earlier still there, and the
    comment typed beside the wrong points saved."""
    client.force_login(reviewer)
    boxes = _boxes(reviewer_card)
    client.post(
        reverse("evaluations:autosave", args=[reviewer_card.nomination_id]),
        _post(reviewer_card, {"public": 15}),
    )

    response = client.post(
        reverse("evaluations:score", args=[reviewer_card.nomination_id]),
        _post(
            reviewer_card,
            {"political": 30, "performance": "abc", "public": "12.3"},
            {"political": "材料详实"},
            action="submit",
        ),
    )

    page = response.content.decode()
    errors = response.context["form"].errors
    reviewer_card.refresh_from_db()
    assert response.status_code == 400
    assert reviewer_card.state == "draft"
    assert "有 4 处需要更正，请看各项下方的提示；其余内容已保存为草稿。" in page
    assert errors[f"points_{boxes['political']}"] == [
        "“政治素质好”的得分须为 0 至 25 之间的整数或半分。"
    ]
    assert errors[f"points_{boxes['performance']}"] == ["“岗位业绩好”的得分不是数字。"]
    assert errors[f"points_{boxes['public']}"] == [
        "“群众评价好”的得分须为 0 至 25 之间的整数或半分。"
    ]
    assert errors[f"points_{boxes['integrity']}"] == ["请为“廉洁自律好”评分。"]
    assert f'<input type="text" name="points_{boxes["performance"]}" value="abc"' in page
    assert page.count("is-invalid") == 4
    assert "材料详实</textarea>" in page
    assert _saved(reviewer_card) == {"public": (Decimal(15), ""), "political": (None, "材料详实")}


def test_the_boxes_tell_the_browser_their_range_before_the_submit_is_confirmed(
    client, reviewer, reviewer_card
):
    """The form stays novalidate (the autosave must never be held up); app.js checks the boxes
    against these before the "cannot be changed" question."""
    client.force_login(reviewer)
    boxes = _boxes(reviewer_card)

    page = client.get(reverse("evaluations:score", args=[reviewer_card.nomination_id]))

    html = page.content.decode()
    assert (
        f'<input type="number" name="points_{boxes["political"]}" min="0" max="25" '
        f'step="0.5" required inputmode="decimal"'
    ) in html
    assert 'data-confirm="提交后不能再修改，确定提交吗？"' in html


def test_a_right_draft_is_still_saved_whole(client, reviewer, reviewer_card):
    client.force_login(reviewer)

    response = client.post(
        reverse("evaluations:score", args=[reviewer_card.nomination_id]),
        _post(reviewer_card, {"political": "19.5"}, {"political": "好"}, action="save"),
    )

    assert response.status_code == 302
    assert _saved(reviewer_card) == {"political": (Decimal("19.5"), "好")}


def test_a_comment_too_long_is_named_by_its_criterion_and_the_rest_is_saved(
    client, reviewer, reviewer_card
):
    client.force_login(reviewer)

    response = client.post(
        reverse("evaluations:autosave", args=[reviewer_card.nomination_id]),
        _post(reviewer_card, {"political": 20, "public": 18}, {"political": "长" * 2001}),
    )

    assert response.status_code == 422
    assert "“政治素质好”的评语：" in response.content.decode()
    # Its points are right: kept, the comment alone left out (and named).
    assert _saved(reviewer_card) == {"political": (Decimal(20), ""), "public": (Decimal(18), "")}


def test_a_veto_without_its_reason_is_said_once_at_the_field(client, reviewer, reviewer_card):
    """Not twice, in the field's feedback box and again in the error list inside it: the page
    says it once, under 否决理由; the banner only counts."""
    client.force_login(reviewer)
    every = {"political": 20, "performance": 20, "public": 20, "integrity": 20}

    response = client.post(
        reverse("evaluations:score", args=[reviewer_card.nomination_id]),
        _post(reviewer_card, every, veto="on", veto_reason="", action="submit"),
    )

    page = response.content.decode()
    reviewer_card.refresh_from_db()
    assert response.status_code == 400
    assert page.count("一票否决须写明理由。") == 1
    assert 'id="id_veto_reason_error"><li>一票否决须写明理由。</li>' in page
    assert response.context["form"].errors == {"veto_reason": ["一票否决须写明理由。"]}
    assert [str(m) for m in response.context["messages"]] == [
        "有 1 处需要更正，请看各项下方的提示；其余内容已保存为草稿。"
    ]
    assert (reviewer_card.state, reviewer_card.veto) == ("draft", True)
    assert len(_saved(reviewer_card)) == 4
