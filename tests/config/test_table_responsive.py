"""Every table of the portal scrolls inside its own box on a phone instead of widening the
page: each ``<table`` sits directly inside a ``.table-responsive`` container (only template
tags, comments and white space between). The pages are measured at 375 px by
tests/e2e/test_phone_width.py; this guards the sources without a browser."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Tables that must not scroll, by template path, with the reason (none so far).
EXEMPT: dict[str, str] = {}
#: The markup just before a table: a container with class table-responsive opened, then only
#: template tags, comments and white space.
WRAPPED = re.compile(
    r"<div\b[^>]*\bclass=\"[^\"]*\btable-responsive\b[^\"]*\"[^>]*>"
    r"(?:\s|\{%[^%]*%\}|\{#[^#]*#\})*$"
)


def unwrapped(root: Path) -> list[str]:
    """``path:line`` of each table of the templates under ``root`` not so wrapped."""
    found = []
    for path in sorted([*root.glob("templates/**/*.html"), *root.glob("*/templates/**/*.html")]):
        name = path.relative_to(root).as_posix()
        if name in EXEMPT:
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<table\b", text):
            if not WRAPPED.search(text[max(0, match.start() - 400) : match.start()]):
                found.append(f"{name}:{text.count(chr(10), 0, match.start()) + 1}")
    return found


def test_every_table_is_inside_a_table_responsive_container():
    assert list(ROOT.glob("templates/**/*.html"))
    assert unwrapped(ROOT) == []


def test_the_check_finds_a_table_outside_one(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "bare.html").write_text('<div class="card">\n<table class="table"></table>\n</div>\n')
    (folder / "after.html").write_text(
        '<div class="table-responsive"></div>{% if x %}<p>x</p>{% endif %}\n<table></table>\n'
    )
    (folder / "kept.html").write_text(
        '{% load i18n %}<div class="table-responsive mt-2">\n'
        "  {# rows #}\n  <table></table>\n</div>"
    )

    assert unwrapped(tmp_path) == ["templates/after.html:2", "templates/bare.html:2"]
