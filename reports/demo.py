"""Demo: a finished report of each kind for the demo admin, on the concluded 2025 campaign (and
the notice list of the campaign now in its notice), so /reports/ shows what it does."""

from __future__ import annotations

from django.db import transaction

from members.models import User
from selection.models import Campaign, PublicNotice

from . import services
from .choices import Kind
from .models import ReportJob


def seed() -> None:
    admin = User.objects.get(username="admin")
    if ReportJob.objects.filter(requested_by=admin).exists():
        return
    concluded = Campaign.objects.filter(phase="concluded").order_by("-year").first()
    if concluded is None:
        return
    for kind in Kind.values:
        with transaction.atomic():  # the job runs on commit (eagerly without a broker)
            services.request_report(by=admin, kind=kind, campaign=concluded)
    running = PublicNotice.objects.filter(campaign__phase="notice").first()
    if running is not None:
        services.request_report(by=admin, kind=Kind.NOTICE, campaign=running.campaign)
