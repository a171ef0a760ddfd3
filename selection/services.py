"""Writes of the selection app other than state moves: campaigns, phases, quotas, the content of
nominations and their files. State moves live in :mod:`selection.workflow`."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.services import jsonable, record
from members.choices import OrgKind
from members.models import Member, Organization

from . import concurrency, rules, uploads
from .choices import (
    EDITABLE_STATES,
    Phase,
    State,
)
from .errors import SelectionError
from .gallery import PUBLIC_PAGES
from .models import Attachment, Campaign, Nomination, QuotaOverride, Stage
from .phases import advance_due_campaigns, end_without_notice, set_phase  # noqa: F401 (the services' API)
from .workdays import CALENDAR
from .workflow import lock_nomination

#: Fields of a nomination a secretary writes (the form's fields, less the photo).
CONTENT_FIELDS = (
    "deeds_summary",
    "deeds",
    "evidence_political",
    "evidence_performance",
    "evidence_public",
    "evidence_integrity",
    "branch_opinion",
    "branch_meeting_date",
)


# --- Campaigns ----------------------------------------------------------------------------------

#: A campaign's settings as its audit row records them: every field an admin sets (the phase
#: too, which a new campaign starts in), not the row's bookkeeping (id, version, timestamps)
#: nor the tie-break order, which no page of the portal sets (its default holds).
SETTINGS = tuple(
    field.name
    for field in Campaign._meta.get_fields()
    if field.concrete
    and not field.many_to_many
    and field.editable
    and field.name not in ("id", "version", "tie_break")
)


@transaction.atomic
def save_campaign(campaign: Campaign, *, by, version: int | None = None, request=None) -> Campaign:
    """Create or edit a campaign (not its phase) as a form loaded at ``version`` (else
    ``concurrency.StaleEdit``) has it. Audited: a new campaign with every setting it was
    created with (owner, dates, quota, eligibility rules, thresholds), an edit with each
    setting changed, before and after."""
    rules.require_campaign_editor(by, campaign)
    before = None
    if campaign.pk:
        old = Campaign.objects.select_for_update().get(pk=campaign.pk)
        campaign.version = concurrency.check_version(old, version)
        campaign.phase = old.phase  # the phase moves only through set_phase
        changed = [name for name in SETTINGS if getattr(old, name) != getattr(campaign, name)]
        before = {name: jsonable(getattr(old, name)) for name in changed}
    created = campaign.pk is None
    campaign.save()
    recorded = SETTINGS if created else list(before)
    if recorded:  # as stored, so before and after read alike (a quota typed 3 is kept as 3.00)
        campaign.refresh_from_db(fields=recorded)
    after = {name: jsonable(getattr(campaign, name)) for name in recorded}
    if created:  # one stage, the owner's level: today's campaign (逐级推荐 adds more)
        Stage.objects.create(
            campaign=campaign,
            position=1,
            level=campaign.owner.kind,
            quota_value=campaign.exemplar_count,
        )
    Campaign.generation(campaign.pk).bump()
    record(
        "campaign.saved",
        actor=by,
        target=campaign,
        org_path=campaign.owner.path,
        before=before,
        after=after,
        request=request,
    )
    return campaign


@transaction.atomic
def set_quota_override(
    campaign: Campaign, organization: Organization, *, kind: str, value, by, request=None
) -> QuotaOverride:
    if not rules.can_manage_campaign(by, campaign) or not campaign.owner.contains(organization):
        raise SelectionError(_("只能为本活动范围内的组织调整名额。"), status=403)
    rules.require_writable(campaign)
    override, _created = QuotaOverride.objects.update_or_create(
        campaign=campaign, organization=organization, defaults={"kind": kind, "value": value}
    )
    record(
        "campaign.quota_set",
        actor=by,
        target=campaign,
        org_path=organization.path,
        after={"organization": organization.code, "kind": kind, "value": str(value)},
        request=request,
    )
    return override


@transaction.atomic
def remove_quota_override(override: QuotaOverride, *, by, request=None) -> None:
    rules.require_campaign_manager(by, override.campaign)
    record(
        "campaign.quota_removed",
        actor=by,
        target=override.campaign,
        org_path=override.organization.path,
        before={"organization": override.organization.code, "value": str(override.value)},
        request=request,
    )
    override.delete()


# --- Nominations --------------------------------------------------------------------------------


def _check_editable(by, nomination: Nomination) -> None:
    """Only the branch's secretary edits, and only a draft or a returned nomination while the
    campaign takes nominations."""
    rules.require_writable(nomination.campaign)
    if rules.can_edit_nomination(by, nomination):
        return
    if not rules.can_nominate_in(by, nomination.branch.path):
        raise SelectionError(_("您不能修改这份推荐。"), status=403)
    if nomination.state not in EDITABLE_STATES:
        raise SelectionError(
            _("该推荐当前为“%(state)s”，不能再修改。") % {"state": nomination.get_state_display()}
        )
    if nomination.state == State.RETURNED:
        raise SelectionError(_("已过退回修改所在阶段的截止时间，不能再修改。"))
    raise SelectionError(_("当前不在推荐阶段，不能修改推荐。"))


def _store_photo(nomination: Nomination, photo: UploadedFile, files: uploads.ChangedFiles) -> None:
    photo = uploads.clean_photo(photo)
    files.replace(nomination.photo, uploads.stored_name(photo.kind), photo)


def create_nomination(
    *,
    campaign: Campaign,
    member: Member,
    by,
    data: dict[str, Any],
    photo: UploadedFile | None = None,
    request=None,
) -> Nomination:
    """A secretary starts a nomination (a draft) of a member of one of their branches.

    Refused: outside the nominating phase, a member outside the secretary's branches or the
    campaign's organisation, a member already nominated in this campaign (by any branch).
    Side effects: audited (``nomination.created``); bumps the campaign's generation.
    """
    branch = member.organization
    if not rules.can_nominate_in(by, branch.path) or branch.kind != OrgKind.BRANCH:
        raise SelectionError(_("只能推荐本支部的党员。"), status=403)
    if not campaign.owner.contains(branch):
        raise SelectionError(_("该党员所在支部不在本次评选范围内。"))
    rules.require_writable(campaign)
    if campaign.phase != Phase.NOMINATING:
        raise SelectionError(_("当前不在推荐阶段，不能新建推荐。"))
    nomination = Nomination(campaign=campaign, member=member, branch=branch, created_by=by)
    for name in CONTENT_FIELDS:
        if name in data:
            setattr(nomination, name, data[name])
    try:
        with uploads.changing_files() as files:
            if photo is not None:
                _store_photo(nomination, photo, files)
            nomination.save()
            Campaign.generation(campaign.pk).bump()  # the campaign list's count of nominations
            record(
                "nomination.created",
                actor=by,
                target=nomination,
                org_path=branch.path,
                after={"member": member.member_no, "campaign": f"{campaign.title} #{campaign.pk}"},
                request=request,
            )
    except IntegrityError:
        raise SelectionError(
            _("%(name)s已被推荐参加本次评选，每名党员只能被推荐一次。") % {"name": member.name}
        ) from None
    return nomination


def update_nomination(
    nomination: Nomination,
    *,
    by,
    data: dict[str, Any],
    photo: UploadedFile | None = None,
    version: int | None = None,
    request=None,
) -> Nomination:
    """Save a draft (or a returned nomination) as the secretary typed it in a form loaded at
    ``version`` (else ``concurrency.StaleEdit``); nothing is required until submit. Audited
    with the names of the changed fields."""
    with uploads.changing_files() as files:
        locked = lock_nomination(nomination.pk)
        _check_editable(by, locked)
        concurrency.check_version(locked, version)
        changed = [
            name for name in CONTENT_FIELDS if name in data and getattr(locked, name) != data[name]
        ]
        for name in changed:
            setattr(locked, name, data[name])
        if photo is not None:
            _store_photo(locked, photo, files)
            changed.append("photo")
        locked.save(update_fields=[*changed, "updated_at", concurrency.FIELD])
        if changed:
            record(
                "nomination.updated",
                actor=by,
                target=locked,
                org_path=locked.branch.path,
                after={"fields": changed},
                request=request,
            )
    return locked


def delete_draft(nomination: Nomination, *, by, request=None) -> None:
    """删除草稿: the branch's secretary discards a draft never submitted; the member may be
    nominated again. Side effects: the draft's photo and attachments are removed from storage
    once the deletion has committed; audited (``nomination.draft_deleted``); the campaign's
    generation is bumped (counts of its nominations are cached). A draft already deleted (a
    repeated request) is left as it is.

    Refused: anything but a draft (409: a returned nomination keeps its place and history),
    by anyone but the branch's secretary (403), outside the nominating phase."""
    with uploads.changing_files() as files:
        locked = Nomination.objects.select_for_update(of=("self",)).filter(pk=nomination.pk)
        locked = locked.select_related("campaign", "branch", "member").first()
        if locked is None:
            return
        if not rules.can_nominate_in(by, locked.branch.path):
            raise SelectionError(_("只有本支部的支部书记可以删除推荐草稿。"), status=403)
        if locked.state != State.DRAFT:
            state = locked.get_state_display()
            raise SelectionError(_("该推荐当前为“%s”，不是草稿，不能删除。") % state, status=409)
        rules.require_writable(locked.campaign)
        if not rules.can_delete_draft(by, locked):
            raise SelectionError(_("当前不在推荐阶段，不能删除草稿。"), status=409)
        record(
            "nomination.draft_deleted",
            actor=by,
            target=locked,
            org_path=locked.branch.path,
            before={
                "member": locked.member.member_no,
                "campaign": f"{locked.campaign.title} #{locked.campaign_id}",
            },
            request=request,
        )
        files.remove(locked.photo)
        for attachment in locked.attachments.all():
            files.remove(attachment.file)
        locked.delete()
        Campaign.generation(locked.campaign_id).bump()


