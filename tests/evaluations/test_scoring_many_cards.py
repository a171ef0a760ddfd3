"""A reviewer with many cards scores them one after another: a refused submit keeps in the draft
everything the page says it kept (the veto's tick included), names every problem of the card at
once, and each card says how many are left, leads back to the queue and opens with the keyboard
in its first empty score box; Enter in a box saves the draft, never submits."""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from PIL import Image

from selection import files
from tests.evaluations.test_scorecard_input import _boxes
from tests.evaluations.test_scorecard_input import _post as _form
from tests.factories import png_upload

pytestmark = pytest.mark.django_db


def _url(card_):
    return reverse("evaluations:score", args=[card_.nomination_id])


def _autofocused(html):
    """The names of the boxes the page puts the keyboard in."""
    return re.findall(r'<(?:input|textarea)[^>]*name="([^"]+)"[^>]*\bdata-focus-first\b', html)


EXTREMES = {"political": 25, "performance": 24, "public": 5, "integrity": 20}


def test_a_refused_submit_keeps_the_veto_tick_with_the_scores(client, reviewer, three_cards):
    """廉洁一票否决 ticked without a reason, 25/24/5 without comments, submit. The page
    says the rest was saved as a draft: reopened, the card has its tick and its scores."""
    card_ = three_cards[2]
    client.force_login(reviewer)

    refused = client.post(_url(card_), _form(card_, EXTREMES, veto="on", action="submit"))
    reopened = client.get(_url(card_)).content.decode()

    card_.refresh_from_db()
    assert refused.status_code == 400
    assert "其余内容已保存为草稿。" in refused.content.decode()
    assert (card_.state, card_.veto, card_.veto_reason) == ("draft", True, "")
    saved = {s.criterion.code: s.points for s in card_.scores.select_related("criterion")}
    assert saved == {code: Decimal(points) for code, points in EXTREMES.items()}
    assert re.search(r'<input type="checkbox" name="veto"[^>]*\bchecked\b', reopened)


def test_every_problem_of_a_submitted_card_is_named_at_once(client, reviewer, three_cards):
    """The veto's reason, the three comments an extreme score needs and a score left out are
    named by the first submit, each under its box; once all are mended, the next submit goes."""
    card_ = three_cards[2]
    boxes = _boxes(card_)
    client.force_login(reviewer)
    typed = {**EXTREMES, "integrity": ""}

    refused = client.post(_url(card_), _form(card_, typed, veto="on", action="submit"))

    assert refused.context["form"].errors == {
        f"comment_{boxes['political']}": ["“政治素质好”得分低于 40% 或高于 95%，须填写评语。"],
        f"comment_{boxes['performance']}": ["“岗位业绩好”得分低于 40% 或高于 95%，须填写评语。"],
        f"comment_{boxes['public']}": ["“群众评价好”得分低于 40% 或高于 95%，须填写评语。"],
        f"points_{boxes['integrity']}": ["请为“廉洁自律好”评分。"],
        "veto_reason": ["一票否决须写明理由。"],
    }
    assert [str(m) for m in refused.context["messages"]] == [
        "有 5 处需要更正，请看各项下方的提示；其余内容已保存为草稿。"
    ]
    assert _autofocused(refused.content.decode()) == [f"comment_{boxes['political']}"]

    comments = {"political": "表现突出", "performance": "业绩显著", "public": "群众意见较多"}
    submitted = client.post(
        _url(card_),
        _form(card_, EXTREMES, comments, veto="on", veto_reason="有违纪线索", action="submit"),
    )

    card_.refresh_from_db()
    assert submitted.status_code == 302
    assert (card_.state, card_.veto, card_.veto_reason) == ("submitted", True, "有违纪线索")


def test_a_reason_typed_for_a_veto_left_unticked_stays_in_the_draft_only(
    client, reviewer, three_cards
):
    """Kept while the reviewer makes up their mind; a submitted card's reason is its veto's."""
    card_ = three_cards[2]
    client.force_login(reviewer)
    every = {"political": 20, "performance": 20, "public": 20, "integrity": 20}

    client.post(_url(card_), _form(card_, every, veto_reason="线索待核", action="save"))
    card_.refresh_from_db()
    drafted = (card_.veto, card_.veto_reason)
    client.post(_url(card_), _form(card_, every, veto_reason="线索待核", action="submit"))
    card_.refresh_from_db()

    assert drafted == (False, "线索待核")
    assert (card_.state, card_.veto, card_.veto_reason) == ("submitted", False, "")


