"""Working days on the Chinese calendar: Monday to Friday, less the listed public holidays, plus
the listed make-up working days (调休) that fall on a weekend."""

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
