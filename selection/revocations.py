"""撤销荣誉: revoking the honour of an exemplar later found unworthy (discipline, a substantiated
complaint). The profile leaves the gallery (its page answers 410), the decision is kept with its
reason and document reference (the 撤销名单), and may be publicised on the notice pages."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import gallery, rules, workflow
from .errors import SelectionError
from .models import ExemplarProfile, Nomination, Revocation

#: A revocation is shown on the notice pages at most this long.
MAX_NOTICE_DAYS = 365


def revoke_honour(
    nomination: Nomination,
    *,
    reason: str,
    document: str,
    notice_days: int | None = None,
    by,
    request=None,
) -> Revocation:
    """Revoke the honour of an approved or published nomination (also in an archived year).

    Side effects: the nomination moves to 已撤销荣誉 (Transition, audit ``nomination.revoke``
    with the document reference, e-mail to the branch); its profile is unpublished; the public
    pages are invalidated; the revocation is shown on the notice pages for ``notice_days``
    (default REVOCATION_NOTICE_DAYS; 0: not shown)."""
    reason = (reason or "").strip()
    document = (document or "").strip()
    days = settings.REVOCATION_NOTICE_DAYS if notice_days is None else notice_days
    if not rules.can_manage_campaign(by, nomination.campaign):
        raise SelectionError(_("您只能管理本组织范围内的评选活动。"), status=403)
    if not reason:
        raise SelectionError(_("请填写撤销理由。"))
    if not document:
        raise SelectionError(_("请填写撤销决定文号。"))
    if not 0 <= days <= MAX_NOTICE_DAYS:
        raise SelectionError(_("公告天数须在 0 至 %(max)d 之间。") % {"max": MAX_NOTICE_DAYS})
    today = timezone.localdate()
    public_until = today + datetime.timedelta(days=days) if days else None

    def guard(locked: Nomination) -> list[str]:
        Revocation.objects.create(
            nomination=locked,
            reason=reason,
            document=document,
            public_until=public_until,
            revoked_by=by,
        )
        ExemplarProfile.objects.filter(nomination=locked).update(published_at=None)
        return []

    with transaction.atomic():
        workflow.revoke(
            nomination,
            by=by,
            reason=reason,
            guard=guard,
            details={"document": document, "public_until": str(public_until or "")},
            request=request,
        )
        gallery.PUBLIC_PAGES.bump()  # as unpublishing does
    return Revocation.objects.get(nomination=nomination)
