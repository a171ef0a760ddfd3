"""A reviewer types a score and leaves the scoring page (a reload, another page): app.js sends
what was typed as the page goes (its save-on-leave), and that save may land after the reloaded
page was served. It moves the card's version like any save, so a page open in another tab is
refused rather than overwrite it; the reloaded page of the same tab takes the version the save
produces (app.js, adoptLeaveSave, from sessionStorage) and saves and submits. The browser's
side is in tests/e2e/test_scorecard_browser.py."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations import services
from tests.evaluations.test_second_tab_scorecard import _box, _points
from tests.tabs import Tab

pytestmark = pytest.mark.django_db

EVERY = ("political", "performance", "public", "integrity")


@pytest.fixture
def open_tab(client, reviewer, reviewer_card):
    client.force_login(reviewer)
    return lambda: Tab(client, reverse("evaluations:score", args=[reviewer_card.nomination_id]))


def _autosave(tab, card, **typed):
    return tab.autosave(reverse("evaluations:autosave", args=[card.nomination_id]), **typed)


def _every_box(card, points="20"):
    return {_box(card, code): points for code in EVERY}


def _adopt_leave_save(tab):
    """What app.js does on the page a reload served before its tab's save-on-leave landed: the
    form takes the version that save produced (the one it was made from, plus one)."""
    tab.data["version"] = str(int(tab.data["version"]) + 1)


def _submit_and_reopen(card, reviewer, admin):
    """The reviewer fills in and submits the card elsewhere; the admin reopens it."""
    services.save_card(card, by=reviewer, scores={_box(card, c, None): ("20", "") for c in EVERY})
    services.submit_card(card, by=reviewer)
    services.reopen_card(card, by=admin, reason="岗位业绩分数录错")


@pytest.mark.parametrize("sent", [{}, {"leaving": "1"}], ids=["now", "page-of-an-older-release"])
def test_a_save_on_leave_moves_the_version_like_any_save(reviewer_card, open_tab, sent):
    """A page left open across the release still marks its save ``leaving``: it moves all the
    same."""
    card = reviewer_card
    before = card.version
    old = open_tab()

    late = _autosave(old, card, **{_box(card, "political"): "21"}, **sent)

    assert late.status_code == 200
    card.refresh_from_db()
    assert card.version == before + 1
    assert old.data["version"] == str(before + 1)  # handed back, though no page takes it
    assert _points(card) == {"political": Decimal("21")}


def test_a_tab_opened_earlier_cannot_overwrite_what_a_save_on_leave_saved(reviewer_card, open_tab):
    card = reviewer_card
    other = open_tab()  # opened first, left open
    old = open_tab()

    _autosave(old, card, **{_box(card, "political"): "21"})  # the left page's save-on-leave
    autosaved = _autosave(other, card, **{_box(card, "political"): "5"})
    submitted = other.post(action="submit", **_every_box(card))

    assert autosaved.status_code == 422
    assert "已在另一个窗口修改" in autosaved.content.decode()
    assert submitted.status_code == 409
    assert "本次没有保存" in submitted.content.decode()
    card.refresh_from_db()
    assert card.state == "draft"
    assert _points(card) == {"political": Decimal("21")}  # what the left page saved


def test_the_reloaded_page_submits_after_its_tab_s_late_save_on_leave(reviewer_card, open_tab):
    card = reviewer_card
    old = open_tab()
    _autosave(old, card, **{_box(card, "political"): "21"})
    reloaded = open_tab()  # served before the old page's save-on-leave lands
    _autosave(old, card, **{_box(card, "performance"): "22"})  # ... which lands now
    _adopt_leave_save(reloaded)

    submitted = reloaded.post(action="submit", **_every_box(card, "23"))

    queue = f"{reverse('evaluations:queue')}?campaign={card.nomination.campaign_id}"
    assert submitted.redirect_chain[-1][0] == queue
    card.refresh_from_db()
    assert card.state == "submitted"
    assert _points(card) == dict.fromkeys(EVERY, 23)


def test_the_reloaded_page_autosaves_after_its_tab_s_late_save_on_leave(reviewer_card, open_tab):
    card = reviewer_card
    old = open_tab()
    reloaded = open_tab()
    _autosave(old, card, **{_box(card, "political"): "21"})
    _adopt_leave_save(reloaded)

    saved = _autosave(reloaded, card, **{_box(card, "political"): "24"})

    assert saved.status_code == 200
    assert _points(card) == {"political": Decimal("24")}


def test_another_tab_s_change_after_a_save_on_leave_still_refuses_the_reloaded_page(
    reviewer_card, open_tab
):
    card = reviewer_card
    old = open_tab()
    reloaded = open_tab()
    _autosave(old, card, **{_box(card, "political"): "21"})  # the save-on-leave
    _adopt_leave_save(reloaded)
    other = open_tab()  # opened after it landed
    _autosave(other, card, **{_box(card, "performance"): "22"})

    refused = reloaded.post(action="submit", **_every_box(card))

    assert refused.status_code == 409
    assert "本次没有保存" in refused.content.decode()
    card.refresh_from_db()
    assert card.state == "draft"
    assert _points(card) == {"political": Decimal("21"), "performance": Decimal("22")}


def test_a_card_submitted_and_reopened_since_the_reload_still_refuses_it(
    reviewer_card, open_tab, reviewer, city_admin
):
    card = reviewer_card
    old = open_tab()
    reloaded = open_tab()
    _autosave(old, card, **{_box(card, "political"): "21"})
    _adopt_leave_save(reloaded)
    _submit_and_reopen(card, reviewer, city_admin)

    refused = reloaded.post(action="submit", **_every_box(card, "24"))

    assert refused.status_code == 409
    card.refresh_from_db()
    assert card.state == "draft"
    assert set(_points(card).values()) == {Decimal("20")}


def test_a_save_on_leave_of_a_page_left_open_before_a_reopening_is_refused(
    reviewer_card, open_tab, reviewer, city_admin
):
    card = reviewer_card
    old = open_tab()
    _submit_and_reopen(card, reviewer, city_admin)

    refused = _autosave(old, card, **{_box(card, "performance"): "10"})

    assert refused.status_code == 422
    assert _points(card)["performance"] == Decimal("20")
