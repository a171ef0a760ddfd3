"""The public site as deployed, for Lighthouse (bench/lighthouse.py) and the page budgets
(tests/e2e/test_budgets.py): the demo data with its gallery filled, and gunicorn serving the
portal the production way (DEBUG off, static files collected, the manifest storage)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GALLERY_PROFILES = 24
SECRET_KEY = "budgets-" + "x" * 50


# --- The data ---------------------------------------------------------------------------------


def seed() -> dict[str, str]:
    """The demo data (without its report jobs, which would wait for a worker), the gallery
    filled to ``GALLERY_PROFILES`` published profiles, and a fresh survey code. Returns the
    paths of the pages to audit, by name."""
    from django.conf import settings
    from django.test.utils import override_settings
    from django.utils.module_loading import import_string

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        for dotted in settings.DEMO_SEEDERS:
            if not dotted.startswith("reports."):
                import_string(dotted)()
        _fill_gallery(GALLERY_PROFILES)
    return public_pages()


def _fill_gallery(count: int) -> None:
    """More published profiles, each for a new nomination copied from a published one (another
    member of the same branch), until the gallery holds ``count``."""
    from members.models import Member, User
    from selection import gallery
    from selection.models import ExemplarProfile, Nomination

    admin = User.objects.get(username="admin")
    source = Nomination.objects.filter(state="published").order_by("pk").first()
    missing = count - ExemplarProfile.objects.filter(published_at__isnull=False).count()
    members = Member.objects.exclude(nominations__campaign=source.campaign).order_by("pk")
    for member in members[: max(missing, 0)]:
        nomination = Nomination.objects.get(pk=source.pk)
        nomination.pk = None
        nomination.member, nomination.state = member, "approved"
        nomination.save()
        gallery.record_consent(nomination, wording=str(gallery.DEFAULT_CONSENT_WORDING), by=admin)
        profile = gallery.create_profile(nomination, by=admin)
        profile.title = f"{member.name}：{profile.title}"[:100]
        profile.save(update_fields=["title"])
        gallery.publish(profile, by=admin)


def public_pages() -> dict[str, str]:
    """The seven pages Lighthouse audits: home, the gallery's first page, a profile, the
    notices, a notice, a public survey form (an unused code) and the login page."""
    from django.urls import reverse

    from evaluations import rules
    from evaluations import services as evaluations
    from evaluations.models import SurveyCode
    from members.models import User
    from selection.models import ExemplarProfile, Nomination, PublicNotice

    profile = ExemplarProfile.objects.filter(published_at__isnull=False).order_by("pk").first()
    notice = PublicNotice.objects.filter(campaign__phase="notice").order_by("pk").first()
    # An unused code of a survey still open (a stage's survey closes once the stage decides).
    unused = (
        SurveyCode.objects.filter(used_at__isnull=True, survey__nomination__state="in_review")
        .select_related("survey__nomination")
        .order_by("pk")
    )
    code = next((c for c in unused if rules.survey_open(c.survey.nomination)), None)
    if code is None:
        in_review = Nomination.objects.filter(state="in_review").order_by("pk")
        nomination = next(n for n in in_review if rules.survey_open(n))
        admin = User.objects.get(username="admin")
        code = evaluations.issue_codes(nomination, 1, by=admin)[0]
    return {
        "home": reverse("home"),
        "gallery": reverse("public:gallery"),
        "profile": reverse("public:gallery_detail", args=[profile.slug]),
        "notices": reverse("public:notice_list"),
        "notice": reverse("public:notice_detail", args=[notice.campaign_id]),
        "survey": reverse("evaluations:survey_public", args=[code.code]),
        "login": reverse("login"),
    }


# --- The server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn(port: int, workers: int, *options: str) -> list[str]:
    """The command serving the portal with ``workers`` sync workers on loopback at ``port``."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "-b",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        *options,
    ]


@contextlib.contextmanager
def production_server(database_url: str, media_root: Path, workers: int = 2) -> Iterator[str]:
    """gunicorn serving the portal as deployed (DEBUG off, static files collected into a
    temporary folder, the manifest storage) on ``database_url`` and the uploads in
    ``media_root``; yields its base URL. Without Redis: the cache is each process's own and
    tasks run in the web process (neither changes what a browser receives). Over plain HTTP on
    loopback, so without the redirect to HTTPS."""
    var = Path(tempfile.mkdtemp(prefix="budgets-"))
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        SECURE_SSL_REDIRECT="0",
        VAR_DIR=str(var),
        PRIVATE_MEDIA_ROOT=str(media_root),
        LOG_LEVEL="WARNING",
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    port = free_port()
    log = (var / "gunicorn.log").open("w")
    server = subprocess.Popen(
        gunicorn(port, workers),
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=2).read()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError((var / "gunicorn.log").read_text()[-3000:]) from None
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        shutil.rmtree(var, ignore_errors=True)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()
