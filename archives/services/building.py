"""Freezing an archive: each document built once through the report builders, checksummed
(SHA-256, read in chunks) and stored through ``storages["archives"]``; then one zip bundle of
them, a manifest.json with the checksums, and the campaign's audit trail as CSV.

Everything is written to local working files first (streamed, never held whole in memory) and
stored when complete; the archive row is switched to the new edition in one transaction, and
the previous edition's files are removed after commit."""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import tempfile
import zipfile
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import export
from audit.services import record
from reports import services as reports
from reports.choices import Kind
from selection.models import Nomination

from ..models import AUDIT_KIND, ArchivedDocument, CampaignArchive
from ..queries import archived_kinds, campaign_events
from .retention import retention_due

log = logging.getLogger(__name__)
CHUNK = 1024 * 1024
AUDIT_FILENAME = "audit.csv"
MANIFEST_FILENAME = "manifest.json"


class Superseded(Exception):
    """Another run built the archive meanwhile: this run's files are dropped."""


def archives_storage():
    return storages["archives"]


def sha256_of(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(partial(handle.read, CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _checksum(path: Path) -> str:
    with path.open("rb") as handle:
        return sha256_of(handle)


def _write_audit(archive: CampaignArchive, path: Path) -> int:
    """The campaign's audit trail; events of nominations deleted since (retention) redacted."""
    remaining = set(
        Nomination.objects.filter(pk__in=archive.nomination_ids).values_list("pk", flat=True)
    )
    deleted = {str(pk) for pk in archive.nomination_ids if pk not in remaining}
    count = 0
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(export.header())
        events = campaign_events(archive.campaign, archive.nomination_ids)

        def redacted(event) -> str | None:
            gone = event.target_type == "selection.nomination" and event.target_id in deleted
            return _("（已删除）") if gone else None

        for row in export.csv_rows(events.iterator(chunk_size=2000), redacted=redacted):
            writer.writerow(row)
            count += 1
    return count


def _documents(archive: CampaignArchive, folder: Path) -> list[ArchivedDocument]:
    campaign = archive.campaign
    labels = dict(Kind.choices)
    documents = []
    for kind in archived_kinds(campaign):
        path, rows = reports.build_document(kind, campaign, by=archive.created_by, folder=folder)
        documents.append(_document(kind, str(labels[kind]), path, rows))
    audit_path = folder / AUDIT_FILENAME
    rows = _write_audit(archive, audit_path)
    documents.append(_document(AUDIT_KIND, _("审计记录"), audit_path, rows))
    return documents


def _document(kind: str, title: str, path: Path, rows: int) -> ArchivedDocument:
    return ArchivedDocument(
        kind=kind,
        title=title,
        filename=path.name,
        sha256=_checksum(path),
        size=path.stat().st_size,
        rows=rows,
    )


def manifest(archive: CampaignArchive, documents: list[ArchivedDocument], edition: int) -> dict:
    campaign = archive.campaign
    return {
        "campaign": {
            "id": campaign.pk,
            "title": campaign.title,
            "year": campaign.year,
            "owner": campaign.owner.name,
        },
        "archived_at": campaign.archived_at.isoformat(),
        "archived_by": archive.created_by.get_username(),
        "edition": edition,
        "built_at": timezone.now().isoformat(),
        "files": [
            {
                "name": d.filename,
                "title": d.title,
                "kind": d.kind,
                "sha256": d.sha256,
                "size": d.size,
                "rows": d.rows,
            }
            for d in documents
        ],
        "personal_data": {
            "unselected_retention_days": settings.UNSELECTED_RETENTION_DAYS,
            "unselected_delete_after": retention_due(campaign).date().isoformat(),
            "unselected_deleted_at": (
                archive.unselected_deleted_at.isoformat() if archive.unselected_deleted_at else None
            ),
            "unselected_deleted_nominations": archive.unselected_deleted_count,
            "note": _(
                "未入选推荐的个人信息在归档满保存期限后删除（个人信息保护法第十九条、第四十七条），"
                "删除后本归档的文件重新生成为新的版次。"
            ),
        },
    }


def _bundle(archive, documents, folder: Path, edition: int) -> Path:
    path = folder / f"archive-{archive.campaign.year}-{archive.campaign.pk}.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for document in documents:
            bundle.write(folder / document.filename, arcname=document.filename)
        body = json.dumps(manifest(archive, documents, edition), ensure_ascii=False, indent=2)
        bundle.writestr(MANIFEST_FILENAME, body)
    return path


def _store(path: Path, name: str) -> str:
    with path.open("rb") as handle:
        return archives_storage().save(name, File(handle, name=path.name))


def _delete_stored(names: list[str]) -> None:
    storage = archives_storage()
    for name in names:
        if name:
            storage.delete(name)


def build_archive(archive_id: int) -> None:
    """Build the archive's files as a new edition (the task's body). Does nothing unless the
    archive is waiting for a build; a failure is kept on the archive, shown on its page."""
    archive = (
        CampaignArchive.objects.select_related("campaign__owner", "created_by")
        .filter(pk=archive_id, state=CampaignArchive.State.BUILDING)
        .first()
    )
    if archive is None:
        return
    edition = archive.edition + 1
    prefix = f"{archive.campaign_id}/{edition}"
    stored: list[str] = []
    work = Path(settings.REPORT_WORK_DIR)
    work.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(dir=work, prefix="archive-") as temporary:
            folder = Path(temporary)
            documents = _documents(archive, folder)
            for document in documents:
                document.name = _store(folder / document.filename, f"{prefix}/{document.filename}")
                stored.append(document.name)
            bundle = _bundle(archive, documents, folder, edition)
            bundle_name = _store(bundle, f"{prefix}/{bundle.name}")
            stored.append(bundle_name)
            _finish(archive.pk, documents, bundle_name, _checksum(bundle), bundle.stat().st_size)
    except Superseded:
        _delete_stored(stored)
    except Exception as error:
        log.exception("archive %s: build failed", archive_id)
        _delete_stored(stored)
        CampaignArchive.objects.filter(pk=archive_id).update(
            state=CampaignArchive.State.FAILED, error=_("生成失败：%(error)s") % {"error": error}
        )


def _finish(archive_id: int, documents, bundle_name: str, bundle_sha256: str, size: int) -> None:
    with transaction.atomic():
        archive = (
            CampaignArchive.objects.select_for_update()
            .select_related("campaign__owner")
            .get(pk=archive_id)
        )
        if archive.state != CampaignArchive.State.BUILDING:
            raise Superseded
        previous = [d.name for d in archive.documents.all()] + [archive.bundle]
        archive.documents.all().delete()
        for document in documents:
            document.archive = archive
        ArchivedDocument.objects.bulk_create(documents)
        archive.edition += 1
        archive.state = CampaignArchive.State.DONE
        archive.error = ""
        archive.built_at = timezone.now()
        archive.bundle = bundle_name
        archive.bundle_sha256 = bundle_sha256
        archive.bundle_size = size
        archive.save()
        record(
            "archive.built",
            target=archive.campaign,
            org_path=archive.campaign.owner.path,
            after={"edition": archive.edition, "bundle_sha256": bundle_sha256},
        )
        transaction.on_commit(partial(_delete_stored, previous))
