"""``manage.py serve`` (what ``make run`` starts) runs a Celery worker and beat in the web process
when there is no broker: a report is built after the response, and phases advance on their own."""

import datetime
import threading
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from config import embedded
from config.celery import app
from reports import services as report_services
from reports.choices import JobState, Kind
from reports.models import ReportJob
from selection.choices import Phase
from tests.factories import CampaignFactory


@pytest.fixture
def running(settings, tmp_path):
    """The embedded worker and beat, as ``serve`` starts them, stopped after the test."""
    settings.REDIS_URL = ""
    settings.VAR_DIR = tmp_path
    assert embedded.start()
    assert not embedded.start()  # once per process
    yield
    embedded.stop()


def wait_for(predicate, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_report_is_built_by_the_worker_after_the_response(
    client, city_admin, city, monkeypatch, running
):
    campaign = CampaignFactory(owner=city, phase=Phase.CONCLUDED)
    release = threading.Event()
    build = report_services.run_job

    def held_build(job_id):
        release.wait(10)
        return build(job_id)

    monkeypatch.setattr(report_services, "run_job", held_build)
    client.force_login(city_admin)

    response = client.post(reverse("reports:new"), {"kind": Kind.SUMMARY, "campaign": campaign.pk})

    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert job.state == JobState.QUEUED  # the page answered while the job waits for the worker
    release.set()
    assert wait_for(lambda: ReportJob.objects.get().state == JobState.DONE)


@pytest.mark.django_db(transaction=True)
def test_a_campaign_past_its_deadline_advances_without_anyone_acting(
    city, monkeypatch, settings, tmp_path
):
    # Every minute in the real schedule; a tenth of a second here.
    schedule = settings.CELERY_BEAT_SCHEDULE["advance-campaign-phases"]
    assert schedule["schedule"] <= 60
    monkeypatch.setitem(
        app.conf, "beat_schedule", {"advance-campaign-phases": {**schedule, "schedule": 0.1}}
    )
    campaign = CampaignFactory(
        owner=city, phase=Phase.DRAFT, opens_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    settings.REDIS_URL = ""
    settings.VAR_DIR = tmp_path
    assert embedded.start()
    try:
        assert wait_for(
            lambda: type(campaign).objects.get(pk=campaign.pk).phase == Phase.NOMINATING
        )
    finally:
        embedded.stop()


def test_with_a_broker_serve_leaves_the_worker_and_beat_to_their_own_processes(settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"

    assert not embedded.start()
