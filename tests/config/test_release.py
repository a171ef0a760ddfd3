"""The release: what the code makes is cached under it, what processes share is not."""

import os
import re
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.template import Context, Template

from config import beat, ratelimit, release
from config.cache import Generation
from selection import gallery

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
#: A rate-limit window no test run crosses (the counts of two windows are apart by design).
LONG_WINDOW = 10**9


def run_release(settings, name: str) -> None:
    """Be a host that runs release ``name``: the same cache, another release's code."""
    settings.RELEASE = name
    settings.CACHES = release.with_pages({"default": settings.CACHES["default"]}, name)


def made_by_the_code(name: str) -> tuple:
    """A page kept under a generation, a template fragment and a value kept in ``pages``, as
    release ``name`` makes them when none is kept."""
    fragment = Template(
        '{% load cache %}{% cache 60 test_fragment using="pages" %}{{ made }}{% endcache %}'
    )
    return (
        Generation("test-pages").get_or_make("test:page", lambda: f"{name} page", 60),
        fragment.render(Context({"made": f"{name} fragment"})),
        caches["pages"].get_or_set("test:value", f"{name} value", 60),
    )


def test_what_one_release_made_is_not_served_by_the_next_nor_the_next_s_by_it(settings):
    run_release(settings, "old")
    made_by_old = made_by_the_code("old")

    run_release(settings, "new")  # upgraded hosts, while others still run the old release
    made_by_new = made_by_the_code("new")
    run_release(settings, "old")
    still_old = made_by_the_code("old again")

    assert made_by_old == ("old page", "old fragment", "old value")
    assert made_by_new == ("new page", "new fragment", "new value")
    assert still_old == made_by_old


def test_what_processes_share_is_the_same_for_every_release(settings):
    pages = Generation("test-pages")
    run_release(settings, "old")
    token = pages.current()
    ratelimit.count("test", "203.0.113.5", window=LONG_WINDOW)
    assert beat.take_turn("test-entry", 60)
    gallery.count_view("test-slug")

    run_release(settings, "new")

    assert pages.current() == token
    assert ratelimit.count("test", "203.0.113.5", window=LONG_WINDOW) == 2
    assert not beat.take_turn("test-entry", 60)  # the old release's beat took this turn
    gallery.count_view("test-slug")
    assert cache.get(gallery.VIEW_KEY.format("test-slug")) == 2


def test_a_bump_made_by_one_release_shows_on_the_pages_of_the_other(
    settings, django_capture_on_commit_callbacks
):
    pages = Generation("test-pages")
    run_release(settings, "old")
    pages.get_or_make("test:page", lambda: "before", 60)

    run_release(settings, "new")
    with django_capture_on_commit_callbacks(execute=True):
        pages.bump()  # a publish on an upgraded host
    run_release(settings, "old")

    assert pages.get_or_make("test:page", lambda: "after", 60) == "after"


def test_the_pages_cache_is_the_shared_one_under_the_release():
    caches_of = release.caches("redis://redis.internal:6379/0", "abc123")

    assert caches_of["pages"] == {**caches_of["default"], "KEY_PREFIX": "sihao:release:abc123"}
    assert release.caches("", "abc123")["pages"]["KEY_PREFIX"] == "release:abc123"


# --- Which release: the environment's, else the code's hash ------------------------------------

APPS = ["django.contrib.admin", "selection", "ninja"]


def make_project(root: Path) -> Path:
    files = {
        "config/settings.py": "DEBUG = False\n",
        "selection/models.py": "class Campaign: ...\n",
        "templates/base.html": "<title>{{ title }}</title>\n",
        "templates/emails/notice/body.txt": "{{ name }}\n",
        "locale/en/LC_MESSAGES/django.po": 'msgid "选树"\nmsgstr "Selection"\n',
        "requirements.txt": "Django==5.2.9\n",
        "static/site.css": "body {}\n",
        "tests/test_models.py": "def test_nothing(): ...\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def release_of(root: Path) -> str:
    return release.fingerprint(root, release.source_files(root, APPS))


def test_the_same_code_is_the_same_release_wherever_it_is_installed(tmp_path):
    here, there = make_project(tmp_path / "srv" / "portal"), make_project(tmp_path / "opt")

    assert release_of(here) == release_of(here) == release_of(there)


@pytest.mark.parametrize(
    "changed",
    [
        "templates/base.html",
        "templates/emails/notice/body.txt",
        "selection/models.py",
        "config/settings.py",
        "locale/en/LC_MESSAGES/django.po",
        "requirements.txt",
        "static/site.css",
    ],
)
def test_a_changed_template_module_translation_or_asset_is_a_new_release(tmp_path, changed):
    root = make_project(tmp_path)
    before = release_of(root)

    (root / changed).write_text((root / changed).read_text() + " ")

    assert release_of(root) != before


def test_what_is_not_the_portal_s_code_does_not_make_a_new_release(tmp_path):
    root = make_project(tmp_path)
    before = release_of(root)

    (root / "tests" / "test_models.py").write_text("def test_more(): ...\n")
    (root / "selection" / "__pycache__").mkdir()
    (root / "selection" / "__pycache__" / "models.cpython-312.pyc").write_bytes(b"\0")
    (root / "templates" / ".base.html.swp").write_bytes(b"\0")
    (root / "static" / ".DS_Store").write_bytes(b"\0")
    (root / "static" / "site.css~").write_text("body {}\n")
    (root / "static" / ".sass-cache").mkdir()
    (root / "static" / ".sass-cache" / "site.css").write_text("body {}\n")

    assert release_of(root) == before


def test_the_portal_s_release_is_its_code_s_unless_the_environment_names_one(settings, monkeypatch):
    named = os.environ.get("RELEASE")
    monkeypatch.delenv("RELEASE", raising=False)
    computed = [release.identifier(settings.BASE_DIR, settings.INSTALLED_APPS) for _ in "12"]
    monkeypatch.setenv("RELEASE", "2026.12.1")

    assert computed[0] == computed[1]
    assert (named or computed[0]) == settings.RELEASE
    assert release.identifier(settings.BASE_DIR, settings.INSTALLED_APPS) == "2026.12.1"


def test_the_portal_s_code_is_its_apps_templates_and_translations(settings):
    names = {
        path.relative_to(settings.BASE_DIR).as_posix()
        for path in release.source_files(settings.BASE_DIR, settings.INSTALLED_APPS)
    }

    assert {
        "config/settings.py",
        "selection/views/public.py",
        "evaluations/queries/pools.py",
        "templates/base.html",
        "locale/en/LC_MESSAGES/django.po",
    } <= names
    assert not {name for name in names if name.startswith(("tests/", "bench/", "tools/"))}


def test_every_template_is_part_of_the_release():
    others = [path for path in TEMPLATES.rglob("*") if path.is_file()]

    assert [p for p in others if p.suffix not in release.TEMPLATE_SUFFIXES] == []


def test_every_fragment_is_kept_under_the_release():
    tags = [
        tag
        for path in TEMPLATES.rglob("*.html")
        for tag in re.findall(r"{% cache .*?%}", path.read_text())
    ]

    assert tags
    assert [tag for tag in tags if not tag.endswith(' using="pages" %}')] == []
