"""Archiving a concluded campaign: the campaign becomes read-only at once, its files are built
by a task after commit (eager without a broker)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record
from selection import archiving as selection_archiving
from selection import rules as selection_rules
from selection.errors import SelectionError
from selection.models import Campaign

from ..models import CampaignArchive


def enqueue_build(archive_id: int) -> None:
    from ..tasks import task_build_archive

    task_build_archive.delay(archive_id=archive_id)


def archive_campaign(campaign: Campaign, *, by, request=None) -> CampaignArchive:
    """Archive a concluded campaign (admin with scope): read-only from now on; the five reports,
    the 撤销名单 and the audit trail are frozen with their checksums into one bundle by
    ``build_archive``, enqueued after commit. Audited (``campaign.archived``)."""
    with transaction.atomic():
        locked = selection_archiving.mark_archived(campaign, by=by, request=request)
        archive = CampaignArchive.objects.create(
            campaign=locked,
            created_by=by,
            nomination_ids=list(locked.nominations.order_by("pk").values_list("pk", flat=True)),
        )
        transaction.on_commit(lambda: enqueue_build(archive.pk))
    return archive


def retry_build(archive: CampaignArchive, *, by, request=None) -> CampaignArchive:
    """Build a failed archive's files again (same edition rules as the first time)."""
    with transaction.atomic():
        locked = (
            CampaignArchive.objects.select_for_update()
            .select_related("campaign__owner")
            .get(pk=archive.pk)
        )
        if not selection_rules.can_manage_campaign(by, locked.campaign):
            raise SelectionError(_("您只能管理本组织范围内的评选活动。"), status=403)
        if locked.state != CampaignArchive.State.FAILED:
            raise SelectionError(_("归档文件没有失败，无需重新生成。"))
        locked.state = CampaignArchive.State.BUILDING
        locked.error = ""
        locked.save(update_fields=["state", "error"])
        record(
            "archive.retried",
            actor=by,
            target=locked.campaign,
            org_path=locked.campaign.owner.path,
            request=request,
        )
        transaction.on_commit(lambda: enqueue_build(locked.pk))
    return locked
