"""Exactly one Celery beat sends the periodic tasks: a second one, started by mistake on another
host, sends nothing while the first one's turn lasts (config/beat.py)."""

from datetime import timedelta
from unittest import mock

import pytest
from celery.beat import ScheduleEntry
from django.conf import settings
from django.core.cache import cache

from config.beat import SingleBeatScheduler
from config.celery import app


class Beat(SingleBeatScheduler):
    """A beat that notes what it would send instead of sending it."""

    def __init__(self, tmp_path, name):
        super().__init__(app=app, schedule_filename=str(tmp_path / name), lazy=True)
        self.sent = []

    def apply_async(self, entry, producer=None, advance=True, **kwargs):
        self.sent.append(entry.name)


def _entry(seconds: int = 60) -> ScheduleEntry:
    return ScheduleEntry(
        name="advance-campaign-phases",
        task="selection.advance_phases",
        schedule=timedelta(seconds=seconds),
        app=app,
    )


def test_beat_uses_the_single_beat_scheduler():
    assert settings.CELERY_BEAT_SCHEDULER == "config.beat.SingleBeatScheduler"
    assert app.conf.beat_scheduler == "config.beat.SingleBeatScheduler"


def test_of_two_beats_only_the_first_sends_a_due_task(tmp_path):
    first, second = Beat(tmp_path, "a"), Beat(tmp_path, "b")

    first.apply_entry(_entry())
    second.apply_entry(_entry())

    assert (first.sent, second.sent) == (["advance-campaign-phases"], [])


def test_once_the_turn_has_passed_either_beat_sends_again(tmp_path):
    first, second = Beat(tmp_path, "a"), Beat(tmp_path, "b")
    first.apply_entry(_entry())

    cache.delete("beat:advance-campaign-phases")  # nine tenths of the interval later
    second.apply_entry(_entry())

    assert second.sent == ["advance-campaign-phases"]


@pytest.mark.parametrize(("seconds", "turn"), [(60, 54), (86400, 77760), (1, 1)])
def test_a_turn_lasts_nine_tenths_of_the_entry_s_interval(tmp_path, seconds, turn):
    with mock.patch.object(cache, "add", return_value=True) as add:
        Beat(tmp_path, "a").apply_entry(_entry(seconds))

    add.assert_called_once_with("beat:advance-campaign-phases", 1, turn)
