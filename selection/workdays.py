"""Working days on the Chinese calendar: Monday to Friday, less the listed public holidays, plus
the listed make-up working days (调休) that fall on a weekend. The lists are the portal's own
calendar (:class:`CalendarDay`, page 节假日与调休), filled from the ``chinese-calendar`` package by
``manage.py load_calendar`` and kept by the admins."""

from __future__ import annotations

import datetime

from .models import CalendarDay


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
