"""The yearly archive's pages: the archive of a campaign, archiving it, downloading its bundle.
All of them are the campaign managers' (``managed_campaign``): the bundle holds personal data,
and its downloads are audited."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.services import record
from config.wording import form_errors
from reports.choices import Kind
from selection import queries as selection_queries
from selection.choices import Phase
from selection.errors import SelectionError
from selection.views.breadcrumbs import page_trail
from selection.views.common import managed_campaign, refuse

from . import queries, services
from .forms import ArchiveForm
from .models import CampaignArchive


@login_required
@require_GET
def campaign_archive(request, pk: int):
    campaign = managed_campaign(request, pk)
    archive = queries.archive_of(campaign)
    revocations = list(selection_queries.campaign_revocations(campaign))
    can_archive = campaign.phase == Phase.CONCLUDED and archive is None
    labels = dict(Kind.choices)
    return render(
        request,
        "archives/campaign.html",
        {
            "campaign": campaign,
            **page_trail(campaign, _("年度归档")),
            "archive": archive,
            "documents": archive.documents.all() if archive else [],
            "revocations": revocations,
            "revoked_since_build": queries.revoked_since_build(archive, revocations),
            "form": ArchiveForm(campaign=campaign),
            "can_archive": can_archive,
            # What the bundle will hold, named (a count written in the text drifted).
            "archived_reports": (
                [labels[kind] for kind in queries.archived_kinds(campaign)] if can_archive else []
            ),
            "retention_days": settings.UNSELECTED_RETENTION_DAYS,
            "retention_due": services.retention_due(campaign) if campaign.archived_at else None,
        },
    )


@login_required
@require_POST
def archive_confirm(request, pk: int):
    campaign = managed_campaign(request, pk)
    back = redirect("archives:campaign", campaign.pk)
    archive = queries.archive_of(campaign)
    try:
        if archive is not None and archive.state == CampaignArchive.State.FAILED:
            services.retry_build(archive, by=request.user, request=request)
            messages.success(request, _("正在重新生成归档文件。"))
            return back
        form = ArchiveForm(request.POST, campaign=campaign)
        if not form.is_valid():
            messages.error(request, form_errors(form))
            return back
        services.archive_campaign(campaign, by=request.user, request=request)
    except SelectionError as error:
        return refuse(request, error, back.url)
    messages.success(request, _("已归档：本活动从现在起只能查看。"))
    return back


@login_required
@require_GET
def bundle_download(request, pk: int):
    campaign = managed_campaign(request, pk)
    archive = queries.archive_of(campaign)
    if archive is None or archive.state != CampaignArchive.State.DONE:
        raise Http404
    record(
        "archive.downloaded",
        actor=request.user,
        target=campaign,
        org_path=campaign.owner.path,
        after={"edition": archive.edition, "bundle_sha256": archive.bundle_sha256},
        request=request,
    )
    response = FileResponse(
        services.archives_storage().open(archive.bundle, "rb"),
        as_attachment=True,
        filename=archive.bundle.rsplit("/", 1)[-1],
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response
