"""The 公示 form counts working days only on a calendar it has: a period reaching a year whose
holidays and 调休 neither the chinese-calendar package nor the admins have entered is refused,
instead of counting 元旦 as a working day."""

import datetime
import re

import pytest
from chinese_calendar import constants
from django.urls import reverse
from django.utils import timezone

from selection import workdays
from selection.models import CalendarDay, PublicNotice

pytestmark = pytest.mark.django_db
D = datetime.date

#: The first year the package does not carry (2027 with the package of late 2026).
UNCHARTED = max(day.year for day in constants.holidays) + 1


def feedback(body: str, field_id: str) -> list[str]:
    """The invalid-feedback messages crispy renders under the field ``field_id``."""
    return re.findall(rf'id="error_\d+_{field_id}"><strong>(.*?)</strong>', body)


def open_notice(client, campaign, starts_on: datetime.date):
    return client.post(
        reverse("selection:notice_open", args=[campaign.pk]),
        {"starts_on": starts_on.isoformat(), "working_days": "5", "contact": "市委组织部 0000"},
    )


def test_a_notice_starting_on_new_years_day_of_a_year_not_entered_is_refused_at_the_start_date(
    client, shortlisted, city_admin
):
    client.force_login(city_admin)

    response = open_notice(client, shortlisted[0].campaign, D(UNCHARTED, 1, 1))

    body = response.content.decode()
    assert response.status_code == 400
    assert not PublicNotice.objects.exists()
    assert feedback(body, "id_starts_on") == [
        f"{UNCHARTED} 年的节假日与调休安排尚未录入，无法计算工作日：请先在“节假日与调休”中录入。"
    ]
    assert f'value="{UNCHARTED}-01-01"' in body
    assert 'value="市委组织部 0000"' in body
    assert f'href="{reverse("selection:calendar")}"' in body


def test_a_notice_running_into_a_year_not_entered_is_refused_too(client, shortlisted, city_admin):
    """Five working days from the last Monday of the year reach into the next one."""
    client.force_login(city_admin)
    last_monday = D(UNCHARTED - 1, 12, 31)
    last_monday -= datetime.timedelta(days=last_monday.weekday())
    if last_monday < timezone.localdate():
        pytest.skip("the last Monday of the package's last year has passed")

    response = open_notice(client, shortlisted[0].campaign, last_monday)

    assert response.status_code == 400
    assert feedback(response.content.decode(), "id_starts_on")[0].startswith(
        f"{UNCHARTED} 年的节假日与调休安排尚未录入"
    )


def test_the_notice_opens_once_an_admin_enters_that_years_new_year_holiday(
    client, shortlisted, city_admin
):
    client.force_login(city_admin)
    client.post(
        reverse("selection:calendar"),
        {"date": f"{UNCHARTED}-01-01", "kind": "holiday", "note": "元旦"},
    )

    response = open_notice(client, shortlisted[0].campaign, D(UNCHARTED, 1, 1))

    assert response.status_code == 302
    opened = PublicNotice.objects.get()
    # 元旦 is not counted: the period ends as one starting the day after would.
    assert opened.ends_on == workdays.end_after(D(UNCHARTED, 1, 2), 5)


def test_a_notice_in_a_year_the_package_carries_needs_no_day_entered(
    client, shortlisted, city_admin
):
    client.force_login(city_admin)
    today = timezone.localdate()
    if today.year >= UNCHARTED or workdays.end_after(today, 5).year >= UNCHARTED:
        pytest.skip("five working days from today reach a year the package does not carry")

    response = open_notice(client, shortlisted[0].campaign, today)

    assert response.status_code == 302
    assert not CalendarDay.objects.exists()
    assert PublicNotice.objects.get().starts_on == today


def test_a_year_is_known_when_the_package_carries_it_or_a_day_of_it_is_listed(
    django_assert_num_queries,
):
    last_official = UNCHARTED - 1

    with django_assert_num_queries(0):
        assert workdays.unknown_years(D(last_official, 1, 1), D(last_official, 12, 31)) == []
    with django_assert_num_queries(1):
        assert workdays.unknown_years(D(last_official, 12, 28), D(UNCHARTED + 1, 1, 8)) == [
            UNCHARTED,
            UNCHARTED + 1,
        ]
    CalendarDay.objects.create(date=D(UNCHARTED, 2, 1), kind="holiday", note="春节")
    assert workdays.unknown_years(D(UNCHARTED, 1, 1), D(UNCHARTED + 1, 1, 8)) == [UNCHARTED + 1]
