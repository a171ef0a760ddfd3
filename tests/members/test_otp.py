"""The optional TOTP second factor for admins: set up with a code from the app, asked after the
password at every sign-in, wrong codes refused and audited; required for admins by a setting."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "Correct-Horse-9"


def code(device: TOTPDevice, *, drift: int = 0) -> str:
    """What the authenticator app shows (``drift`` steps of 30 s ahead)."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{value:06d}"


def sign_in(client, user):
    user.set_password(PASSWORD)
    user.save()
    from django.test import RequestFactory

    request = RequestFactory().post("/accounts/login/")
    assert client.login(request=request, username=user.username, password=PASSWORD)


def set_up(client, admin) -> TOTPDevice:
    client.force_login(admin)
    page = client.get(reverse("otp_setup"))
    assert page.status_code == 200 and "data:image/svg+xml" in page.content.decode()
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    response = client.post(reverse("otp_setup"), {"token": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_an_admin_turns_on_the_second_factor_and_is_asked_for_it_at_sign_in(client, admin):
    device = set_up(client, admin)
    assert AuditEvent.objects.filter(verb="otp.enabled", actor=admin).exists()
    client.logout()

    sign_in(client, admin)
    blocked = client.get(reverse("members:list"))
    assert blocked.status_code == 302
    assert blocked["Location"].startswith(reverse("otp_verify"))

    wrong = client.post(reverse("otp_verify"), {"token": "000000"})
    assert "动态口令不正确" in wrong.content.decode()
    assert AuditEvent.objects.filter(verb="otp.failed", actor=admin).exists()
    assert client.get(reverse("members:list")).status_code == 302

    device.refresh_from_db()
    device.throttle_reset()
    right = client.post(reverse("otp_verify") + "?next=/members/", {"token": code(device, drift=1)})
    assert right.status_code == 302 and right["Location"] == "/members/"
    assert client.get(reverse("members:list")).status_code == 200


def test_a_code_of_letters_is_refused_with_a_message(client, admin):
    client.force_login(admin)
    response = client.post(reverse("otp_setup"), {"token": "abcdef"})
    assert "请输入验证器应用显示的 6 位数字" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_turning_it_off_needs_a_current_code(client, admin):
    device = set_up(client, admin)

    client.post(reverse("otp_disable"), {"token": "123456"})
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()

    device.refresh_from_db()
    device.throttle_reset()
    client.post(reverse("otp_disable"), {"token": code(device, drift=1)})
    assert not TOTPDevice.objects.filter(user=admin).exists()
    assert AuditEvent.objects.filter(verb="otp.disabled").exists()


def test_when_required_an_admin_without_a_device_must_set_it_up_first(client, admin, settings):
    settings.OTP_REQUIRED_FOR_ADMINS = True
    client.force_login(admin)

    response = client.get(reverse("members:list"))

    assert response.status_code == 302 and response["Location"] == reverse("otp_setup")
    assert client.get(reverse("otp_setup")).status_code == 200


def test_other_roles_are_not_asked(client, secretary, settings):
    settings.OTP_REQUIRED_FOR_ADMINS = True
    client.force_login(secretary)

    assert client.get(reverse("members:list")).status_code == 200
    assert client.get(reverse("otp_setup")).status_code == 403


def test_a_password_alone_neither_shows_a_new_secret_nor_replaces_the_device(client, admin):
    from members import otp

    device = set_up(client, admin)
    client.logout()
    sign_in(client, admin)

    page = client.get(reverse("otp_setup"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("otp_verify"))

    # Even with a secret of their own (an unconfirmed device), posting its code does nothing.
    stolen = otp.pending_device(admin)
    response = client.post(reverse("otp_setup"), {"token": code(stolen)})
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_verify"))
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()
    stolen.refresh_from_db()
    assert not stolen.confirmed
    assert client.get(reverse("members:list")).status_code == 302


def test_replacing_the_phone_needs_a_code_of_the_old_one(client, admin):
    old = set_up(client, admin)
    client.get(reverse("otp_setup"))
    new = TOTPDevice.objects.get(user=admin, confirmed=False)

    refused = client.post(reverse("otp_setup"), {"token": code(new)})
    assert refused.status_code == 200
    wrong_old = client.post(reverse("otp_setup"), {"current_token": "000000", "token": code(new)})
    assert wrong_old.status_code == 200
    assert TOTPDevice.objects.filter(pk=old.pk, confirmed=True).exists()
    assert AuditEvent.objects.filter(verb="otp.replace_refused", actor=admin).exists()

    old.refresh_from_db()
    old.throttle_reset()
    replaced = client.post(
        reverse("otp_setup"), {"current_token": code(old, drift=1), "token": code(new, drift=1)}
    )
    assert replaced.status_code == 302
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert TOTPDevice.objects.get(user=admin, confirmed=True).pk == new.pk
