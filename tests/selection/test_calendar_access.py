"""节假日与调休: every admin reads the list the notice's working days are counted by (the
/campaigns/ page and the notice page link to it); only an admin of a whole tree (市委/区委
组织部) keeps it. The link is shown by the same rule as the page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from members.choices import Role
from selection import workdays
from selection.models import CalendarDay
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

CALENDAR = reverse("selection:calendar")


@pytest.fixture
def new_years_day(city_admin):
    return workdays.add_calendar_day(
        date=timezone.localdate().replace(month=1, day=1),
        kind="holiday",
        note="元旦",
        by=city_admin,
    )


@pytest.fixture
def committee_admin(committee_a):
    """A 党委 admin, as the demo's zongzhi and dangwei."""
    return user_with_role(Role.ADMIN, committee_a, username="admin_committee")


def test_a_committee_admin_follows_the_link_on_the_campaign_list_and_reads_the_calendar(
    client, committee_admin, new_years_day
):
    client.force_login(committee_admin)

    campaigns = client.get(reverse("selection:campaign_list")).content.decode()
    page = client.get(CALENDAR)

    assert f'href="{CALENDAR}"' in campaigns
    assert page.status_code == 200
    body = page.content.decode()
    assert "元旦" in body
    main = body.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<form" not in main  # nothing to add or delete
    assert reverse("selection:calendar_remove", args=[new_years_day.pk]) not in body


def test_a_committee_admin_cannot_add_or_delete_a_day(client, committee_admin, new_years_day):
    client.force_login(committee_admin)

    added = client.post(CALENDAR, {"date": "2027-10-01", "kind": "holiday", "note": "国庆"})
    removed = client.post(reverse("selection:calendar_remove", args=[new_years_day.pk]))

    assert added.status_code == 403 and removed.status_code == 403
    assert list(CalendarDay.objects.values_list("note", flat=True)) == ["元旦"]


def test_the_city_admin_keeps_the_calendar(client, city_admin, new_years_day):
    client.force_login(city_admin)

    body = client.get(CALENDAR).content.decode()

    assert 'name="date"' in body
    assert reverse("selection:calendar_remove", args=[new_years_day.pk]) in body


@pytest.mark.parametrize("persona", ["secretary", "reviewer", "integrity_officer", "auditor"])
def test_who_is_no_admin_neither_reads_it_here(client, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(CALENDAR).status_code == 403