def add_attachment(nomination: Nomination, upload: UploadedFile, *, by, request=None) -> Attachment:
    kind, upload = uploads.clean_attachment(upload)
    with uploads.changing_files() as files:
        locked = lock_nomination(nomination.pk)
        _check_editable(by, locked)
        if locked.attachments.count() >= uploads.MAX_ATTACHMENTS:
            raise SelectionError(
                _("每份推荐最多 %(n)d 个附件，请先删除不需要的附件。")
                % {"n": uploads.MAX_ATTACHMENTS}
            )
        attachment = Attachment(
            nomination=locked,
            original_name=uploads.display_name(upload.name),
            content_type=kind,
            size=upload.size,
            uploaded_by=by,
        )
        files.save(attachment.file, uploads.stored_name(kind), upload)
        attachment.save()
        record(
            "nomination.attachment_added",
            actor=by,
            target=locked,
            org_path=locked.branch.path,
            after={"attachment": attachment.pk, "name": attachment.original_name},
            request=request,
        )
    return attachment


def remove_attachment(attachment: Attachment, *, by, request=None) -> None:
    with uploads.changing_files() as files:
        locked = lock_nomination(attachment.nomination_id)
        _check_editable(by, locked)
        record(
            "nomination.attachment_removed",
            actor=by,
            target=locked,
            org_path=locked.branch.path,
            before={"attachment": attachment.pk, "name": attachment.original_name},
            request=request,
        )
        files.remove(attachment.file)
        attachment.delete()


def forget_cached_pages() -> None:
    """After the data changed under the portal (a restore from a backup): what was cached from
    the old data (public pages, the calendar, every campaign's results) becomes unreachable."""
    PUBLIC_PAGES.bump()
    CALENDAR.bump()
    for campaign_id in Campaign.objects.values_list("pk", flat=True):
        Campaign.generation(campaign_id).bump()
