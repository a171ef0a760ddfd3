"""The scorecard in a real browser: the autosave keeps every box typed right when another is
wrong, and a box the browser can tell is wrong (its min/max/step) is shown before the "cannot
be changed" question is asked (static/js/app.js)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from evaluations import services
from tests.factories import CampaignFactory, NominationFactory

from .journey import PASSWORD, Portal

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@dataclass
class Scoring:
    """A reviewer signed in, before their card of a nomination in review."""

    page: object
    card: object
    boxes: dict  # criterion code -> its id (the boxes' ids end with it)
    url: str


@pytest.fixture
def scoring(browser, live_server, city, city_admin, reviewer, branch_a2) -> Scoring:
    campaign = CampaignFactory(owner=city, phase="reviewing", quota_value=10)
    services.add_reviewer(campaign, reviewer, cap=None, by=city_admin)
    boxes = {c.code: c.pk for c in services.ensure_criteria(campaign)}
    nomination = NominationFactory(
        campaign=campaign, member__organization=branch_a2, state="eligible"
    )
    card = services.assign(nomination, reviewer, by=city_admin)
    reviewer.set_password(PASSWORD)
    reviewer.save()
    page = Portal(browser, live_server.url, artifacts=None).as_(reviewer.username)
    return Scoring(
        page, card, boxes, live_server.url + reverse("evaluations:score", args=[nomination.pk])
    )


def test_the_autosave_keeps_the_right_boxes_and_a_wrong_one_stops_the_submit_unasked(scoring):
    page, card, boxes = scoring.page, scoring.card, scoring.boxes
    asked = []
    page.on("dialog", lambda dialog: asked.append(dialog.message))
    page.goto(scoring.url)
    status = page.locator("#autosave-status")

    page.fill(f"#id_points_{boxes['political']}", "20")
    page.locator(f"#id_points_{boxes['political']}").blur()
    expect(status).to_contain_text("已自动保存（")
    page.fill(f"#id_points_{boxes['performance']}", "99")
    page.fill(f"#id_points_{boxes['public']}", "18")
    page.fill(f"#id_comment_{boxes['public']}", "群众评价较好")
    page.locator(f"#id_comment_{boxes['public']}").blur()
    expect(status).to_contain_text("已自动保存其余内容")
    expect(status).to_contain_text("“岗位业绩好”的得分须为 0 至 25 之间")

    page.get_by_role("button", name="提交评分").click()

    assert asked == []
    invalid = page.locator(f"#id_points_{boxes['performance']}:invalid")
    expect(invalid).to_have_count(1)
    card.refresh_from_db()
    assert card.state == "draft"
    page.reload()
    expect(page.locator(f"#id_points_{boxes['political']}")).to_have_value("20")
    expect(page.locator(f"#id_points_{boxes['public']}")).to_have_value("18")
    expect(page.locator(f"#id_comment_{boxes['public']}")).to_have_value("群众评价较好")
    expect(page.locator(f"#id_points_{boxes['performance']}")).to_have_value("")


def test_a_comment_typed_without_points_is_autosaved_and_there_after_a_reload(scoring):
    """A reviewer writes a criterion's comment first, waits for the autosave and reloads: the
    comment is there, though no points were given yet (the submit asks for them)."""
    page, card, boxes = scoring.page, scoring.card, scoring.boxes
    page.goto(scoring.url)
    status = page.locator("#autosave-status")

    page.locator(f"#id_comment_{boxes['performance']}").press_sequentially("业绩突出，待评分")
    expect(status).to_contain_text("已自动保存（")
    page.reload()

    expect(page.locator(f"#id_comment_{boxes['performance']}")).to_have_value("业绩突出，待评分")
    expect(page.locator(f"#id_points_{boxes['performance']}")).to_have_value("")
    assert card.scores.get().comment == "业绩突出，待评分"


def test_what_is_typed_is_saved_while_typing_without_leaving_the_box(scoring):
    """A reviewer types a comment and a score and closes the tab without leaving the box: both
    are kept, the comment from before its score is given."""
    page, boxes = scoring.page, scoring.boxes
    page.goto(scoring.url)
    status = page.locator("#autosave-status")

    page.locator(f"#id_comment_{boxes['political']}").press_sequentially("政治立场坚定")
    expect(status).to_contain_text("已自动保存（")  # still in the box
    expect(status).to_be_in_viewport()  # seen without scrolling down from the first criterion
    page.locator(f"#id_points_{boxes['political']}").press_sequentially("21")
    expect(status).to_contain_text("已自动保存（")

    page.reload()
    expect(page.locator(f"#id_points_{boxes['political']}")).to_have_value("21")
    expect(page.locator(f"#id_comment_{boxes['political']}")).to_have_value("政治立场坚定")


def test_what_is_typed_is_kept_when_the_page_is_left_at_once(scoring):
    """A reviewer types a score and a comment and goes back to the queue at once, before the
    autosave's delay: what was typed is sent as the page is left, and is there on return."""
    page, card, boxes = scoring.page, scoring.card, scoring.boxes
    page.goto(scoring.url)

    page.locator(f"#id_points_{boxes['political']}").press_sequentially("19.5")
    page.locator(f"#id_comment_{boxes['political']}").press_sequentially("事迹突出")
    page.get_by_role("link", name="评审").first.click()  # no pause: within the autosave's delay
    _until(lambda: card.scores.filter(points=Decimal("19.5")).exists())  # the beacon's post

    page.goto(scoring.url)
    expect(page.locator(f"#id_points_{boxes['political']}")).to_have_value("19.5")
    expect(page.locator(f"#id_comment_{boxes['political']}")).to_have_value("事迹突出")
    card.refresh_from_db()
    assert card.state == "draft"


