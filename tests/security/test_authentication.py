"""Sign-in, lockout, password policy, session limits, and the audit of it all."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from config.middleware import SessionLimitsMiddleware
from members.passwords import CharacterClassesValidator
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "demo12345"


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_good_login_is_audited(client):
    user = UserFactory(username="zhang")

    response = _login(client, "zhang", PASSWORD)

    assert response.status_code == 302
    assert AuditEvent.objects.filter(verb="auth.login", actor=user).count() == 1


def test_the_sixth_wrong_password_locks_the_account_with_a_message(client):
    UserFactory(username="li")

    statuses = [_login(client, "li", "wrong-password").status_code for _ in range(5)]
    sixth = _login(client, "li", "wrong-password")
    right = _login(client, "li", PASSWORD)

    assert statuses == [200] * 5  # "wrong password" five times
    assert sixth.status_code == 429
    assert "账号已暂时锁定" in sixth.content.decode()
    assert right.status_code == 429  # even the right password, until the cool-off ends
    assert AuditEvent.objects.filter(verb="auth.login_failed").count() >= 5
    assert AuditEvent.objects.filter(verb="auth.locked_out").exists()


def test_lockout_is_per_account_not_per_office(client):
    UserFactory(username="wang")
    UserFactory(username="zhao")
    for _ in range(6):
        _login(client, "wang", "wrong-password")

    # Same address, another account: still able to sign in.
    assert _login(client, "zhao", PASSWORD).status_code == 302


def test_an_idle_session_ends_after_30_minutes(client, admin):
    client.force_login(admin)
    session = client.session
    session[SessionLimitsMiddleware.SEEN] = int(time.time()) - 31 * 60
    session.save()

    response = client.get(reverse("members:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_an_active_session_still_ends_at_the_absolute_cap(client, admin, settings):
    client.force_login(admin)
    session = client.session
    session[SessionLimitsMiddleware.SIGNED_IN] = int(time.time()) - settings.SESSION_COOKIE_AGE - 1
    session.save()

    assert client.get(reverse("members:list")).status_code == 302


def test_deactivation_ends_the_session(client, admin):
    client.force_login(admin)
    admin.is_active = False
    admin.save()

    assert client.get(reverse("members:list")).status_code == 302


def test_a_password_change_ends_other_sessions(client, admin):
    from django.test import Client

    other = Client()
    other.force_login(admin)
    client.force_login(admin)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Ri9v-er-Long-2026",
            "new_password2": "Ri9v-er-Long-2026",
        },
    )

    assert response.status_code == 302
    assert client.get(reverse("members:list")).status_code == 200  # this session continues
    assert other.get(reverse("members:list")).status_code == 302  # the other one has ended


@pytest.mark.parametrize("password", ["1234567890", "password123", "short"])
def test_the_standard_policy_refuses_weak_passwords(password):
    from django.contrib.auth.password_validation import validate_password

    with pytest.raises(ValidationError):
        validate_password(password)


def test_the_strict_policy_asks_for_character_classes():
    validator = CharacterClassesValidator(min_classes=3)

    with pytest.raises(ValidationError):
        validator.validate("onlylowercaseletters")
    validator.validate("Mixed-Case-2026")


def test_strict_rotation_sends_an_old_password_to_be_changed(client, admin, settings):
    import datetime

    from django.utils import timezone

    settings.PASSWORD_MAX_AGE_DAYS = 90
    admin.password_changed_at = timezone.now() - datetime.timedelta(days=91)
    admin.save()
    client.force_login(admin)

    response = client.get(reverse("members:list"))

    assert response.status_code == 302
    assert response["Location"] == reverse("password_change")
    assert client.get(reverse("password_change")).status_code == 200


def test_every_403_is_audited(client, reviewer):
    client.force_login(reviewer)

    client.get(reverse("members:list"))

    event = AuditEvent.objects.get(verb="http.403")
    assert (event.actor, event.after["path"]) == (reviewer, reverse("members:list"))


def _login_from(client, address, username, password):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_the_owner_still_signs_in_while_someone_hammers_the_name_from_elsewhere(client):
    UserFactory(username="li")
    for _ in range(10):
        _login_from(client, "198.51.100.66", "li", "wrong-password")
    assert _login_from(client, "198.51.100.66", "li", PASSWORD).status_code == 429

    assert _login_from(client, "203.0.113.5", "li", PASSWORD).status_code == 302


def test_spraying_many_names_from_one_address_is_stopped(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 5
    UserFactory(username="victim")
    for number in range(5):
        assert _login_from(client, "198.51.100.66", f"user{number}", "guess").status_code == 200

    blocked = _login_from(client, "198.51.100.66", "victim", PASSWORD)
    assert blocked.status_code == 429
    assert "登录失败的次数过多" in blocked.content.decode()
    # The same password from another address: fine.
    assert _login_from(client, "203.0.113.5", "victim", PASSWORD).status_code == 302


def test_when_the_cache_cannot_count_sign_in_is_refused(client, settings):
    UserFactory(username="zhang")
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        },
    }

    assert _login(client, "zhang", PASSWORD).status_code == 429
