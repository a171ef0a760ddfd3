"""The reminder points come from the environment; the scheduler runs the reminders."""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.celery import app
from config.env import env_hours


def test_the_points_default_to_72_and_24_hours(monkeypatch):
    monkeypatch.delenv("REMINDER_HOURS_BEFORE_SCORING", raising=False)

    assert env_hours("REMINDER_HOURS_BEFORE_SCORING", "72,24") == [72, 24]


def test_points_from_the_environment_are_read_latest_first(monkeypatch):
    monkeypatch.setenv("REMINDER_HOURS_BEFORE_SCORING", " 24, 168,72,24 ")

    assert env_hours("REMINDER_HOURS_BEFORE_SCORING", "72,24") == [168, 72, 24]


@pytest.mark.parametrize("value", ["72,abc", "-24", "0", "1.5"])
def test_a_bad_point_stops_the_start_with_a_clear_message(monkeypatch, value):
    monkeypatch.setenv("REMINDER_HOURS_BEFORE_SCORING", value)

    with pytest.raises(ImproperlyConfigured, match="REMINDER_HOURS_BEFORE_SCORING"):
        env_hours("REMINDER_HOURS_BEFORE_SCORING", "72,24")


def test_the_scheduler_runs_the_reminders_every_five_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["send-deadline-reminders"]

    assert (entry["task"], entry["schedule"]) == ("reminders.send_due", 300.0)
    assert entry["task"] in app.tasks