def _until(condition, seconds: float = 10.0) -> None:
    """Wait for what another request of the browser does on the server (a beacon is sent as
    the page goes and may arrive after the next page's requests)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not done in time"
        time.sleep(0.1)


def test_the_red_buttons_show_where_the_keyboard_is(scoring):
    """A reviewer working with the keyboard sees the focus on 提交评分 as on 保存草稿."""
    page = scoring.page
    page.goto(scoring.url)

    page.get_by_role("button", name="保存草稿").focus()
    page.keyboard.press("Tab")
    submit = page.get_by_role("button", name="提交评分", exact=True)
    expect(submit).to_be_focused()
    expect(submit).not_to_have_css("box-shadow", "none")


def test_a_tab_autosaves_on_while_an_older_tab_on_the_same_card_is_told_to_reload(scoring):
    """The version each autosave hands back reaches the form (htmx, out of band): one tab is
    never refused by its own saves, while a tab opened before them is refused each time."""
    page, card, boxes = scoring.page, scoring.card, scoring.boxes
    page.goto(scoring.url)  # the older tab, left open
    newer = page.context.new_page()
    newer.goto(scoring.url)

    newer.fill(f"#id_points_{boxes['political']}", "20")
    newer.locator(f"#id_points_{boxes['political']}").blur()
    expect(newer.locator("#record-version")).to_have_value(str(card.version + 1))
    newer.fill(f"#id_points_{boxes['public']}", "18")
    newer.locator(f"#id_points_{boxes['public']}").blur()
    expect(newer.locator("#record-version")).to_have_value(str(card.version + 2))
    expect(newer.locator("#autosave-status")).to_contain_text("已自动保存（")
    page.fill(f"#id_points_{boxes['performance']}", "10")
    page.locator(f"#id_points_{boxes['performance']}").blur()

    expect(page.locator("#autosave-status")).to_contain_text("已在另一个窗口修改")
    expect(page.locator("#autosave-status")).to_contain_text("请重新载入本页")
    expect(page.locator(f"#id_points_{boxes['performance']}")).to_have_value("10")  # still typed
    saved = {s.criterion.code: s.points for s in card.scores.select_related("criterion")}
    assert saved == {"political": Decimal(20), "public": Decimal(18)}


def test_a_save_pressed_while_an_autosave_is_on_its_way_waits_for_it(scoring, monkeypatch):
    """On a slow network 保存草稿 is pressed while the autosave of the box just left is still on
    its way: the post waits for the autosave's answer (which brings the card's next version) and
    is then sent, so it is not refused as made in another window, and both are saved."""
    from evaluations.views import review

    page, card, boxes = scoring.page, scoring.card, scoring.boxes
    save_draft = review._save_draft

    def slow(*args, **kwargs):
        time.sleep(1.5)
        return save_draft(*args, **kwargs)

    monkeypatch.setattr(review, "_save_draft", slow)
    page.goto(scoring.url)

    page.fill(f"#id_points_{boxes['political']}", "20")
    page.locator(f"#id_points_{boxes['political']}").blur()
    page.wait_for_selector("#scorecard.htmx-request")  # the autosave is on its way
    page.fill(f"#id_points_{boxes['public']}", "18")
    page.get_by_role("button", name="保存草稿").click()

    # The post waits 1.5 s for the slowed autosave, then loads the page: on a busy machine
    # that takes longer than expect's default 5 s.
    expect(page.locator(".alert")).to_contain_text("草稿已保存", timeout=20_000)
    expect(page.locator("body")).not_to_contain_text("另一个窗口")
    points = {s.criterion.code: s.points for s in card.scores.select_related("criterion")}
    assert points == {"political": Decimal("20"), "public": Decimal("18")}


def test_the_keyboard_starts_in_the_first_empty_box_and_enter_saves_the_draft(scoring):
    """A reviewer types a score and presses Enter, out of habit: the draft is saved, never
    submitted (no question asked), and the page comes back with the keyboard in the next
    empty box."""
    page, card, boxes = scoring.page, scoring.card, scoring.boxes
    asked = []
    page.on("dialog", lambda dialog: asked.append(dialog.message))
    page.goto(scoring.url)

    expect(page.locator(f"#id_points_{boxes['political']}")).to_be_focused()
    page.keyboard.type("20")
    page.keyboard.press("Enter")

    expect(page.locator(".alert")).to_contain_text("草稿已保存")
    expect(page.locator(f"#id_points_{boxes['performance']}")).to_be_focused()
    assert asked == []
    card.refresh_from_db()
    assert card.state == "draft"
    assert [s.points for s in card.scores.all()] == [Decimal(20)]


def test_on_a_phone_the_card_opens_at_its_top_with_no_box_focused(scoring):
    """autofocus scrolled a phone's page past the candidate's details to the first empty box."""
    page = scoring.page
    page.set_viewport_size({"width": 390, "height": 740})
    page.goto(scoring.url)

    expect(page.locator(f"#id_points_{scoring.boxes['political']}")).not_to_be_focused()
    assert page.evaluate("window.scrollY") == 0
    assert page.evaluate("document.activeElement === document.body")


def test_a_reload_served_before_its_save_on_leave_lands_still_submits(scoring, monkeypatch):
    """A reviewer types a score and reloads at once: the old page's save-on-leave (app.js) is
    held on the server until the reloaded page is shown, so it lands after that page was served
    from the version before. That save moves the version; the reloaded page takes the new one
    (noted in this tab's sessionStorage) and its submit is not refused as another window's."""
    from evaluations.views import review

    page, card, boxes = scoring.page, scoring.card, scoring.boxes
    save_draft, reloaded, held = review._save_draft, threading.Event(), []

    def held_until_reloaded(*args, **kwargs):
        if not held:  # the save-on-leave: the first save of this story
            held.append(True)
            reloaded.wait(20)
        return save_draft(*args, **kwargs)

    monkeypatch.setattr(review, "_save_draft", held_until_reloaded)
    page.goto(scoring.url)
    served = card.version

    page.locator(f"#id_points_{boxes['political']}").press_sequentially("19.5")
    page.reload()  # no pause: within the autosave's delay, so the beacon carries the typing
    reloaded.set()
    _until(lambda: card.scores.filter(points=Decimal("19.5")).exists())  # the beacon's post

    card.refresh_from_db()
    assert held and card.version == served + 1
    expect(page.locator("#record-version")).to_have_value(str(card.version))
    # The boxes as the save-on-leave has them, not as served before it: an autosave of another
    # box does not put the typed score back to empty.
    expect(page.locator(f"#id_points_{boxes['political']}")).to_have_value("19.5")
    page.fill(f"#id_points_{boxes['public']}", "17")
    page.locator(f"#id_points_{boxes['public']}").blur()
    expect(page.locator("#autosave-status")).to_contain_text("已自动保存（")
    assert card.scores.get(criterion__code="political").points == Decimal("19.5")
    for code in ("political", "performance", "public", "integrity"):
        page.fill(f"#id_points_{boxes[code]}", "18")
    page.locator(f"#id_points_{boxes['integrity']}").blur()
    expect(page.locator("#autosave-status")).to_contain_text("已自动保存（")  # not refused either
    page.get_by_role("button", name="提交评分").click()

    page.wait_for_url(f"**{reverse('evaluations:queue')}?campaign=*", timeout=20_000)
    expect(page.locator("body")).not_to_contain_text("另一个窗口")
    card.refresh_from_db()
    assert card.state == "submitted"
    points = {s.criterion.code: s.points for s in card.scores.select_related("criterion")}
    assert points == dict.fromkeys(("political", "performance", "public", "integrity"), 18)
