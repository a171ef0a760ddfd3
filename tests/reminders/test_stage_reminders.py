"""逐级推荐: before a stage's deadline the admins of each node still to decide are reminded of
their nodes, once; after it, the admins above, who may decide for them. A node that decided is
in nobody's reminder."""

import datetime

import pytest

from audit.models import AuditEvent
from evaluations.services import confirm_stage
from reminders.models import ReminderLog
from selection.models import Stage

from .arrange import DEADLINE, hours_before
from .stages import admin_of, staged_at

SITE = "https://xuanshu.example.gov.cn"


@pytest.fixture
def campaign(city, city_admin, branch_a1, branch_b1):
    return staged_at(DEADLINE, city, city_admin, [branch_a1, branch_b1])


@pytest.fixture
def people(committee_a, committee_b, district_a, district_b):
    return {
        "dangwei_a": admin_of(committee_a, "dangwei_a"),
        "dangwei_b": admin_of(committee_b, "dangwei_b"),
        "quwei_a": admin_of(district_a, "quwei_a"),
        "quwei_b": admin_of(district_b, "quwei_b"),
    }


def _mailed(mailoutbox):
    return sorted(address for m in mailoutbox for address in m.to)


def _emails(*users):
    return sorted(user.email for user in users)


def test_before_the_deadline_each_committee_s_admins_are_told_of_their_node_once(
    settings, campaign, people, committee_a, run, mailoutbox
):
    settings.SITE_URL = SITE

    assert run(hours_before(23)) == 2
    assert run(hours_before(22)) == 0  # the same point: not again

    # Only the nodes' own admins: not the 区委's, nor the city's that owns the campaign.
    assert _mailed(mailoutbox) == _emails(people["dangwei_a"], people["dangwei_b"])
    [mail] = [m for m in mailoutbox if m.to == [people["dangwei_a"].email]]
    assert "东区机关党委（第1级）" in mail.body
    assert "西区机关党委" not in mail.body
    pool = f"{SITE}/campaigns/{campaign.pk}/stages/1/{committee_a.pk}/"
    assert pool in mail.body
    assert f'href="{pool}"' in mail.alternatives[0][0]
    log = ReminderLog.objects.get(recipient=people["dangwei_a"])
    assert (log.kind, log.point, log.items, log.show_until) == ("stage", 24, 1, DEADLINE)


def test_a_node_that_decided_is_not_reminded(campaign, people, committee_a, run, mailoutbox):
    first = Stage.objects.get(campaign=campaign, position=1)
    [entry] = first.entries.filter(node=committee_a)
    confirm_stage(first, committee_a, [entry.nomination_id], by=people["dangwei_a"])

    run(hours_before(23))

    assert _mailed(mailoutbox) == _emails(people["dangwei_b"])


def test_a_node_without_admins_of_its_own_has_the_nearest_above_reminded(
    city, city_admin, branch_a1, committee_a, district_a, run, mailoutbox
):
    staged_at(DEADLINE, city, city_admin, [branch_a1])
    quwei = admin_of(district_a, "quwei_only")

    run(hours_before(23))

    assert _mailed(mailoutbox) == _emails(quwei)


def test_after_the_deadline_the_admins_above_each_late_node_are_told_once(
    campaign, people, run, mailoutbox
):
    after = DEADLINE + datetime.timedelta(minutes=5)

    assert run(after) == 2
    assert run(after + datetime.timedelta(hours=3)) == 0

    # The 区委 above each late 党委, who may decide for it; not the 党委 itself, nor the city.
    assert _mailed(mailoutbox) == _emails(people["quwei_a"], people["quwei_b"])
    [mail] = [m for m in mailoutbox if m.to == [people["quwei_a"].email]]
    assert "东区机关党委（第1级）" in mail.body
    assert "代为确定" in mail.body
    log = ReminderLog.objects.get(recipient=people["quwei_a"])
    assert (log.kind, log.point, log.items) == ("stage_overdue", 0, 1)
    assert log.show_until == DEADLINE + datetime.timedelta(days=7)


def test_no_overdue_reminder_once_the_late_node_was_decided_for_or_a_week_after(
    campaign, people, committee_a, run, mailoutbox
):
    first = Stage.objects.get(campaign=campaign, position=1)
    [entry] = first.entries.filter(node=committee_a)
    confirm_stage(first, committee_a, [entry.nomination_id], by=people["dangwei_a"])

    run(DEADLINE + datetime.timedelta(hours=1))
    assert _mailed(mailoutbox) == _emails(people["quwei_b"])
    assert run(DEADLINE + datetime.timedelta(days=8)) == 0


def test_the_reminder_is_audited_and_reaches_at_sign_in_one_without_an_address(
    campaign, people, run, mailoutbox
):
    people["dangwei_b"].email = ""
    people["dangwei_b"].save(update_fields=["email"])

    run(hours_before(23))

    assert _mailed(mailoutbox) == _emails(people["dangwei_a"])
    events = AuditEvent.objects.filter(verb="reminder.sent")
    assert sorted(e.after["recipient"] for e in events) == ["dangwei_a", "dangwei_b"]
    assert {e.after["kind"] for e in events} == {"stage"}


def test_a_campaign_with_reminders_off_or_not_in_review_gives_none(campaign, people, run):
    campaign.reminders_enabled = False
    campaign.save(update_fields=["reminders_enabled"])
    assert run(hours_before(23)) == 0

    campaign.reminders_enabled = True
    campaign.phase = "notice"
    campaign.save(update_fields=["reminders_enabled", "phase"])
    assert run(hours_before(23)) == 0
