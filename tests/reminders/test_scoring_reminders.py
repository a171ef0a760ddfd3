"""Reviewers with cards not submitted are reminded before the scoring deadline: once at each
point, in one digest, never after submitting, not at all where the campaign turned them off."""

import datetime

from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from reminders import tasks
from reminders.models import ReminderLog

from .arrange import DEADLINE, hours_before, submit


def _reviewer_mails(mailoutbox, reviewer):
    return [m for m in mailoutbox if m.to == [reviewer.email]]


def test_a_reviewer_is_reminded_once_at_72_hours_and_once_at_24_hours(
    scoring, reviewer, run, mailoutbox
):
    times = [80, 71, 70, 50, 23, 22, 1]
    for hours in times:
        run(hours_before(hours))

    mails = _reviewer_mails(mailoutbox, reviewer)
    assert len(mails) == 2
    assert [log.point for log in ReminderLog.objects.filter(recipient=reviewer)] == [24, 72]
    assert "2026-12-20 18:00" in mails[0].subject


def test_a_campaign_found_late_gets_only_the_last_point_passed(scoring, reviewer, run):
    run(hours_before(20))
    run(hours_before(10))

    assert [log.point for log in ReminderLog.objects.filter(recipient=reviewer)] == [24]


def test_no_reminder_after_the_cards_are_submitted(scoring, reviewer, run, mailoutbox):
    _campaign, cards = scoring
    run(hours_before(71))
    for card in cards:
        submit(card, reviewer)

    run(hours_before(23))

    assert len(_reviewer_mails(mailoutbox, reviewer)) == 1
    assert [log.point for log in ReminderLog.objects.filter(recipient=reviewer)] == [72]


def test_the_digest_is_one_mail_listing_all_three_cards(scoring, reviewer, run, mailoutbox):
    run(hours_before(23))

    (mail,) = _reviewer_mails(mailoutbox, reviewer)
    for name in ("张三", "李四", "王五"):
        assert name in mail.body
        assert name in mail.alternatives[0].content
    assert "3 份评分表未提交" in mail.body
    log = ReminderLog.objects.get(recipient=reviewer)
    assert (log.items, log.email, log.emailed_at is not None) == (3, reviewer.email, True)


def test_a_second_run_sends_nothing_new(scoring, reviewer, run, mailoutbox):
    first = run(hours_before(23))
    second = run(hours_before(23))

    assert (first, second) == (1, 0)
    assert len(mailoutbox) == 1
    assert ReminderLog.objects.count() == 1
    event = AuditEvent.objects.get(verb="reminder.sent")
    assert event.after["recipient"] == reviewer.username
    assert (event.after["kind"], event.after["point"], event.after["items"]) == ("scoring", 24, 3)


def test_the_beat_task_run_twice_reminds_once(
    scoring, reviewer, mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    campaign, _cards = scoring
    campaign.reviewing_deadline = timezone.now() + datetime.timedelta(hours=5)
    campaign.save(update_fields=["reviewing_deadline"])

    with django_capture_on_commit_callbacks(execute=True):
        tasks.task_send_due_reminders.delay()
        tasks.task_send_due_reminders.delay()  # a retry, or a second scheduler

    assert [m.to for m in mailoutbox] == [[reviewer.email]]


def test_a_campaign_with_reminders_turned_off_sends_nothing(scoring, run, mailoutbox):
    campaign, _cards = scoring
    campaign.reminders_enabled = False
    campaign.save(update_fields=["reminders_enabled"])

    assert run(hours_before(23)) == 0
    assert run(DEADLINE + datetime.timedelta(hours=1)) == 0
    assert mailoutbox == []
    assert ReminderLog.objects.count() == 0


def test_a_moved_deadline_is_reminded_again(scoring, reviewer, run):
    campaign, _cards = scoring
    run(hours_before(23))
    campaign.reviewing_deadline = DEADLINE + datetime.timedelta(days=2)
    campaign.save(update_fields=["reviewing_deadline"])

    run(hours_before(23) + datetime.timedelta(days=2))

    assert ReminderLog.objects.filter(recipient=reviewer).count() == 2


def test_a_reviewer_without_an_email_address_is_reminded_at_sign_in_only(
    scoring, reviewer, run, mailoutbox
):
    reviewer.email = ""
    reviewer.save(update_fields=["email"])

    assert run(hours_before(23)) == 1

    assert _reviewer_mails(mailoutbox, reviewer) == []
    log = ReminderLog.objects.get(recipient=reviewer)
    assert (log.email, log.emailed_at) == ("", None)


def test_the_log_is_listed_read_only_on_the_admin_site(admin_client, scoring, reviewer, run):
    run(hours_before(23))
    log = ReminderLog.objects.get(recipient=reviewer)

    listing = admin_client.get(reverse("admin:reminders_reminderlog_changelist"))

    assert listing.status_code == 200
    assert reviewer.full_name in listing.content.decode()
    assert admin_client.get(reverse("admin:reminders_reminderlog_add")).status_code == 403
    detail = admin_client.get(reverse("admin:reminders_reminderlog_change", args=[log.pk]))
    assert 'name="_save"' not in detail.content.decode()


def test_a_reviewer_who_chose_english_is_reminded_in_english(scoring, reviewer, run, mailoutbox):
    reviewer.language = "en"
    reviewer.save()

    run(hours_before(23))

    (mail,) = _reviewer_mails(mailoutbox, reviewer)
    assert mail.subject.startswith("Reminder: scoring for")
    assert "These 3 scorecards of yours are not submitted" in mail.body
    assert "评分表" not in mail.body + mail.alternatives[0].content
