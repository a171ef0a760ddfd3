"""Demo data: the reminders the scheduler gives a day before the scoring deadline of the
campaign being scored, so the demo reviewer finds the sign-in reminder, and those it gives now
in the campaign run level by level, whose 党总支 stage closed with a node late (idempotent: a
reminder given is not given again)."""

from __future__ import annotations

import datetime

from evaluations import stage_demo
from evaluations.demo import SCORING_TITLE
from selection.models import Campaign

from . import services


def seed() -> None:
    scoring = Campaign.objects.filter(title=SCORING_TITLE)
    campaign = scoring.first()
    if campaign is not None and campaign.reviewing_deadline is not None:
        # That campaign's only: at a time ahead of today, another campaign's deadline would be
        # seen as passed (a 公示 "overdue" that still runs).
        services.send_due_reminders(
            now=campaign.reviewing_deadline - datetime.timedelta(hours=23), campaigns=scoring
        )
    # The admins above the late 党总支 are told, as the beat would tell them now.
    services.send_due_reminders(campaigns=Campaign.objects.filter(title=stage_demo.TITLE))
