"""config.csrf: the token a signed-in page writes is Django's, masked with one read of the
random source."""

from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    _get_new_csrf_string,
    _unmask_cipher_token,
)
from django.test import Client, RequestFactory
from django.urls import reverse

from config.csrf import masked_token


def _request_with_secret(secret=None):
    request = RequestFactory().get("/")
    if secret is not None:
        request.META["CSRF_COOKIE"] = secret
    return request


def test_the_token_is_the_secret_under_a_fresh_mask_and_renews_the_cookie():
    secret = _get_new_csrf_string()
    request = _request_with_secret(secret)

    tokens = {masked_token(request) for _ in range(50)}

    assert len(tokens) == 50  # a new mask each time: the page's bytes never repeat the secret
    for token in tokens:
        assert len(token) == 64 and set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == secret
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_every_character_can_be_drawn_for_the_mask():
    request = _request_with_secret(_get_new_csrf_string())

    drawn = {char for _ in range(400) for char in masked_token(request)[:32]}

    assert drawn == set(CSRF_ALLOWED_CHARS)


def test_without_a_secret_django_makes_one():
    request = _request_with_secret()

    token = masked_token(request)

    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == 32 and _unmask_cipher_token(token) == secret
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_a_signed_in_page_with_the_cookie_already_set_writes_a_token_the_check_takes(
    secretary,
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary)
    client.get(reverse("selection:dashboard"))  # the first page sets the CSRF cookie
    assert "csrftoken" in client.cookies

    response = client.get(reverse("selection:dashboard"))
    token = response.context["csrf_token"]

    assert f'value="{token}"' in response.content.decode()
    assert client.post(reverse("logout"), {"csrfmiddlewaretoken": token[::-1]}).status_code == 403
    assert client.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_csrf_token_tag_writes_what_djangos_writes():
    """{% csrf_token %} is the portal's built-in: the same input for a plain token, Django's
    own answer for a lazy one or none, and nothing for NOTPROVIDED (as Django's)."""
    from django.template import Context, Engine, engines
    from django.utils.functional import lazy

    ours = engines["django"].from_string("{% csrf_token %}")
    theirs = Engine().from_string("{% csrf_token %}")
    for token in ("abcDEF0123", lazy(lambda: "lazyToken9", str)(), None, ""):
        context = {} if token is None else {"csrf_token": token}
        assert ours.render(context) == theirs.render(Context(context))
    assert ours.render({"csrf_token": "NOTPROVIDED"}) == ""
    assert ours.render({"csrf_token": "abc"}) == (
        '<input type="hidden" name="csrfmiddlewaretoken" value="abc">'
    )
