import io

import pytest
from django.core.management import call_command

from audit.models import AuditEvent
from members.choices import OrgKind, Role
from members.models import Member, Organization, RoleAssignment, User
from reminders.models import ReminderLog


def _counts():
    return (
        Organization.objects.count(),
        Member.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
    )


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_counts_and_lists_every_account():
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())

    assert _counts() == first
    assert Organization.objects.filter(kind=OrgKind.CITY).count() == 1
    assert Organization.objects.filter(kind=OrgKind.COMMITTEE).count() >= 5
    assert Organization.objects.filter(kind=OrgKind.BRANCH).count() >= 40
    assert Member.objects.count() >= 2000
    assert set(User.objects.values_list("username", flat=True)) >= {
        "admin",
        "secretary",
        "reviewer",
        "integrity",
    }
    assert (
        RoleAssignment.objects.filter(user__username="secretary", role=Role.SECRETARY).count() == 2
    )
    assert User.objects.get(username="admin").check_password("demo12345")
    listed = {line.split()[0] for line in output.getvalue().splitlines() if line.startswith("  ")}
    assert listed == set(
        RoleAssignment.objects.values_list("user__username", flat=True)
    )  # reviewer2–reviewer6 of the three-reviewer committees too
    assert {f"reviewer{n}" for n in range(2, 7)} <= listed
    assert AuditEvent.objects.filter(verb="role.assigned").count() == RoleAssignment.objects.count()
    # The demo reviewer's cards left to do: reminded once, whichever run of the seeder.
    assert ReminderLog.objects.filter(recipient__username="reviewer", kind="scoring").count() == 1
    # The 逐级推荐 campaign's late 党总支: the admin above it (its 工委 has none: the city's) is
    # told once that it may decide for it.
    late = ReminderLog.objects.get(kind="stage_overdue")
    assert (late.recipient.username, late.items) == ("admin", 1)


@pytest.mark.django_db
def test_a_demo_campaign_saved_unchanged_records_no_deadline_change():
    """The demo's deadlines are to the minute, as the campaign form saves them."""
    from selection.models import Campaign

    call_command("seed_demo", stdout=io.StringIO())

    deadlines = Campaign.objects.values_list(
        "nominating_deadline", "screening_deadline", "reviewing_deadline"
    )
    for moment in (m for row in deadlines for m in row if m is not None):
        assert (moment.second, moment.microsecond) == (0, 0)
