"""Secretaries are reminded before the nominating deadline while their quota is not used;
admins after a deadline passed with work left, and not when nothing is left."""

import datetime

from django.urls import reverse
from django.utils import timezone

from selection import notice
from selection.choices import State
from tests.factories import CampaignFactory, NominationFactory, campaign_form

from .arrange import DEADLINE, hours_before, submit


def _mailed(mailoutbox):
    return sorted(address for m in mailoutbox for address in m.to)


def test_secretaries_with_places_left_are_reminded_and_those_with_the_quota_used_are_not(
    city, secretary, other_secretary, branch_a1, branch_a2, run, mailoutbox
):
    campaign = CampaignFactory(
        owner=city, phase="nominating", nominating_deadline=DEADLINE, quota_value=1
    )
    NominationFactory(campaign=campaign, member__organization=branch_a1, state=State.SUBMITTED)

    assert run(hours_before(71)) == 1

    assert _mailed(mailoutbox) == [other_secretary.email]
    assert "东区二支部：名额 1，已用 0，尚余 1" in mailoutbox[0].body


def test_a_draft_does_not_use_the_quota(city, secretary, branch_a1, run, mailoutbox):
    campaign = CampaignFactory(owner=city, phase="nominating", nominating_deadline=DEADLINE)
    NominationFactory(campaign=campaign, member__organization=branch_a1, state=State.DRAFT)

    run(hours_before(23))

    assert _mailed(mailoutbox) == [secretary.email]


def test_admins_are_reminded_once_when_the_scoring_deadline_passed_with_cards_missing(
    scoring, city_admin, admin, run, mailoutbox
):
    after = DEADLINE + datetime.timedelta(minutes=5)
    run(after)
    run(after + datetime.timedelta(hours=1))

    # The campaign is the city's: its admins are told, not a district's.
    assert _mailed(mailoutbox) == [city_admin.email]
    assert "未提交的评分表 3 份" in mailoutbox[0].body


def test_admins_are_not_reminded_when_nothing_is_left(scoring, reviewer, run, mailoutbox):
    _campaign, cards = scoring
    for card in cards:
        submit(card, reviewer)

    assert run(DEADLINE + datetime.timedelta(minutes=5)) == 0
    assert mailoutbox == []


def test_a_deadline_long_past_is_not_reminded(scoring, run, mailoutbox):
    assert run(DEADLINE + datetime.timedelta(days=8)) == 0


def test_admins_are_reminded_after_screening_with_nominations_unscreened(
    city, city_admin, branch_a1, run, mailoutbox
):
    campaign = CampaignFactory(owner=city, phase="reviewing", screening_deadline=DEADLINE)
    NominationFactory(campaign=campaign, member__organization=branch_a1, state=State.SUBMITTED)

    run(DEADLINE + datetime.timedelta(hours=2))

    assert _mailed(mailoutbox) == [city_admin.email]
    assert "待资格审查的推荐 1 份" in mailoutbox[0].body
    assert "待出具廉洁意见的推荐 1 份" in mailoutbox[0].body


def test_admins_are_reminded_when_the_notice_ended_with_an_objection_open(
    city, city_admin, branch_a1, run, mailoutbox
):
    campaign = CampaignFactory(owner=city, phase="reviewing")
    shortlisted = NominationFactory(
        campaign=campaign, member__organization=branch_a1, state=State.SHORTLISTED
    )
    running = notice.open_notice(
        campaign, starts_on=datetime.date.today(), working_days=5, contact="组织部", by=city_admin
    )
    notice.file_objection(running, shortlisted, name="王群众", contact="139", text="反映情况" * 6)
    running.refresh_from_db()
    ends = datetime.datetime.combine(running.ends_on, datetime.time(23, 0))

    assert run(timezone.make_aware(ends)) == 0  # the notice's last day is not over
    assert run(timezone.make_aware(ends + datetime.timedelta(hours=2))) == 1
    assert "待处理的异议 1 件" in mailoutbox[0].body


def test_the_admin_turns_reminders_off_on_the_campaign_form(client, city, city_admin):
    campaign = CampaignFactory(owner=city)
    client.force_login(city_admin)
    form = campaign_form(campaign)
    url = reverse("selection:campaign_edit", args=[campaign.pk])
    assert 'name="reminders_enabled"' in client.get(url).content.decode()

    client.post(url, form)  # an unticked box is not posted

    campaign.refresh_from_db()
    assert campaign.reminders_enabled is False
    client.post(url, {**form, "reminders_enabled": "on"})
    campaign.refresh_from_db()
    assert campaign.reminders_enabled is True


def test_reminders_given_for_some_campaigns_leave_the_others_alone(
    scoring, city, city_admin, branch_a1, django_capture_on_commit_callbacks
):
    """What the demo data does: the scoring campaign's reminders at a time ahead of today,
    without a running 公示 of another campaign shown as overdue."""
    from reminders import services
    from reminders.models import ReminderLog
    from selection.models import Campaign

    campaign, _cards = scoring
    other = CampaignFactory(owner=city, phase="reviewing")
    NominationFactory(campaign=other, member__organization=branch_a1, state=State.SHORTLISTED)
    running = notice.open_notice(
        other, starts_on=datetime.date.today(), working_days=5, contact="组织部", by=city_admin
    )
    # an objection left open keeps the 公示 one that calls for a reminder once it ends
    notice.file_objection(
        running, other.nominations.get(), name="王群众", contact="139", text="反映情况" * 6
    )
    later = timezone.make_aware(datetime.datetime.combine(running.ends_on, datetime.time()))
    later += datetime.timedelta(days=2)

    with django_capture_on_commit_callbacks(execute=True):
        services.send_due_reminders(now=later, campaigns=Campaign.objects.filter(pk=campaign.pk))

    assert set(ReminderLog.objects.values_list("campaign_id", flat=True)) <= {campaign.pk}
    assert not ReminderLog.objects.filter(campaign=other).exists()