def test_each_card_says_how_many_are_left_and_leads_back_to_the_queue(
    client, reviewer, three_cards
):
    oldest, middle, newest = three_cards
    client.force_login(reviewer)
    every = {"political": 20, "performance": 20, "public": 20, "integrity": 20}
    queue = f"{reverse('evaluations:queue')}?campaign={newest.nomination.campaign_id}"

    first = client.get(_url(newest)).content.decode()
    client.post(_url(newest), _form(newest, every, action="submit_next"))
    second = client.get(_url(middle)).content.decode()
    client.post(_url(middle), _form(middle, every, action="submit_next"))
    last = client.get(_url(oldest)).content.decode()

    assert "本活动还有 2 份待完成（待评分或草稿，不含本份）" in first
    assert "本活动还有 1 份待完成（待评分或草稿，不含本份）" in second
    assert "本活动没有其他待完成的评分表" in last
    assert f'<a href="{queue}">← 我的评审任务</a>' in first
    submitted = client.get(_url(newest)).content.decode()
    assert (
        "本活动还有 1 份待完成（待评分或草稿，不含本份）" in submitted
    )  # the oldest, still to fill in


def test_a_card_opens_with_the_keyboard_in_its_first_empty_score_box(client, reviewer, three_cards):
    """Also the next card 提交并评下一份 opens, and the card whose first boxes were saved."""
    middle, newest = three_cards[1:]
    client.force_login(reviewer)
    every = {"political": 20, "performance": 20, "public": 20, "integrity": 20}

    opened = client.get(_url(newest)).content.decode()
    client.post(_url(newest), _form(newest, {"political": 20}, action="save"))
    again = client.get(_url(newest)).content.decode()
    following = client.post(_url(newest), _form(newest, every, action="submit_next"), follow=True)

    assert _autofocused(opened) == [f"points_{_boxes(newest)['political']}"]
    assert _autofocused(again) == [f"points_{_boxes(newest)['performance']}"]
    assert following.redirect_chain[-1][0] == _url(middle)
    assert _autofocused(following.content.decode()) == [f"points_{_boxes(middle)['political']}"]
    assert _autofocused(client.get(_url(newest)).content.decode()) == []  # submitted: locked


def test_enter_in_a_score_box_saves_the_draft(client, reviewer, three_cards):
    """The browser sends a form's first submit button for Enter: it is 保存草稿, the step that
    can be undone (tests/e2e/test_scorecard_browser.py presses Enter)."""
    client.force_login(reviewer)

    html = client.get(_url(three_cards[0])).content.decode()

    form = html[html.index('<form method="post" id="scorecard"') :]
    first = re.search(r'<button type="submit"[^>]*>', form).group(0)
    assert 'value="save"' in first and "data-confirm" not in first


def test_each_card_shows_a_small_preview_of_the_photo_and_links_the_photo(
    client, reviewer, three_cards
):
    """Card after card, the photo beside the deeds is the small preview the browser keeps, not
    the whole photo each time; the photo itself is behind 查看原图."""
    nomination = three_cards[0].nomination
    nomination.photo.save("photo.png", png_upload(size=(1200, 1600)))
    client.force_login(reviewer)

    page = client.get(_url(three_cards[0])).content.decode()
    preview_url = re.search(r'<img src="([^"]*/photo/preview/\?v=[0-9a-f]+)"', page).group(1)
    preview = client.get(preview_url)

    full = reverse("evaluations:photo", args=[nomination.pk])
    assert f'href="{full}"' in page and "查看原图" in page
    assert f'src="{full}"' not in page
    assert preview.status_code == 200 and preview["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(preview.content)).size == files.PREVIEW_SIZE
    assert "max-age" in preview["Cache-Control"]
