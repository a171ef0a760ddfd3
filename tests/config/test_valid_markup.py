"""What every page of the portal shares (issue 44): valid HTML (htmx reads its attributes as
``data-hx-*``, which the Nu Html Checker accepts; ``hx-*`` are errors), images that state
their size, an icon at /favicon.ico, and a language cookie as guarded as the session's.

The pages themselves are checked by the Nu Html Checker and Lighthouse in
tests/e2e/test_budgets.py; these tests guard the sources without a browser."""

import re
import secrets
from pathlib import Path

import pytest

from tests.config.test_settings import _run

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    *ROOT.glob("templates/**/*.html"),
    *ROOT.glob("*/templates/**/*.html"),
    *ROOT.glob("static/js/*.js"),
    *(
        path
        for app in ("audit", "config", "evaluations", "members", "reports", "selection")
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    ),
]
#: An htmx attribute written without ``data-``, e.g. ` hx-post="…"`.
BARE_HTMX = re.compile(r"(?<![\w-])hx-[a-z-]+=")
IMG = re.compile(r"<img\s[^>]*>", re.DOTALL)


def test_no_template_or_script_writes_an_htmx_attribute_without_data():
    found = [
        f"{path.relative_to(ROOT)}: {match.group()}"
        for path in SOURCES
        for match in BARE_HTMX.finditer(path.read_text())
    ]

    assert SOURCES and not found


def test_every_image_a_template_writes_states_its_size():
    """``<img>`` in templates: width and height (components/thumbnail.html has them from
    selection.templatetags.gallery)."""
    unsized = [
        f"{path.relative_to(ROOT)}: {tag}"
        for path in SOURCES
        for tag in IMG.findall(path.read_text())
        if not ("width=" in tag and "height=" in tag)
    ]

    assert not unsized


@pytest.mark.django_db
def test_the_site_icon_is_served_at_the_root(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_in_production_the_language_cookie_is_secure_http_only_and_same_site():
    """Choosing English on a deployment (DEBUG off): the cookie goes over HTTPS only, no script
    reads it, and another site's requests do not carry it."""
    result = _run(
        "shell",
        "-v0",
        "-c",
        "from django.test import Client; "
        "response = Client().post('/i18n/setlang/', {'language': 'en', 'next': '/'}, "
        "secure=True, headers={'host': 'portal.example.org'}); "
        "print(response.status_code, response.cookies['django_language'].output())",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.org",
    )

    assert result.returncode == 0, result.stderr
    status, cookie = result.stdout.strip().split(" ", 1)
    assert status == "302" and "django_language=en" in cookie
    assert {"Secure", "HttpOnly", "SameSite=Lax"} <= {part.strip() for part in cookie.split(";")}
