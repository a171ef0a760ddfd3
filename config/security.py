"""Security settings config/settings.py takes from here: the refusal of unsafe configurations
at start-up, and the Content Security Policy (django-csp applies it): everything from this
origin only, nothing may frame the portal, no plugins, no inline scripts."""

from __future__ import annotations

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

DEFAULT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"
LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]"]


def refuse_unsafe(*, debug: bool, secret_key: str, allowed_hosts: list[str]) -> None:
    """Raise ImproperlyConfigured (the portal does not start) for a production deployment with
    the development key, or with debug pages on."""
    if not debug and secret_key == DEFAULT_SECRET_KEY:
        raise ImproperlyConfigured(
            "DEBUG is off but SECRET_KEY is the built-in development key. Set SECRET_KEY to a long "
            "random value (for example: python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))')."
        )
    if debug and any(host not in LOCAL_HOSTS for host in allowed_hosts):
        raise ImproperlyConfigured(
            "DEBUG is on while ALLOWED_HOSTS names a non-local host: a production deployment "
            "must set DEBUG=0 (debug pages would show settings and tracebacks to users)."
        )


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # Django's admin sets a few style attributes; scripts stay strictly same-origin.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}


def password_validators(*, strict: bool, min_length: int) -> list[dict]:
    """Django's validators; the strict policy also asks for three classes of character."""
    validators = [
        {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": min_length},
        },
        {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
        {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    ]
    if strict:
        validators.append(
            {"NAME": "members.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}}
        )
    return validators
