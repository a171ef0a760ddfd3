"""``manage.py serve`` (what ``make run`` starts) runs a Celery worker and beat in the web process
when there is no broker: a report is built after the response, and phases advance on their own.

The worker and beat run in a process of their own here, as under ``make run``: a worker sets
process-wide Celery state that the rest of the suite must not inherit."""

from config import embedded
from tests.config.scripts import run_script

SCRIPT = """
import datetime, json, threading, time
import django
from django.core.management import call_command

django.setup()
call_command("migrate", verbosity=0)

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config import embedded
from config.celery import app
from members.choices import Role
from reports import services as report_services
from reports.models import ReportJob
from selection.models import Campaign
from tests.factories import CampaignFactory, OrganizationFactory, user_with_role

city = OrganizationFactory(code="JC", name="江城市委", kind="city")
admin = user_with_role(Role.ADMIN, city, username="admin_city")
concluded = CampaignFactory(owner=city, phase="concluded")
due = CampaignFactory(
    owner=city, phase="draft", opens_at=timezone.now() - datetime.timedelta(minutes=1)
)
schedule = settings.CELERY_BEAT_SCHEDULE["advance-campaign-phases"]["schedule"]
# The real schedule checks every minute; a tenth of a second here.
app.conf.beat_schedule = {
    "advance-campaign-phases": {"task": "selection.advance_phases", "schedule": 0.1}
}

release = threading.Event()
build = report_services.run_job
report_services.run_job = lambda job_id: release.wait(10) and build(job_id)

def wait_for(predicate, seconds=15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False

started = embedded.start()
again = embedded.start()
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(admin)
response = client.post(reverse("reports:new"), {"kind": "summary", "campaign": concluded.pk})
state_after_response = ReportJob.objects.get().state
release.set()
print(json.dumps({
    "schedule": schedule,
    "started": started,
    "again": again,
    "status": response.status_code,
    "state_after_response": state_after_response,
    "built": wait_for(lambda: ReportJob.objects.get().state == "done"),
    "advanced": wait_for(lambda: Campaign.objects.get(pk=due.pk).phase == "nominating"),
}))
embedded.stop()
"""


def test_serve_builds_reports_after_the_response_and_advances_phases_by_itself(tmp_path):
    seen = run_script(SCRIPT, tmp_path)
    assert seen == {
        "schedule": 60.0,  # a phase moves within a minute of its deadline
        "started": True,
        "again": False,  # once per process
        "status": 302,
        "state_after_response": "queued",  # the page answered before the job was built
        "built": True,
        "advanced": True,
    }


def test_with_a_broker_serve_leaves_the_worker_and_beat_to_their_own_processes(settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"

    assert not embedded.start()
