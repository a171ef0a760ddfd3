"""The project's copy of Django's select template (templates/django/forms/widgets/select.html)
writes each option in place instead of including a template per option: the markup must stay
what Django's own templates make."""

import re

from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting


class Picks(forms.Form):
    single = forms.ChoiceField(
        choices=[("", "—"), ("A", [("a1", "甲 & 一"), ("a2", "甲二")]), ("b", "乙")],
        widget=forms.Select(attrs={"class": "form-select", "data-x": "1"}),
    )
    many = forms.MultipleChoiceField(choices=[(1, "一"), (2, "二"), (3, "三")], disabled=True)


def _normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def test_the_select_override_renders_what_django_does():
    data = {"single": "a1", "many": ["1", "3"]}
    stock = Picks(data, renderer=DjangoTemplates())
    ours = Picks(data, renderer=TemplatesSetting())

    for name in ("single", "many"):
        assert _normalised(str(ours[name])) == _normalised(str(stock[name]))
    assert '<option value="a1" selected>甲 &amp; 一</option>' in str(ours["single"])
