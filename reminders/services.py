"""Sending the reminders due (the beat task's one call) and dismissing a sign-in reminder."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from audit.services import record
from members.models import User
from selection.choices import Phase
from selection.models import Campaign

from . import emails, queries
from .choices import Kind
from .models import ReminderLog

#: How long after a deadline its admins are still told about work left (a campaign found late,
#: e.g. when reminders are first deployed, does not mail about a deadline months past).
OVERDUE_WINDOW = datetime.timedelta(days=7)


@dataclass
class Due:
    """One reminder due now in a campaign: its kind, deadline and point, and, per recipient,
    the open items its digest lists."""

    kind: str
    deadline: datetime.datetime
    point: int
    show_until: datetime.datetime
    work: dict[User, Any]


def current_point(
    hours: list[int], deadline: datetime.datetime, now: datetime.datetime
) -> int | None:
    """Of the points (hours before ``deadline``), the last one passed, or None before the first
    and after the deadline. Only that one is sent: a campaign found at 20 h before its deadline
    gets the 24 h reminder, not the 72 h one as well."""
    passed = [h for h in hours if deadline - datetime.timedelta(hours=h) <= now < deadline]
    return min(passed) if passed else None


def notice_deadline(campaign: Campaign) -> datetime.datetime | None:
    """The end of the notice's last day, in the portal's time zone."""
    notice = getattr(campaign, "notice", None)
    if notice is None:
        return None
    day_after = datetime.datetime.combine(
        notice.ends_on + datetime.timedelta(days=1), datetime.time.min
    )
    return timezone.make_aware(day_after)


def due_reminders(campaign: Campaign, now: datetime.datetime) -> Iterator[Due]:
    """The reminders due now in ``campaign``, each with its recipients' open work."""
    before = [
        (
            Kind.SCORING,
            Phase.REVIEWING,
            campaign.reviewing_deadline,
            settings.REMINDER_HOURS_BEFORE_SCORING,
        ),
        (
            Kind.NOMINATING,
            Phase.NOMINATING,
            campaign.nominating_deadline,
            settings.REMINDER_HOURS_BEFORE_NOMINATING,
        ),
    ]
    for kind, phase, deadline, hours in before:
        if campaign.phase != phase or deadline is None:
            continue
        point = current_point(hours, deadline, now)
        if point is None:
            continue
        work = (
            queries.open_cards(campaign) if kind == Kind.SCORING else queries.places_left(campaign)
        )
        yield Due(kind, deadline, point, deadline, work)
    after = [
        (Kind.SCREENING_OVERDUE, campaign.screening_deadline),
        (Kind.REVIEWING_OVERDUE, campaign.reviewing_deadline),
        (Kind.NOTICE_OVERDUE, notice_deadline(campaign)),
    ]
    for kind, deadline in after:
        if deadline is None or not deadline <= now < deadline + OVERDUE_WINDOW:
            continue
        left = queries.work_left(campaign, kind)
        if left:
            admins = queries.campaign_admins(campaign)
            yield Due(kind, deadline, 0, deadline + OVERDUE_WINDOW, dict.fromkeys(admins, left))
    yield from due_stage_reminders(campaign, now)


def due_stage_reminders(campaign: Campaign, now: datetime.datetime) -> Iterator[Due]:
    """逐级推荐: before a stage's deadline (at the scoring reminders' points: a node's choice is
    made on its review), its nodes still to decide, to their admins; after it, to the admins
    above them, who may decide for them. One digest per deadline, whatever the stages due then.
    Late means what the pool page and ``confirm_stage`` take it to mean: the stage closed by
    the beat (``close_due_stages``), so the e-mail never asks for a decision from above that
    the page would not yet take."""
    stages, due = queries.stage_deadlines(campaign)
    for deadline, at in due.items():
        point = current_point(settings.REMINDER_HOURS_BEFORE_SCORING, deadline, now)
        closed = queries.reminded_stages(Kind.STAGE_OVERDUE, at)
        if point is not None:
            work = queries.pools_to_confirm(campaign, stages, at, above=False)
            yield Due(Kind.STAGE, deadline, point, deadline, work)
        elif closed and deadline <= now < deadline + OVERDUE_WINDOW:
            work = queries.pools_to_confirm(campaign, stages, closed, above=True)
            yield Due(Kind.STAGE_OVERDUE, deadline, 0, deadline + OVERDUE_WINDOW, work)


def send_due_reminders(
    now: datetime.datetime | None = None, *, campaigns: QuerySet[Campaign] | None = None
) -> int:
    """Give every reminder due now, once: for each campaign with reminders on (of
    ``campaigns``, where given), each point passed of each deadline, each recipient with work
    left gets one digest. Returns how many reminders were given.

    Side effects per reminder, in one transaction: a ``ReminderLog`` row (its unique constraint
    makes a second scheduler or a retry skip it), an ``AuditEvent`` ``reminder.sent``, and on
    commit the e-mail (to users with an address; the others see it at sign-in only).
    """
    now = now or timezone.now()
    given = 0
    running = queries.campaigns_to_remind()
    if campaigns is not None:
        running = running.filter(pk__in=campaigns.values("pk"))
    for campaign in running:
        for due in due_reminders(campaign, now):
            already = set(
                ReminderLog.objects.filter(
                    campaign=campaign, kind=due.kind, deadline=due.deadline, point=due.point
                ).values_list("recipient_id", flat=True)
            )
            for user, items in due.work.items():
                if user.pk not in already and _remind(campaign, due, user, items):
                    given += 1
    return given


def _remind(campaign: Campaign, due: Due, user: User, items) -> bool:
    """One reminder: the log row and its audit event, then the e-mail on commit. False when
    another process gave it first."""
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(
                campaign=campaign,
                kind=due.kind,
                deadline=due.deadline,
                point=due.point,
                recipient=user,
                items=sum(items.values()) if isinstance(items, dict) else len(items),
                email=user.email,
                show_until=due.show_until,
            )
            record(
                "reminder.sent",
                target=campaign,
                org_path=campaign.owner.path,
                after={
                    "kind": due.kind,
                    "deadline": due.deadline.isoformat(),
                    "point": due.point,
                    "recipient": user.get_username(),
                    "items": log.items,
                    "email": bool(user.email),
                },
            )
            if user.email:
                transaction.on_commit(lambda: emails.reminder(log, items))
    except IntegrityError:
        return False
    return True


def dismiss(log: ReminderLog, *, by) -> None:
    """Close a sign-in reminder (its owner only; the view has checked), with the earlier ones
    about the same deadline that the banner showed as one. Idempotent."""
    ReminderLog.objects.filter(
        recipient=by,
        campaign_id=log.campaign_id,
        kind=log.kind,
        deadline=log.deadline,
        dismissed_at__isnull=True,
    ).update(dismissed_at=timezone.now())
