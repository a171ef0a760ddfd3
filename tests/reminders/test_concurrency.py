"""On PostgreSQL: two schedulers running the reminders at the same moment give each once."""

import pytest
from django.core import mail

from audit.models import AuditEvent
from reminders import services
from reminders.models import ReminderLog
from tests.racing import race

from .arrange import hours_before

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_concurrent_runs_send_each_reminder_once(scoring, reviewer, mailoutbox):
    at = hours_before(23)

    outcomes = race(
        lambda: services.send_due_reminders(now=at), lambda: services.send_due_reminders(now=at)
    )

    assert sorted(outcomes) == [0, 1]
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    assert ReminderLog.objects.count() == 1
    assert AuditEvent.objects.filter(verb="reminder.sent").count() == 1
