"""Page budgets, checked on every change (issue 44): the portal served the production way
(gunicorn, DEBUG off, collected static files; bench/lighthouse.py) on the demo data with a full
gallery.

- Lighthouse on the seven public pages, each on the mobile and the desktop preset, one run each:
  accessibility 100, best practices >= 95, SEO 100, cumulative layout shift <= 0.05, no unsized
  image and no lazily loaded largest paint. Each page's scores and failing audits are printed
  (``pytest -s``, or in the failure message). The gallery holds 24 profiles: its first page shows
  12 cards (GALLERY_PAGE) and links to the next.
- The Nu Html Checker on the same pages and on the main staff pages of each role: no error; and
  every image on them states its width and height.

Lighthouse and the checker are npm packages pinned in tools/budgets/package.json (.ci/run
installs them; the checker needs Java). Without Chromium or Lighthouse these tests skip, and
fail under REQUIRE_SERVICES=1, like the other browser tests."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from bench import deployed, lighthouse

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


class Sizes(HTMLParser):
    """The ``<img>`` tags of a page that lack a width or a height attribute."""

    def __init__(self, html: str):
        super().__init__()
        self.unsized: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "img" and not ("width" in found and "height" in found):
            self.unsized.append(self.get_starttag_text())


@pytest.fixture
def portal(tmp_path, monkeypatch):
    """The demo data with a full gallery, served by gunicorn: (base URL, public paths)."""
    missing = lighthouse.missing_tools()
    if missing:
        pytest.skip(f"needs {missing}")
    pages = deployed.seed()
    # The test database, which gunicorn reads (the data above is committed: transactional).
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    # Stopped before the test's data is flushed, its connections with it.
    with deployed.production_server(url, Path(settings.MEDIA_ROOT)) as base:
        yield base, pages


def staff_pages() -> dict[str, str]:
    """The main page of each role's work, rendered for its demo account: the secretary's
    nominations and a nomination's form, the reviewer's queue and a scorecard, the admin's
    campaign and screening queue. (Through Django's test client: the pages are the same.)"""
    from evaluations.models import Scorecard
    from members.models import User
    from selection.models import Campaign, Nomination

    secretary, reviewer, admin = (
        User.objects.get(username=name) for name in ("secretary", "reviewer", "admin")
    )
    editable = Nomination.objects.filter(
        created_by=secretary, state="returned", campaign__phase="nominating"
    ).first()
    card = Scorecard.objects.filter(reviewer=reviewer, state="assigned").first()
    campaign = Campaign.objects.filter(phase="screening").first()
    wanted = {
        "nominations (secretary)": (secretary, reverse("selection:dashboard")),
        "nomination form (secretary)": (
            secretary,
            reverse("selection:nomination_edit", args=[editable.pk]),
        ),
        "review queue (reviewer)": (reviewer, reverse("evaluations:queue")),
        "scorecard (reviewer)": (reviewer, reverse("evaluations:score", args=[card.nomination_id])),
        "campaigns (admin)": (admin, reverse("selection:campaign_list")),
        "campaign (admin)": (admin, reverse("selection:campaign_edit", args=[campaign.pk])),
        "screening queue (admin)": (
            admin,
            f"{reverse('selection:screening_queue')}?campaign={campaign.pk}",
        ),
    }
    pages = {}
    for name, (user, url) in wanted.items():
        client = Client()
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        pages[name] = response.content.decode()
    return pages


def validate(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """The Nu Html Checker's errors on each page, by name."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("the Nu Html Checker needs Java (apt-get install default-jre-headless)")
    files = {}
    for i, (name, html) in enumerate(pages.items()):
        path = (folder / f"page-{i}.html").resolve()
        path.write_text(html)
        files[str(path)] = name
    done = subprocess.run(
        [java, "-jar", str(lighthouse.VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(done.stderr or done.stdout)["messages"]
    errors = {name: [] for name in pages}
    for message in messages:
        # The checker names a file "file:/path".
        path = message.get("url", "").removeprefix("file:")
        errors.setdefault(files.get(path, path or "?"), []).append(
            f"line {message.get('lastLine')}: {message['message']}"
            f" [{message.get('extract', '').strip()[:80]}]"
        )
    return errors


def test_the_public_pages_stay_within_their_lighthouse_budgets(portal, tmp_path):
    base, pages = portal
    problems, lines = [], [lighthouse.HEADER]
    print(f"\n{lighthouse.HEADER}")
    for page, path in pages.items():
        for preset in lighthouse.PRESETS:
            report = lighthouse.lighthouse(f"{base}{path}", preset, tmp_path / f"{page}-{preset}")
            found = lighthouse.summary(report)
            lines.append(lighthouse.line(page, preset, found))
            if found["failing"]:
                lines.append(f"{'':<19}failing audits: {', '.join(found['failing'])}")
            print("\n".join(lines[-2 if found["failing"] else -1 :]), flush=True)
            problems += lighthouse.over_budget(page, preset, found)

    assert not problems, "\n".join(problems + lines)


def test_the_public_and_staff_pages_are_valid_html_with_sized_images(portal, tmp_path):
    base, paths = portal
    pages = {name: deployed.fetch(f"{base}{path}") for name, path in paths.items()}
    pages.update(staff_pages())

    errors = validate(pages, tmp_path)
    unsized = {name: Sizes(html).unsized for name, html in pages.items()}

    for name in pages:
        print(f"{name:<28} {len(errors[name])} errors, {len(unsized[name])} unsized images")
    assert not any(errors.values()), json.dumps(errors, ensure_ascii=False, indent=1)
    assert not any(unsized.values()), unsized
    assert "<img" in pages["gallery"] and "<img" in pages["scorecard (reviewer)"]
