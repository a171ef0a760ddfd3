"""The English interface says one thing one way: 本级 is "this stage" and 上一级 "the level
above"; 资格审查 is Screening in the menu, on its page and in the notice that sends the admin
there; the catalogue writes plain ASCII quotes and ellipses, which a plain-text e-mail sends as
typed (tests/evaluations/test_confirm_wording.py: the confirm buttons)."""

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tests.selection.test_unscreened_in_review import moved_into_review  # noqa: F401

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
TYPOGRAPHIC = re.compile("[\u2018\u2019\u201c\u201d\u2026]")


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def catalogue() -> list[tuple[str, list[str]]]:
    """Each entry of the English catalogue: its msgid and msgstrs, continuation lines joined."""
    found, current = [], None
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")$', line)
        if match:
            current = [json.loads(match.group(2))]
            if match.group(1) == "msgid":
                found.append((current, []))
            elif match.group(1).startswith("msgstr"):
                found[-1][1].append(current)
        elif line.startswith('"') and current is not None:
            current.append(json.loads(line))
        else:
            current = None
    return [("".join(msgid), ["".join(text) for text in texts]) for msgid, texts in found]


def translations() -> list[str]:
    """Every msgstr of the English catalogue."""
    return [text for _, texts in catalogue() for text in texts]


def test_a_level_by_level_selection_speaks_of_stages_and_the_levels_above_and_below():
    """本级 is "this stage", as the menu (Stages) and the headings (Stage 2 · ...) name the
    concept; 上一级 / 下级 are the level above / below, where a stage's choice goes or came from."""
    entries = catalogue()
    this_stage = [texts for msgid, texts in entries if "本级" in msgid]
    level_above = [texts for msgid, texts in entries if "上一级" in msgid]

    assert len(this_stage) > 60
    assert [t for texts in this_stage for t in texts if not re.search("stage", t, re.I)] == []
    assert [t for t in translations() if re.search(r"\bthis level|\bnext level", t, re.I)] == []
    assert [t for texts in level_above for t in texts if "level above" not in t] == []


def test_the_english_catalogue_writes_ascii_quotes_and_ellipses():
    texts = translations()

    assert len(texts) > 1000
    assert [text for text in texts if TYPOGRAPHIC.search(text)] == []


@pytest.mark.django_db
def test_the_screening_page_is_screening_in_the_menu_and_in_its_heading(english, city_admin):
    english.force_login(city_admin)

    body = english.get(reverse("selection:screening_queue")).content.decode()

    assert '<h1 class="h4">Screening' in body
    assert re.search(r'href="/nominations/screening/">Screening</a>', body)
    assert "Eligibility screening" not in body


@pytest.mark.django_db
def test_the_notice_of_nominations_left_unscreened_sends_the_admin_to_screening(
    english,
    moved_into_review,  # noqa: F811
    city_admin,
):
    english.force_login(city_admin)

    body = english.get(
        reverse("selection:dashboard"), {"campaign": moved_into_review.pk}
    ).content.decode()

    assert 'Under "Screening", give a reason for each' in body
    assert "Eligibility screening" not in body


@pytest.mark.django_db
def test_a_translated_attribute_stays_whole_without_typographic_quotes(english):
    body = english.get(reverse("public:gallery")).content.decode()

    assert '<meta property="og:title" content="Exemplary Four-Good party members">' in body


def test_a_plain_text_reminder_sends_the_english_quotes_as_typed():
    context = {
        "recipient": "Li",
        "campaign": SimpleNamespace(title="2026"),
        "log": SimpleNamespace(deadline=None),
        "items": [],
        "link": "",
    }
    with translation.override("en"):
        text = render_to_string("emails/reminder_nominating-body.txt", context)

    assert 'submit your nominations under "Nominations".' in text
