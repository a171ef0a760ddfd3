"""A reviewer types a score and reloads the scoring page: the old page's save-on-leave (app.js,
sent as the page is left) may land after the reloaded page was served. That late save is the
reviewer's own typing from a page that is gone: the reloaded page still saves and submits. A
change made elsewhere (another tab's autosave, a submit and an admin's reopening) still
refuses it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations import services
from tests.evaluations.test_second_tab_scorecard import _box, _points
from tests.tabs import Tab

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_tab(client, reviewer, reviewer_card):
    client.force_login(reviewer)
    return lambda: Tab(client, reverse("evaluations:score", args=[reviewer_card.nomination_id]))


def _autosave(tab, card, *, leaving=False, **typed):
    if leaving:
        typed["leaving"] = "1"  # what app.js adds to the save it sends on pagehide
    return tab.autosave(reverse("evaluations:autosave", args=[card.nomination_id]), **typed)


def _every_box(card, points="20"):
    return {
        _box(card, code): points for code in ("political", "performance", "public", "integrity")
    }


def _submit_and_reopen(card, reviewer, admin):
    """The reviewer fills in and submits the card elsewhere; the admin reopens it."""
    every = ("political", "performance", "public", "integrity")
    services.save_card(card, by=reviewer, scores={_box(card, c, None): ("20", "") for c in every})
    services.submit_card(card, by=reviewer)
    services.reopen_card(card, by=admin, reason="岗位业绩分数录错")


def test_a_late_save_on_leave_of_the_reloaded_page_does_not_refuse_its_submit(
    reviewer_card, open_tab
):
    card = reviewer_card
    old = open_tab()
    _autosave(old, card, **{_box(card, "political"): "21"})
    reloaded = open_tab()  # served before the old page's save-on-leave lands

    late = _autosave(old, card, leaving=True, **{_box(card, "performance"): "22"})
    submitted = reloaded.post(action="submit", **_every_box(card, "23"))

    assert late.status_code == 200
    assert _points(card)["political"] == Decimal("23")  # the submit, not the late save, last
    queue = f"{reverse('evaluations:queue')}?campaign={card.nomination.campaign_id}"
    assert submitted.redirect_chain[-1][0] == queue
    card.refresh_from_db()
    assert card.state == "submitted"
    assert _points(card) == dict.fromkeys(("political", "performance", "public", "integrity"), 23)


def test_the_reloaded_page_autosaves_after_a_late_save_on_leave(reviewer_card, open_tab):
    card = reviewer_card
    old = open_tab()
    reloaded = open_tab()

    _autosave(old, card, leaving=True, **{_box(card, "political"): "21"})
    saved = _autosave(reloaded, card, **{_box(card, "political"): "24"})

    assert saved.status_code == 200
    assert _points(card) == {"political": Decimal("24")}


def test_another_tab_s_change_after_a_save_on_leave_still_refuses_the_reloaded_page(
    reviewer_card, open_tab
):
    card = reviewer_card
    old, other = open_tab(), open_tab()
    reloaded = open_tab()

    _autosave(old, card, leaving=True, **{_box(card, "political"): "21"})
    _autosave(other, card, **{_box(card, "performance"): "22"})  # a page still open
    refused = reloaded.post(action="submit", **_every_box(card))

    assert refused.status_code == 409
    assert "本次没有保存" in refused.content.decode()
    card.refresh_from_db()
    assert card.state == "draft"
    # As the other tab had it (it was opened before the left page's 21): the submit wrote nothing.
    assert _points(card) == {"performance": Decimal("22")}


def test_a_card_submitted_and_reopened_since_the_reload_still_refuses_it(
    reviewer_card, open_tab, reviewer, city_admin
):
    card = reviewer_card
    old = open_tab()
    reloaded = open_tab()
    _autosave(old, card, leaving=True, **{_box(card, "political"): "21"})
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

    refused = _autosave(old, card, leaving=True, **{_box(card, "performance"): "10"})

    assert refused.status_code == 422
    assert _points(card)["performance"] == Decimal("20")
