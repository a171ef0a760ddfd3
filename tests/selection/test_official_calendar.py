"""The working-day calendar comes filled with the State Council's schedule (chinese-calendar)."""

import datetime
import io

import pytest
from django.core.management import call_command

from audit.models import AuditEvent
from selection import notice, workdays
from selection.choices import Phase, State
from selection.models import CalendarDay
from tests.factories import CampaignFactory, NominationFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_notice_opened_on_the_friday_before_national_day_ends_when_the_official_calendar_says(
    city, branch_a1, city_admin
):
    call_command("load_calendar", verbosity=0)
    campaign = CampaignFactory(owner=city, phase=Phase.REVIEWING)
    NominationFactory(campaign=campaign, member__organization=branch_a1, state=State.SHORTLISTED)

    running = notice.open_notice(
        campaign, starts_on=D(2026, 9, 25), working_days=5, contact="组织部 0000", by=city_admin
    )

    # Fri 25 Sep, Mon 28 – Wed 30 Sep, then 1–8 October off (国庆 and 中秋 together in 2026):
    # the fifth working day is Friday 9 October.
    assert running.ends_on == D(2026, 10, 9)


def test_the_official_days_are_weekday_holidays_and_weekend_make_up_days():
    added = workdays.load_official_calendar()

    assert added == CalendarDay.objects.count() > 0
    national_day = CalendarDay.objects.get(date=D(2026, 10, 1))
    assert (national_day.kind, national_day.note) == (CalendarDay.Kind.HOLIDAY, "国庆节")
    make_up = CalendarDay.objects.get(date=D(2026, 10, 10))  # a Saturday worked
    assert (make_up.kind, make_up.note) == (CalendarDay.Kind.WORKDAY, "国庆节调休")
    assert not CalendarDay.objects.filter(date=D(2026, 10, 3)).exists()  # a Saturday off anyway
    assert AuditEvent.objects.filter(verb="calendar.official_loaded").count() == 1


def test_loading_again_adds_nothing_and_keeps_the_days_admins_entered():
    CalendarDay.objects.create(date=D(2026, 10, 1), kind=CalendarDay.Kind.HOLIDAY, note="本地")
    CalendarDay.objects.create(date=D(2026, 11, 20), kind=CalendarDay.Kind.HOLIDAY, note="本地")
    first = workdays.load_official_calendar()

    assert workdays.load_official_calendar() == 0
    assert CalendarDay.objects.count() == first + 2
    assert CalendarDay.objects.get(date=D(2026, 10, 1)).note == "本地"
    assert AuditEvent.objects.filter(verb="calendar.official_loaded").count() == 1


def test_the_demo_seeds_the_official_calendar(settings):
    settings.DEMO_SEEDERS = ["members.demo.seed", "selection.demo.seed"]

    call_command("seed_demo", stdout=io.StringIO())

    assert workdays.end_after(D(2026, 9, 25), 5) == D(2026, 10, 9)
