"""Working days on the Chinese calendar: Monday to Friday, less the listed public holidays, plus
the listed make-up working days (调休) that fall on a weekend. The lists are the portal's own
calendar (:class:`CalendarDay`, page 节假日与调休), filled from the ``chinese-calendar`` package by
``manage.py load_calendar`` and kept by the admins."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record
from config.cache import Generation

from . import rules
from .errors import SelectionError
from .models import CalendarDay

#: Changes whenever the holiday and make-up working day lists do: part of the key of the public
#: calendar cached by the API (api/public.py).
CALENDAR = Generation("calendar")


def exceptions(start: datetime.date, end: datetime.date) -> tuple[set, set]:
    """(holidays, make-up working days) between two dates, in one query."""
    holidays, workdays = set(), set()
    for date, kind in CalendarDay.objects.filter(date__range=(start, end)).values_list(
        "date", "kind"
    ):
        (holidays if kind == CalendarDay.Kind.HOLIDAY else workdays).add(date)
    return holidays, workdays


def unknown_years(start: datetime.date, end: datetime.date) -> list[int]:
    """The years from ``start`` to ``end`` whose holiday arrangement the portal does not have, in
    order: working days counted in them would take every weekday for one (元旦 included).

    A year is known when the ``chinese-calendar`` package carries the State Council's schedule
    for it (``load_calendar`` copies it into the calendar), or when the calendar lists at least
    one day of it, official or entered by an admin: no year's arrangement is without a weekday
    holiday (元旦, 春节), so a year with none listed has not been entered. The calendar does not
    record who entered a day, so one day is taken as the year's arrangement being in. Places
    counting working days from a date a user typed refuse such a period (the 公示 form); the
    services take any date. At most one query (none for the years the package covers)."""
    from chinese_calendar import constants

    official = {day.year for day in constants.holidays}
    asked = [year for year in range(start.year, end.year + 1) if year not in official]
    if not asked:
        return []
    listed = {
        day.year for day in CalendarDay.objects.filter(date__year__in=asked).dates("date", "year")
    }
    return [year for year in asked if year not in listed]


def is_working_day(day: datetime.date, holidays: set, workdays: set) -> bool:
    if day in workdays:
        return True
    return day.weekday() < 5 and day not in holidays


def end_after(start: datetime.date, working_days: int) -> datetime.date:
    """The last day of a period of ``working_days`` working days beginning on ``start``
    (``start`` counts when it is a working day)."""
    # A generous window: 5 working days never span more than a Golden Week and two weekends.
    horizon = start + datetime.timedelta(days=working_days * 3 + 14)
    holidays, workdays = exceptions(start, horizon)
    day, counted = start, 0
    while True:
        if is_working_day(day, holidays, workdays):
            counted += 1
            if counted == working_days:
                return day
        day += datetime.timedelta(days=1)


def count_between(start: datetime.date, end: datetime.date) -> int:
    """Working days from ``start`` to ``end``, both included."""
    holidays, workdays = exceptions(start, end)
    days = (end - start).days + 1
    return sum(
        is_working_day(start + datetime.timedelta(days=i), holidays, workdays) for i in range(days)
    )


def add_calendar_day(*, date, kind: str, note: str, by, request=None) -> CalendarDay:
    """The admins of a whole tree keep the holiday and make-up working day lists (audited)."""
    if not rules.can_keep_calendar(by):
        raise SelectionError(_("节假日由市（区）委组织部管理员维护。"), status=403)
    day, _created = CalendarDay.objects.update_or_create(
        date=date, defaults={"kind": kind, "note": note}
    )
    CALENDAR.bump()
    record(
        "calendar.day_set",
        actor=by,
        after={"date": str(date), "kind": kind, "note": note},
        request=request,
    )
    return day


def remove_calendar_day(day: CalendarDay, *, by, request=None) -> None:
    if not rules.can_keep_calendar(by):
        raise SelectionError(_("节假日由市（区）委组织部管理员维护。"), status=403)
    record(
        "calendar.day_removed",
        actor=by,
        before={"date": str(day.date), "kind": day.kind},
        request=request,
    )
    day.delete()
    CALENDAR.bump()


#: The State Council's holidays (chinese_calendar's English names) as the calendar page shows them.
OFFICIAL_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


@transaction.atomic
def load_official_calendar() -> int:
    """Add the State Council's public holidays on weekdays and make-up working days (调休) on
    weekends, for every year the ``chinese-calendar`` package knows; returns how many were added.

    Idempotent: a date already listed is left as it is, so a day an admin entered (or changed)
    wins over the official one. The package carries each year's schedule once it is published
    (usually in November): upgrade it and run ``manage.py load_calendar`` again.
    """
    from chinese_calendar import constants

    days = [
        CalendarDay(
            date=date,
            kind=CalendarDay.Kind.HOLIDAY,
            note=OFFICIAL_HOLIDAY_NAMES.get(name, name),
        )
        for date, name in constants.holidays.items()
        if date.weekday() < 5
    ] + [
        CalendarDay(
            date=date,
            kind=CalendarDay.Kind.WORKDAY,
            note=f"{OFFICIAL_HOLIDAY_NAMES.get(name, name)}调休",
        )
        for date, name in constants.workdays.items()
        if date.weekday() >= 5
    ]
    listed = set(CalendarDay.objects.values_list("date", flat=True))
    new = [day for day in days if day.date not in listed]
    CalendarDay.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        CALENDAR.bump()
        record(
            "calendar.official_loaded",
            after={
                "added": len(new),
                "first": str(min(d.date for d in new)),
                "last": str(max(d.date for d in new)),
            },
        )
    return len(new)
