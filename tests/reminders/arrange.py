"""Time and actions the reminder tests share."""

import datetime

from django.utils import timezone

from evaluations import services as review

#: The scoring (or nominating) deadline of the campaigns under test, in the portal's time zone.
DEADLINE = timezone.make_aware(datetime.datetime(2026, 12, 20, 18, 0))


def hours_before(hours: float) -> datetime.datetime:
    return DEADLINE - datetime.timedelta(hours=hours)


def submit(card, reviewer):
    criteria = card.nomination.campaign.criteria.all()
    review.save_card(card, by=reviewer, scores={c.pk: ("20", "") for c in criteria})
    return review.submit_card(card, by=reviewer)
