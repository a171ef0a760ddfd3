"""{% link %}: the URL of a view without arguments, as {% url %} gives it, reversed once."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import override_settings
from django.urls import NoReverseMatch, path, reverse, set_script_prefix


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


def _kept(source: str, **values) -> str:
    return Template("{% load links %}" + source).render(Context(values))


def test_a_kept_fragment_is_made_once_for_each_set_of_its_values():
    from config.links import forget_fragments

    forget_fragments()
    source = '{% kept "menu" language roles %}{{ language }}/{{ roles }}/{{ user }}{% endkept %}'

    assert _kept(source, language="en", roles="admin", user="甲") == "en/admin/甲"
    # the same values: the fragment as first made (what it shows must vary on nothing else)
    assert _kept(source, language="en", roles="admin", user="乙") == "en/admin/甲"
    assert _kept(source, language="zh-hans", roles="admin", user="乙") == "zh-hans/admin/乙"
    assert _kept(source, language="en", roles="", user="丙") == "en//丙"


def test_kept_fragments_are_forgotten_with_the_urlconf_and_bounded(monkeypatch):
    from config import links

    links.forget_fragments()
    _kept('{% kept "menu" %}{% link "home" %}{% endkept %}')
    with override_settings(ROOT_URLCONF=__name__):
        assert _kept('{% kept "menu" %}{% link "home" %}{% endkept %}') == "/elsewhere/"
    assert links.kept_fragment("menu") is None

    monkeypatch.setattr(links, "_LIMIT", 2)
    for n in range(3):
        _kept('{% kept "n" n %}{{ n }}{% endkept %}', n=n)
    assert links.kept_fragment("n", 2) == "2" and links.kept_fragment("n", 0) is None


@pytest.mark.parametrize("tag", ["{% kept menu %}", "{% kept %}", "{% kept '' language %}"])
def test_a_kept_fragment_is_named_by_a_quoted_literal(tag):
    with pytest.raises(TemplateSyntaxError):
        _kept(tag + "{% endkept %}")


def test_the_script_prefix_is_asked_once_for_all_the_links_of_a_template(monkeypatch):
    from config import links

    asked = []

    def get_script_prefix():
        asked.append(1)
        return "/"

    monkeypatch.setattr(links, "get_script_prefix", get_script_prefix)

    page = _render("{% link 'home' %}{% asset 'css/app.css' %}{% link 'public:gallery' %}")

    assert page.startswith("/") and reverse("public:gallery") in page
    assert len(asked) == 1


def test_current_path_is_the_requests_full_path_escaped(rf):
    from django.template import RequestContext

    request = rf.get("/nominations/screening/", {"campaign": "1", "q": '"<张>&'})
    page = Template("{% load links %}{% current_path %}|{% current_path %}")

    made = page.render(RequestContext(request))
    variable = Template("{{ request.get_full_path }}").render(RequestContext(request))

    assert made == f"{variable}|{variable}"
    assert "<" not in made and "&amp;" in made
    assert Template("{% load links %}{% current_path %}").render(Context()) == ""
    with pytest.raises(TemplateSyntaxError):
        _render("{% current_path 'x' %}")


def test_url_parts_follow_the_urlconf_and_script_prefix():
    from config.links import url_parts

    head, tail = url_parts("selection:nomination_detail")
    assert f"{head}42{tail}" == reverse("selection:nomination_detail", args=[42])

    # not kept from the portal's URLconf
    with override_settings(ROOT_URLCONF=__name__), pytest.raises(NoReverseMatch):
        url_parts("selection:nomination_detail")
    set_script_prefix("/portal/")
    try:
        head, tail = url_parts("selection:nomination_detail")
        assert head.startswith("/portal/") and f"{head}42{tail}" == reverse(
            "selection:nomination_detail", args=[42]
        )
    finally:
        set_script_prefix("/")
