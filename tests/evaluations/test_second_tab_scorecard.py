"""A reviewer with the same scorecard open in two tabs: the older tab's autosave cannot put back
a score the other tab changed. It says nothing was saved and to reload; its buttons refuse
likewise; one tab autosaving again and again is never refused by its own saves."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations import services
from tests.tabs import Tab, version_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(reviewer, reviewer_card):
    """The reviewer's card with 岗位业绩 at 22.5, saved earlier."""
    services.save_card(
        reviewer_card, by=reviewer, scores={_box(reviewer_card, "performance", None): ("22.5", "")}
    )
    return reviewer_card


@pytest.fixture
def open_tab(client, reviewer, card):
    """Open the card's scoring page in a new tab of the reviewer's browser."""
    client.force_login(reviewer)
    return lambda: Tab(client, reverse("evaluations:score", args=[card.nomination_id]))


def _box(card, code, kind="points"):
    criterion = card.nomination.campaign.criteria.get(code=code)
    return criterion.pk if kind is None else f"{kind}_{criterion.pk}"


def _autosave(tab, card, **typed):
    return tab.autosave(reverse("evaluations:autosave", args=[card.nomination_id]), **typed)


def _points(card):
    return {s.criterion.code: s.points for s in card.scores.select_related("criterion")}


def test_the_older_tab_s_autosave_cannot_put_back_the_score_changed_in_the_other(card, open_tab):
    tab_b = open_tab()  # opened first, left open
    tab_a = open_tab()

    saved = _autosave(tab_a, card, **{_box(card, "performance"): "20"})
    refused = _autosave(tab_b, card, **{_box(card, "political"): "24"})

    assert (saved.status_code, refused.status_code) == (200, 422)
    assert "已自动保存" in saved.content.decode()
    status = refused.content.decode()
    assert "未自动保存" in status
    assert "已在另一个窗口修改" in status
    assert "请重新载入本页" in status
    assert version_in(status) is None  # the older tab stays out of date: it is told each time
    assert _points(card) == {"performance": Decimal("20")}  # 20 stays; 24 was not written
    again = _autosave(tab_b, card, **{_box(card, "political"): "23"})
    assert again.status_code == 422
    assert _points(card) == {"performance": Decimal("20")}


def test_the_older_tab_s_buttons_refuse_likewise_and_keep_what_was_typed(card, open_tab):
    tab_b = open_tab()
    _autosave(open_tab(), card, **{_box(card, "performance"): "20"})

    saved = tab_b.post(action="save", **{_box(card, "political"): "24"})
    submitted = tab_b.post(action="submit")

    assert saved.status_code == 409
    page = saved.content.decode()
    assert "本次没有保存" in page
    assert saved.context["form"][_box(card, "political")].value() == "24"  # as typed
    url = reverse("evaluations:score", args=[card.nomination_id])
    assert f'<a href="{url}" target="_blank" rel="noopener">' in page
    # The page shown again carries the current version: its next press is a choice made
    # knowingly, here a submit of the card as the reviewer now has it on screen.
    assert submitted.status_code == 400  # not 409: only what a submit needs is missing
    assert _points(card) == {"political": Decimal("24"), "performance": Decimal("22.5")}


def test_the_older_tab_s_submit_is_refused_and_the_card_stays_a_draft(card, open_tab):
    tab_b = open_tab()
    _autosave(open_tab(), card, **{_box(card, "performance"): "20"})
    every_box = {_box(card, code): "20" for code in ("political", "public", "integrity")}

    refused = tab_b.post(action="submit", **every_box)

    assert refused.status_code == 409
    card.refresh_from_db()
    assert card.state == "draft"
    assert _points(card) == {"performance": Decimal("20")}


def test_one_tab_autosaving_again_and_again_is_not_refused_by_its_own_saves(card, open_tab):
    tab = open_tab()

    answers = [
        _autosave(tab, card, **{_box(card, "political"): "21"}),
        _autosave(tab, card, **{_box(card, "public"): "22"}),
        _autosave(tab, card, **{_box(card, "integrity"): "23"}),
    ]
    submitted = tab.post(action="submit")

    assert [a.status_code for a in answers] == [200, 200, 200]
    card.refresh_from_db()
    assert submitted.redirect_chain[-1][0] == (
        f"{reverse('evaluations:queue')}?campaign={card.nomination.campaign_id}"
    )
    assert card.state == "submitted"
    assert _points(card) == {
        "political": Decimal("21"),
        "performance": Decimal("22.5"),
        "public": Decimal("22"),
        "integrity": Decimal("23"),
    }


def test_an_autosave_with_a_wrong_box_still_hands_the_page_its_new_version(card, open_tab):
    """The right boxes are saved, so the version moves: the page must learn of it."""
    tab = open_tab()

    partly = _autosave(tab, card, **{_box(card, "political"): "21", _box(card, "public"): "99"})
    fixed = _autosave(tab, card, **{_box(card, "public"): "22"})

    assert (partly.status_code, fixed.status_code) == (422, 200)
    assert version_in(partly.content.decode()) is not None
    assert _points(card)["public"] == Decimal("22")


def test_an_autosave_from_a_page_opened_before_the_upgrade_still_saves(card, open_tab):
    tab = open_tab()
    del tab.data["version"]

    saved = _autosave(tab, card, **{_box(card, "political"): "21"})

    assert saved.status_code == 200
    assert _points(card)["political"] == Decimal("21")


def test_a_card_reopened_by_an_admin_refuses_a_tab_left_open_before_its_submit(
    card, open_tab, reviewer, city_admin
):
    tab = open_tab()
    _autosave(open_tab(), card, **{_box(card, code): "20" for code in ("political", "public")})
    services.save_card(card, by=reviewer, scores={_box(card, "integrity", None): ("20", "")})
    services.submit_card(card, by=reviewer)
    services.reopen_card(card, by=city_admin, reason="岗位业绩分数录错")

    refused = _autosave(tab, card, **{_box(card, "performance"): "10"})

    assert refused.status_code == 422
    assert _points(card)["performance"] == Decimal("22.5")


@pytest.mark.parametrize(
    "first",
    [
        {"action": "submit"},  # 提交 with a box still empty: the rest is saved, the page back
        {"action": "save", "wrong": "999"},  # 保存 with one box wrong
    ],
)
def test_a_page_shown_again_after_a_partial_save_saves_again_without_a_conflict(
    card, open_tab, first
):
    """The right boxes of the first press were saved (the version moved): the page that comes
    back carries that version, and its next save and autosave go through."""
    tab = open_tab()
    typed = {_box(card, "political"): "21"}
    if "wrong" in first:
        typed[_box(card, "public")] = first["wrong"]
    tab.post(action=first["action"], **typed)
    assert tab.page.status_code == 400

    autosaved = _autosave(tab, card, **{_box(card, "public"): "22"})
    tab.post(action="save", **{_box(card, "integrity"): "23"})

    assert autosaved.status_code == 200
    assert tab.page.status_code == 200  # followed the redirect after 草稿已保存
    assert _points(card) == {
        "political": Decimal("21"),
        "performance": Decimal("22.5"),
        "public": Decimal("22"),
        "integrity": Decimal("23"),
    }
