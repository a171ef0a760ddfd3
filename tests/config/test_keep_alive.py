"""The keep-alive a long form asks for while the user types (config.views.keep_alive,
static/js/keep-alive.js): it counts as activity for SessionLimitsMiddleware, needs a signed-in
user, and the nomination form asks for it."""

import re
import time
from pathlib import Path

import pytest
from django.urls import reverse

from config.middleware import SessionLimitsMiddleware
from tests.factories import CampaignFactory, NominationFactory

pytestmark = pytest.mark.django_db


def _idle_for(client, seconds: int) -> None:
    session = client.session
    session[SessionLimitsMiddleware.SEEN] = int(time.time()) - seconds
    session.save()


def test_a_signed_in_user_gets_no_content(client, secretary):
    client.force_login(secretary)

    response = client.get(reverse("keep_alive"))

    assert response.status_code == 204
    assert response.content == b""
    assert "no-store" in response["Cache-Control"]


def test_a_session_idle_for_almost_the_limit_survives_a_ping(
    client, secretary, settings, monkeypatch
):
    client.force_login(secretary)
    limit = settings.SESSION_IDLE_MINUTES * 60
    _idle_for(client, limit - 5)

    assert client.get(reverse("keep_alive")).status_code == 204

    # A minute later the limit since the last page is long past, not since the ping.
    later = time.time() + 60
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get(reverse("selection:dashboard"))
    assert response.status_code == 200
    assert "_auth_user_id" in client.session


def test_the_ping_restarts_the_idle_clock_even_within_the_write_resolution(client, secretary):
    """The middleware writes the last-seen time once a minute at most; each ping counts (with
    a limit of one minute, a ping every 20 seconds keeps the session)."""
    client.force_login(secretary)
    _idle_for(client, 30)

    client.get(reverse("keep_alive"))

    assert int(time.time()) - client.session[SessionLimitsMiddleware.SEEN] <= 1


def test_a_session_already_idle_past_the_limit_is_not_revived(client, secretary, settings):
    client.force_login(secretary)
    _idle_for(client, settings.SESSION_IDLE_MINUTES * 60 + 1)

    response = client.get(reverse("keep_alive"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_anonymous_is_sent_to_sign_in_without_a_lost_form_message(client):
    response = client.get(reverse("keep_alive"), headers={"referer": "http://testserver/x/"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    page = client.get(response["Location"])
    assert "未能保存" not in page.content.decode()


def test_a_post_is_not_allowed(client, secretary):
    client.force_login(secretary)

    assert client.post(reverse("keep_alive")).status_code == 405


def test_the_nomination_form_asks_for_it_and_keeps_what_is_typed(
    client, secretary, city, branch_a1, settings
):
    settings.SESSION_IDLE_MINUTES = 1
    nomination = NominationFactory(
        campaign=CampaignFactory(owner=city), member__organization=branch_a1
    )
    client.force_login(secretary)

    page = client.get(reverse("selection:nomination_edit", args=[nomination.pk])).content.decode()

    assert f'data-keep-alive="{reverse("keep_alive")}"' in page
    assert 'data-idle-seconds="60"' in page
    assert f'data-keep-typing="{secretary.pk}"' in page
    assert "js/keep-alive.js" in page


def test_an_expired_password_is_not_taken_for_a_sign_out(client, secretary, settings):
    """The ping of a user whose password is past PASSWORD_MAX_AGE_DAYS keeps the session and is
    no redirect (keep-alive.js would say "signed out"); the next page still asks for a new
    password, with its message shown once."""
    import datetime

    from django.utils import timezone

    settings.PASSWORD_MAX_AGE_DAYS = 90
    secretary.password_changed_at = timezone.now() - datetime.timedelta(days=91)
    secretary.save()
    client.force_login(secretary)
    _idle_for(client, 30)

    assert client.get(reverse("keep_alive")).status_code == 204
    assert int(time.time()) - client.session[SessionLimitsMiddleware.SEEN] <= 1

    response = client.get(reverse("selection:dashboard"), follow=True)
    assert response.redirect_chain == [(reverse("password_change"), 302)]
    assert [str(m) for m in response.context["messages"]] == ["密码已超过有效期，请先修改密码。"]
    assert client.get(reverse("keep_alive")).status_code == 204


def test_every_sign_out_form_clears_the_typing_kept_in_the_tab(settings):
    """app.js clears what the tab kept of a form (``data-forget-typing``) when it signs out: a
    sign-out form without it would leave the typing for the next person at the computer."""
    forms = [
        (path.name, form)
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        for form in re.findall(r"<form[^>]*\{% url 'logout' %\}[^>]*>", path.read_text())
    ]

    assert forms
    assert [name for name, form in forms if "data-forget-typing" not in form] == []
