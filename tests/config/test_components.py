"""{% component %}: {% include %} of a fixed template, found when the including one is compiled."""

import pytest
from django.template import Context, TemplateSyntaxError, engines
from django.urls import reverse


def _both(name: str, **context) -> tuple[str, str]:
    engine = engines["django"]
    ours = engine.from_string(f'{{% load components %}}{{% component "{name}" %}}')
    theirs = engine.from_string(f'{{% include "{name}" %}}')
    return ours.template.render(Context(context)), theirs.template.render(Context(context))


def test_it_renders_what_include_renders(rf):
    ours, theirs = _both("components/messages.html", messages=["已保存。"])

    assert ours == theirs
    assert "已保存。" in ours


def test_what_a_component_sets_stays_inside_it():
    engine = engines["django"]
    page = engine.from_string(
        '{% load components %}{% component "components/footer.html" %}[{{ LANGUAGES }}]'
    )

    assert page.render({}).endswith("[]")  # the footer sets LANGUAGES for its own use


@pytest.mark.django_db
def test_a_page_names_its_components_among_the_templates_it_used(client):
    response = client.get(reverse("home"))

    names = {template.name for template in response.templates}
    assert {"components/navbar.html", "components/footer.html"} <= names


@pytest.mark.parametrize(
    "tag", ["{% component %}", "{% component name %}", "{% component 'a.html' 'b.html' %}"]
)
def test_a_component_is_named_by_one_quoted_literal(tag):
    with pytest.raises(TemplateSyntaxError):
        engines["django"].from_string("{% load components %}" + tag)
