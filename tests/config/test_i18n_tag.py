"""{% translate %}: a literal is kept per language once rendered; the output is Django's."""

import pytest
from django.core.checks import run_checks
from django.template import Context, Engine, Template
from django.test import override_settings
from django.utils import translation

from config import i18n

#: The same templates through Django's own library, to compare with.
DJANGO = Engine(libraries={"i18n": "django.templatetags.i18n"})

CASES = [
    '{% translate "先进风采" %}',
    "{% translate '先进风采' %}",
    '{% trans "登录" %}',
    '{% translate "先进风采" noop %}',
    '{% translate "先进风采"|upper %}',
    '{% translate "5 %% off" %}',
    '{% translate "<b>先进风采</b>" %}',
    '{% translate "先进风采" as title %}[{{ title }}]',
    '{% translate "May" context "month name" %}',
    "{% translate word %}",
    '{% autoescape off %}{% translate "<b>先进风采</b>" %}{% endautoescape %}',
    "{% get_current_language as c %}{{ c }}{% blocktranslate %}先进风采{% endblocktranslate %}",
]


def _both(source: str, **context) -> tuple[str, str]:
    ours = Template("{% load i18n %}" + source).render(Context(context))
    theirs = DJANGO.from_string("{% load i18n %}" + source).render(Context(context))
    return ours, theirs


@pytest.mark.parametrize("source", CASES)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_it_renders_what_django_s_tag_renders_every_time(source, language):
    with translation.override(language):
        for _ in range(2):  # made, then looked up
            ours, theirs = _both(source, word="登录")
            assert ours == theirs


def test_a_literal_follows_the_active_language():
    with translation.override("zh-hans"):
        chinese = _both('{% translate "先进风采" %}')[0]
    with translation.override("en"):
        english = _both('{% translate "先进风采" %}')[0]

    assert chinese == "先进风采"
    assert english != chinese and english


def test_a_variable_is_translated_afresh_each_time():
    with translation.override("en"):
        first = _both("{% translate word %}", word="登录")[0]
        second = _both("{% translate word %}", word="退出")[0]
    assert first != second


def test_changed_locale_settings_empty_what_is_kept():
    with translation.override("en"):
        _both('{% translate "先进风采" %}')
    assert i18n._rendered
    with override_settings(LANGUAGE_CODE="en"):
        assert not i18n._rendered


def test_i18n_is_the_only_template_library_name_used_twice(settings):
    """Django's check templates.W003 is silenced for config.i18n; any other name twice is not
    allowed."""
    settings.SILENCED_SYSTEM_CHECKS = []
    found = [m for m in run_checks(tags=["templates"]) if m.id == "templates.W003"]

    assert len(found) == 1
    assert "'i18n'" in found[0].msg and "'config.i18n'" in found[0].msg


def test_a_language_block_translates_in_its_language_and_the_rest_in_the_page_s():
    source = (
        '{% translate "先进风采" %}|{% language "en" %}{% translate "先进风采" %}'
        '{% language "zh-hans" %}|{% translate "先进风采" %}{% endlanguage %}'
        '|{% translate "先进风采" %}{% endlanguage %}|{% translate "先进风采" %}'
    )
    with translation.override("en"):
        english = _both('{% translate "先进风采" %}')[0]
    with translation.override("zh-hans"):
        ours, theirs = _both(source)

    assert ours == theirs
    assert ours.split("|") == ["先进风采", english, "先进风采", english, "先进风采"]


def test_the_language_is_asked_once_for_all_the_literals_of_a_template(monkeypatch):
    asked = []

    def get_language():
        asked.append(1)
        return translation.get_language()

    monkeypatch.setattr(i18n, "get_language", get_language)
    source = "".join(f'{{% translate "{word}" %}}' for word in ("登录", "退出", "先进风采"))

    with translation.override("en"):
        ours, theirs = _both(source)

    assert ours == theirs
    assert len(asked) == 1
