"""Demo data: the reminders the scheduler gives a day before the scoring deadline of the
campaign being scored, so the demo reviewer finds the sign-in reminder (idempotent: a reminder
given is not given again)."""

from __future__ import annotations

import datetime

from evaluations.demo import SCORING_TITLE
from selection.models import Campaign

from . import services


def seed() -> None:
    scoring = Campaign.objects.filter(title=SCORING_TITLE)
    campaign = scoring.first()
    if campaign is None or campaign.reviewing_deadline is None:
        return
    # That campaign's only: at a time ahead of today, another campaign's deadline would be
    # seen as passed (a 公示 "overdue" that still runs).
    services.send_due_reminders(
        now=campaign.reviewing_deadline - datetime.timedelta(hours=23), campaigns=scoring
    )
