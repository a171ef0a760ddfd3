"""Every action the code writes to the audit trail has a label the auditor can read."""

import re
from pathlib import Path

from django.urls import reverse
from django.utils import translation

from audit import verbs
from selection.choices import Action

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "tests", "migrations", "node_modules"}
LITERAL = re.compile(r'"([a-z_]+\.[a-z0-9_{}]+)"')


def _recorded_verbs():
    found = set()
    for path in ROOT.rglob("*.py"):
        if SKIP & set(path.relative_to(ROOT).parts):
            continue
        text = path.read_text(encoding="utf-8")
        for call in re.finditer(r"\brecord\(\s*([^,]*?),", text):
            found.update(LITERAL.findall(call.group(1)))
    expanded = set()
    for verb in found:
        if verb == "nomination.{action}":
            expanded.update(f"nomination.{action}" for action in Action.values)
        else:
            expanded.add(verb)
    return expanded


def test_every_recorded_verb_has_a_label():
    recorded = _recorded_verbs()

    assert len(recorded) > 40  # the scan finds the calls
    assert "review.shortlist_revised" in recorded  # including both arms of a conditional
    assert sorted(recorded - set(verbs.LABELS)) == []


def test_labels_follow_the_ui_language():
    with translation.override("zh-hans"):
        chinese = verbs.label("report.downloaded")
    with translation.override("en"):
        english = verbs.label("report.downloaded")

    assert chinese == "下载报表"
    assert english != chinese
    assert verbs.label("legacy.verb") == "legacy.verb"


def test_the_verb_filter_keeps_the_chosen_verb_and_the_language(client, auditor):
    """The filter's options are kept once made (per language, chosen verb and the code's verbs):
    each request still shows its own choice, in its own language."""
    client.force_login(auditor)
    url = reverse("audit:list")

    plain = client.get(url).content.decode()
    chosen = client.get(url, {"verb": "member."}).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(url, {"verb": "member."}).content.decode()

    assert '<option value="" selected>' in plain
    assert '<option value="member." selected>' in chosen
    assert '<option value="member." selected>All (Party member)</option>' in english


def test_english_labels_name_events_apart_from_the_buttons_of_the_same_chinese():
    """Every label is what happened, in one style ("Signed in", not "Log in" beside "Signed
    out"); the sign-in button keeps its own words."""
    with translation.override("en"):
        labels = {verb: verbs.label(verb) for verb in verbs.LABELS}
        button = translation.gettext("登录")

    assert [labels[v] for v in ("auth.login", "auth.login_failed", "auth.logout")] == [
        "Signed in",
        "Sign-in failed",
        "Signed out",
    ]
    assert labels["nomination.publish"] == "Profile published"
    assert labels["nomination.withdraw"] == "Nomination withdrawn"
    assert labels["nomination.declare_eligible"] == "Found eligible"
    assert button == "Sign in"
    imperative = ("Log ", "Publish ", "Withdraw", "Set ", "Edit ", "Build ", "Confirm ", "Assign ")
    assert [label for label in labels.values() if label.startswith(imperative)] == []


def test_a_kind_reads_as_its_models_name_and_back():
    """The 对象 column's kind (推荐) and the filter's reading of it, in either language; a type no
    longer installed shows as stored and names no model."""
    with translation.override("zh-hans"):
        chinese = verbs.kind_label("selection.nomination")
        read = [verbs.kind_codes(text) for text in ("推荐", "Nomination", "API  令牌", "推")]
    with translation.override("en"):
        english = verbs.kind_label("selection.nomination")
        read_en = verbs.kind_codes("推荐")

    assert (chinese, english) == ("推荐", "Nomination")
    assert read == [("selection.nomination",), ("selection.nomination",), ("api.apitoken",), ()]
    assert read_en == ("selection.nomination",)
    assert verbs.kind_codes("SELECTION.Nomination") == ("selection.nomination",)
    assert verbs.kind_label("gone.model") == "gone.model"
    assert verbs.kind_codes("gone.model") == ()
    assert verbs.kind_label("") == ""


def test_a_name_two_models_share_reads_as_both(monkeypatch):
    """No two installed models share a verbose name today; a name that comes to be shared maps
    to every model bearing it."""
    from types import SimpleNamespace

    from django.apps import apps

    def stub(code, name):
        return SimpleNamespace(_meta=SimpleNamespace(label_lower=code, verbose_name=name))

    registry = [stub("one.thing", "同名"), stub("two.thing", "同名"), stub("three.x", "其他")]
    verbs._kinds.cache_clear()
    monkeypatch.setattr(apps, "get_models", lambda: registry)
    try:
        shared = verbs.kind_codes("同名")
    finally:
        verbs._kinds.cache_clear()

    assert shared == ("one.thing", "two.thing")
