"""A NUL character in an address or a header is answered 400 before anything looks it up:
PostgreSQL refuses text holding one, so a survey code, a profile's slug in the API or the
User-Agent that django-axes records at sign-in would otherwise fail with a 500."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/survey/a%00b/", "/api/v1/public/profiles/a%00b/", "/gallery/a%00b/", "/notice/%00/"],
)
def test_a_nul_in_the_address_is_a_bad_request(client, path):
    response = client.get(path)

    assert response.status_code == 400
    assert "text/html" in response["Content-Type"]


def test_a_nul_in_the_user_agent_at_sign_in_is_a_bad_request_and_signs_nobody_in(client, secretary):
    response = client.post(
        reverse("login"),
        {"username": secretary.username, "password": "demo12345"},
        headers={"user-agent": "a\x00b"},
    )

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_an_ordinary_user_agent_signs_in(client, secretary):
    secretary.set_password("demo12345")
    secretary.save()

    response = client.post(
        reverse("login"),
        {"username": secretary.username, "password": "demo12345"},
        headers={"user-agent": "Mozilla/5.0"},
    )

    assert response.status_code == 302


@pytest.mark.parametrize(
    ("path", "headers", "logged"),
    [
        ("/gallery/a%00b/", {}, "/gallery/a\\x00b/"),
        ("/", {"user-agent": "a\x00b"}, "/"),
    ],
)
def test_a_nul_is_logged_as_one_warning_line_without_a_traceback(
    client, caplog, path, headers, logged
):
    """Hostile input, not a fault of the portal: nothing for the on-call to debug."""
    with caplog.at_level("INFO"):
        response = client.get(path, headers=headers)

    assert response.status_code == 400
    lines = [(r.name, r.levelname, r.getMessage(), r.exc_info) for r in caplog.records]
    assert lines == [
        (
            "django.security.NulCharacter",
            "WARNING",
            f"NUL character in the path or a header: {logged}",
            None,
        )
    ]
