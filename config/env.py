"""The tiny helpers through which config/settings.py reads the environment."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    value = os.getenv(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: use 1/0, true/false, yes/no or on/off.")


def env_int(name: str, default: int) -> int:
    value = os.getenv(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def env_email(name: str) -> tuple[str, str, int, str, str, bool, bool]:
    """E-mail settings from a URL in ``name`` (``smtp://``, ``smtp+tls://``, ``smtps://user:
    password@host:port``): EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
    EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL. Without one, mail is printed to the
    console (and the rest are Django's defaults)."""
    url = os.getenv(name, "")
    if not url:
        console = "django.core.mail.backends.console.EmailBackend"
        return (console, "localhost", 25, "", "", False, False)
    mail = urlparse(url)
    return (
        "django.core.mail.backends.smtp.EmailBackend",
        mail.hostname or "localhost",
        mail.port or 25,
        mail.username or "",
        mail.password or "",
        mail.scheme == "smtp+tls",
        mail.scheme == "smtps",
    )


def env_hours(name: str, default: str) -> list[int]:
    """Comma-separated whole hours, e.g. ``72,24``."""
    items = env_list(name, default)
    if not all(item.isdigit() and int(item) > 0 for item in items):
        raise ImproperlyConfigured(f"{name}={os.getenv(name)!r}: give whole hours, e.g. 72,24.")
    return sorted({int(item) for item in items}, reverse=True)


def env_path(name: str, default: Path) -> Path:
    return Path(os.getenv(name) or default)


def env_site_url(name: str) -> str:
    """The address the portal is reached at, e.g. ``https://xuanshu.example.gov.cn`` (a path
    prefix allowed), without its trailing slash; "" when unset. Links in e-mails are made from
    it: a mail is written by a worker, with no request to take the host from."""
    value = os.getenv(name, "").strip().rstrip("/")
    if not value:
        return ""
    try:
        url = urlparse(value)
        usable = url.scheme in ("http", "https") and url.hostname and not url.query + url.fragment
    except ValueError:  # no address at all ("https://[x")
        usable = False
    if not usable:
        raise ImproperlyConfigured(
            f"{name}={value!r}: give the portal's address, e.g. https://xuanshu.example.gov.cn"
        )
    return value
