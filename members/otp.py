"""The TOTP second factor (django-otp): setting it up, checking codes, turning it off. Every
step is audited; a wrong code is throttled by django-otp (growing delays)."""

from __future__ import annotations

import segno
from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.services import record

from . import scope
from .choices import Role

DEVICE_NAME = "totp"


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def required_for(user) -> bool:
    return settings.OTP_REQUIRED_FOR_ADMINS and scope.has_role(user, Role.ADMIN)


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being set up (a fresh secret each time setup starts over)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_data_uri(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2)


def confirm(user, token: str, *, request, current_token: str = "") -> bool:
    """Confirm the pending device with a code from the app; the session counts as verified.

    Replacing a confirmed device needs a current code of that device too (``current_token``):
    a session that only knows the password must never remove the second factor."""
    current = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if current is not None:
        allowed, _reason = current.verify_is_allowed()
        if not (allowed and current_token and current.verify_token(current_token.strip())):
            record("otp.replace_refused", actor=user, request=request)
            return False
    device = pending_device(user)
    if not device.verify_token(token.strip()):
        record("otp.setup_failed", actor=user, request=request)
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record("otp.enabled", actor=user, request=request)
    otp_login(request, device)
    return True


def verify(request, token: str) -> bool:
    """Check a code after the password. Audited either way."""
    for device in TOTPDevice.objects.devices_for_user(request.user, confirmed=True):
        allowed, _reason = device.verify_is_allowed()
        if allowed and device.verify_token(token.strip()):
            otp_login(request, device)
            record("otp.verified", actor=request.user, request=request)
            return True
    record("otp.failed", actor=request.user, request=request)
    return False


def disable(user, *, request) -> None:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        record("otp.disabled", actor=user, request=request)
