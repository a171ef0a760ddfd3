"""The page frame: each user sees the menu of their own roles."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _menu(page: str) -> str:
    start = page.index('<ul class="navbar-nav me-auto">')
    return page[start : page.index("</ul>", start)]


def test_each_user_sees_the_menu_of_their_own_roles_and_their_own_name(
    client, secretary, reviewer, admin
):
    """One user after another on the same process, each menu kept once it is made."""
    seen = {}
    for user in (secretary, reviewer, admin, secretary, None):
        client.logout()
        if user is not None:
            client.force_login(user)
        page = client.get(reverse("home")).content.decode()
        seen[user] = page
        if user is not None:
            assert str(user) in page and "csrfmiddlewaretoken" in page
    secretary_menu, reviewer_menu = _menu(seen[secretary]), _menu(seen[reviewer])
    admin_menu, visitor_menu = _menu(seen[admin]), _menu(seen[None])

    assert reverse("members:list") in secretary_menu
    assert reverse("evaluations:queue") not in secretary_menu
    assert reverse("evaluations:queue") in reviewer_menu
    assert reverse("members:list") not in reviewer_menu
    assert reverse("selection:screening_queue") in admin_menu
    assert reverse("selection:dashboard") not in visitor_menu
    assert reverse("public:gallery") in visitor_menu
    assert str(secretary) not in seen[None] and reverse("login") in seen[None]


def test_the_frame_follows_the_chosen_language(client):
    chinese = client.get(reverse("home")).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(reverse("home")).content.decode()

    assert "先进风采" in _menu(chinese) and "先进风采" not in _menu(english)
    assert '<option value="en" lang="en" selected>' in english
    assert '<option value="zh-hans" lang="zh-hans" selected>' in chinese


def test_a_signed_in_page_writes_a_token_the_csrf_check_takes(secretary):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary)
    response = client.get(reverse("selection:dashboard"))

    assert response.wsgi_request.user == secretary
    assert response.wsgi_request.user.is_verified() is False  # django-otp's, no device
    page = response.content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert client.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_visitor_is_not_given_a_csrf_cookie_by_a_public_page(client):
    """Public pages are served from the cache: asking for a token would renew the visitor's
    CSRF cookie in a response that is kept for everyone."""
    response = client.get(reverse("public:gallery"))

    assert response.status_code == 200
    assert "csrftoken" not in response.cookies
