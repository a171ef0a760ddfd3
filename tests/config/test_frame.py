"""The page frame: its menu is kept per language and set of roles, never per user."""

import pytest
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.urls import reverse
from django.utils.autoreload import file_changed

pytestmark = pytest.mark.django_db


def test_an_edited_template_empties_the_kept_frame_while_developing(client, settings):
    client.get(reverse("home"))
    kept = make_template_fragment_key("navbar_menu", ["zh-hans", ""])
    assert caches["frame"].get(kept) is not None

    file_changed.send(sender=None, file_path=settings.BASE_DIR / "static" / "css" / "app.css")
    assert caches["frame"].get(kept) is not None  # not a template
    edited = settings.BASE_DIR / "templates" / "components" / "navbar.html"
    file_changed.send(sender=None, file_path=edited)

    assert caches["frame"].get(kept) is None


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
    kept = make_template_fragment_key("navbar_menu", ["zh-hans", "secretary"])
    assert reverse("members:list") in caches["frame"].get(kept)


def test_the_frame_follows_the_chosen_language(client):
    chinese = client.get(reverse("home")).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(reverse("home")).content.decode()

    assert "先进风采" in _menu(chinese) and "先进风采" not in _menu(english)
    assert '<option value="en" selected>' in english
    assert '<option value="zh-hans" selected>' in chinese
