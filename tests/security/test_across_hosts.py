"""Behind a load balancer each request may reach another web host: whatever one host learns
(a session, a lockout, a failure count, a message, a publish) must hold on the others. Each
test plays two hosts with two test clients that share nothing but the database and the cache
(Redis with REDIS_URL); where a process could have kept a copy, the cache is emptied in
between, as a Redis restart would."""

import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from config.middleware import SessionLimitsMiddleware
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "demo12345"


def _login(host, username, password):
    return host.post(reverse("login"), {"username": username, "password": password})


def _same_browser(host: Client) -> Client:
    """Another host, reached by the same browser (it sends the same cookies)."""
    other = Client()
    other.cookies = host.cookies
    return other


def test_a_session_made_on_one_host_is_valid_on_another_even_after_a_cache_restart():
    UserFactory(username="zhang")
    host_a = Client()
    assert _login(host_a, "zhang", PASSWORD).status_code == 302

    cache.clear()  # Redis restarted: the session is still in the database
    host_b = _same_browser(host_a)

    assert host_b.get(reverse("home")).wsgi_request.user.username == "zhang"


def test_a_lockout_earned_on_one_host_holds_on_another():
    UserFactory(username="li")
    host_a, host_b = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(host_a, "li", "wrong-password")

    cache.clear()  # axes keeps failures and lockouts in the database, not in a process
    response = _login(host_b, "li", PASSWORD)

    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()


def test_failures_from_one_address_count_together_across_hosts(settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 4
    UserFactory(username="victim")
    host_a, host_b = Client(), Client()

    for number in range(2):
        assert _login(host_a, f"user{number}", "guess").status_code == 200
        assert _login(host_b, f"other{number}", "guess").status_code == 200

    assert _login(host_a, "victim", PASSWORD).status_code == 429
    assert _login(host_b, "victim", PASSWORD).status_code == 429


def test_a_message_added_on_one_host_is_shown_by_another(admin):
    host_a = Client()
    host_a.force_login(admin)
    session = host_a.session
    session[SessionLimitsMiddleware.SEEN] = int(time.time()) - 31 * 60
    session.save()
    signed_out = host_a.get(reverse("members:list"))  # idle too long: a message, then sign-in

    page = _same_browser(host_a).get(signed_out["Location"])

    assert "您已较长时间未操作，请重新登录。" in page.content.decode()


def test_state_shared_by_hosts_is_configured_to_be_shared():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    assert settings.MESSAGE_STORAGE == "django.contrib.messages.storage.fallback.FallbackStorage"
    # No cache kept in a process: what the code makes ("pages") is kept in the same store.
    default, pages = settings.CACHES["default"], settings.CACHES["pages"]
    assert list(settings.CACHES) == ["default", "pages"]
    assert {**pages, "KEY_PREFIX": None} == {**default, "KEY_PREFIX": None}
