"""{% link %}: the URL of a view without arguments, as {% url %} gives it, reversed once."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import override_settings
from django.urls import path, reverse, set_script_prefix


def _render(source: str) -> str:
    return Template("{% load links %}" + source).render(Context())


def test_it_gives_what_url_gives():
    assert _render("{% link 'public:gallery' %}") == reverse("public:gallery")
    assert _render('{% link "home" %}') == _render("{% url 'home' %}")


urlpatterns = [path("elsewhere/", lambda request: None, name="home")]


def test_a_changed_urlconf_and_script_prefix_are_followed():
    _render("{% link 'home' %}")  # kept for the portal's URLconf

    with override_settings(ROOT_URLCONF=__name__):
        assert _render("{% link 'home' %}") == "/elsewhere/"
    set_script_prefix("/portal/")
    try:
        assert _render("{% link 'home' %}") == "/portal/"
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("tag", ["{% link home %}", "{% link 'a' 'b' %}", "{% link '' %}"])
def test_a_name_that_is_not_one_quoted_literal_is_refused(tag):
    with pytest.raises(TemplateSyntaxError):
        _render(tag)


def test_asset_gives_what_static_gives_and_follows_the_static_url(settings):
    source = "{% load static %}{% static 'css/app.css' %}"
    assert _render("{% asset 'css/app.css' %}") == Template(source).render(Context())

    settings.STATIC_URL = "/assets/"
    assert _render("{% asset 'css/app.css' %}") == "/assets/css/app.css"


def test_an_asset_path_that_is_not_one_quoted_literal_is_refused():
    with pytest.raises(TemplateSyntaxError):
        _render("{% asset css/app.css %}")
