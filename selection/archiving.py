"""The selection side of the yearly archive (``archives``): marking a concluded campaign
read-only, and deleting the personal data of its nominations not selected once the retention
period is over (PIPL art. 19 and 47)."""

from __future__ import annotations

from functools import partial

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record

from . import rules
from .choices import SELECTED_STATES, Phase
from .errors import SelectionError
from .models import Attachment, Campaign, Nomination


def mark_archived(campaign: Campaign, *, by, request=None) -> Campaign:
    """A concluded campaign becomes read-only (``rules.require_writable``). Audited
    (``campaign.archived``); call it inside the transaction that records the archive."""
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().select_related("owner").get(pk=campaign.pk)
        rules.require_campaign_manager(by, locked)  # refuses an archived campaign (409)
        if locked.phase != Phase.CONCLUDED:
            raise SelectionError(_("只有已结束的评选活动才能归档。"))
        locked.archived_at = timezone.now()
        locked.save(update_fields=["archived_at"])
        Campaign.generation(locked.pk).bump()
        record(
            "campaign.archived",
            actor=by,
            target=locked,
            org_path=locked.owner.path,
            after={"archived_at": locked.archived_at.isoformat()},
            request=request,
        )
    return locked


def unselected(campaign: Campaign):
    """The campaign's nominations not selected: every state but 公示通过, 已发布, 已撤销荣誉."""
    return Nomination.objects.filter(campaign=campaign).exclude(state__in=SELECTED_STATES)


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def delete_unselected(campaign: Campaign) -> int:
    """Delete the nominations not selected of an archived campaign, with everything that hangs
    on them (history, cards, survey, objections, attachments) and, after commit, their photos
    and attachment files. Returns how many nominations went. The caller audits it."""
    if not rules.campaign_is_archived(campaign):
        raise SelectionError(_("只有已归档的评选活动才按保存期限删除未入选人员的个人信息。"))
    with transaction.atomic():
        nominations = unselected(campaign).select_for_update()
        ids = list(nominations.values_list("pk", flat=True))
        photos = Nomination.objects.filter(pk__in=ids).exclude(photo="")
        files = [
            *photos.values_list("photo", flat=True),
            *Attachment.objects.filter(nomination__in=ids).values_list("file", flat=True),
        ]
        Nomination.objects.filter(pk__in=ids).delete()
        Campaign.generation(campaign.pk).bump()
        transaction.on_commit(partial(_delete_files, files))
    return len(ids)
