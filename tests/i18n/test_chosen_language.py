"""A signed-in user's choice of language is kept on their account: it follows them to a browser
that has no choice of its own, and their e-mails (config.languages)."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from config import languages

pytestmark = pytest.mark.django_db


def _switch(client, language):
    return client.post(reverse("set_language"), {"language": language, "next": "/"})


def _page_language(client):
    return client.get(reverse("home"))["Content-Language"]


def test_the_switch_saves_a_signed_in_users_choice(client, secretary):
    client.force_login(secretary)

    assert _switch(client, "en").status_code == 302

    secretary.refresh_from_db()
    assert secretary.language == "en"
    assert languages.of_user(secretary) == "en"


def test_a_made_up_language_is_not_saved(client, secretary):
    client.force_login(secretary)

    assert _switch(client, "xx").status_code == 302

    secretary.refresh_from_db()
    assert secretary.language == ""
    assert _page_language(client) == "zh-hans"


def test_the_choice_follows_the_user_to_another_browser(client, secretary):
    client.force_login(secretary)
    _switch(client, "en")

    elsewhere = Client()  # no language cookie
    assert _page_language(elsewhere) == "zh-hans"  # a visitor: the portal's
    elsewhere.force_login(secretary)
    assert _page_language(elsewhere) == "en"


def test_the_choice_survives_signing_out_and_in(client, secretary):
    client.force_login(secretary)
    _switch(client, "en")
    client.post(reverse("logout"))
    client.force_login(secretary)

    assert _page_language(client) == "en"


def test_this_browsers_own_choice_comes_first(client, secretary):
    secretary.language = "en"
    secretary.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.force_login(secretary)

    assert _page_language(client) == "zh-hans"


@pytest.mark.parametrize("saved", ["", "fr", "de"])
def test_no_choice_or_a_stale_one_falls_back_to_the_portals_language(client, secretary, saved):
    secretary.language = saved
    secretary.save()
    client.force_login(secretary)

    assert languages.of_user(secretary) == settings.LANGUAGE_CODE
    assert _page_language(client) == settings.LANGUAGE_CODE


def test_a_visitors_switch_changes_no_account(client, secretary):
    _switch(client, "en")

    secretary.refresh_from_db()
    assert secretary.language == ""
    assert _page_language(client) == "en"


# An account that keeps no language takes the browser's choice (config.languages): someone who
# chose English before accounts kept a language has it only in this cookie.


def _sign_in(client, user):
    return client.post(
        reverse("login"), {"username": user.username, "password": settings.DEMO_PASSWORD}
    )


def test_signing_in_where_english_was_chosen_keeps_english_on_the_account(client, secretary):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    signed_in = _sign_in(client, secretary)
    client.get(signed_in["Location"])

    secretary.refresh_from_db()
    assert secretary.language == "en"
    assert languages.of_user(secretary) == "en"  # their e-mails too


def test_a_session_begun_before_accounts_kept_a_language_takes_it_on_its_next_page(
    client, secretary
):
    client.force_login(secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    assert _page_language(client) == "en"

    secretary.refresh_from_db()
    assert secretary.language == "en"


def test_an_account_that_keeps_a_language_keeps_it_in_a_browser_set_otherwise(client, secretary):
    secretary.language = "zh-hans"
    secretary.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # e.g. a colleague's browser

    client.get(_sign_in(client, secretary)["Location"])

    secretary.refresh_from_db()
    assert secretary.language == "zh-hans"
    assert _page_language(client) == "en"  # the page is still this browser's


@pytest.mark.parametrize("cookie", ["xx", ""])
def test_a_made_up_or_empty_cookie_is_not_kept(client, secretary, cookie):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie

    client.get(_sign_in(client, secretary)["Location"])

    secretary.refresh_from_db()
    assert secretary.language == ""


def test_a_stale_language_on_the_account_gives_way_to_the_browsers_choice(client, secretary):
    secretary.language = "fr"  # no longer offered: the account keeps none
    secretary.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    client.get(_sign_in(client, secretary)["Location"])

    secretary.refresh_from_db()
    assert secretary.language == "en"
