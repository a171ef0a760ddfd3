"""Report jobs through real faults, on private PostgreSQL and Redis instances with real Celery
workers (DESIGN.md §7):

- a worker killed (the whole process group, SIGKILL) in the middle of a batch PDF, then started
  again: the sweeper sends the job again and it finishes once, with one file;
- Redis stopped: asking for a report is answered with a clear message and a queued job (no 500),
  the rest of the portal keeps working, and the job runs once Redis is back.
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import psycopg2
import pytest
from pypdf import PdfReader

from .instances import Worker, fetch, manage, signed_in

pytestmark = pytest.mark.services

FORMS = 240

SETUP = """
import datetime
from members.choices import OrgKind, Role
from members.models import RoleAssignment
from tests.factories import (
    CampaignFactory, MemberFactory, NominationFactory, OrganizationFactory, UserFactory
)
city = OrganizationFactory(code="JC", name="江城市委", kind=OrgKind.CITY, parent=None)
branch = OrganizationFactory(code="JC01", name="第一支部", kind=OrgKind.BRANCH, parent=city)
admin = UserFactory(username="drill_admin", full_name="演练管理员")
RoleAssignment.objects.create(user=admin, role=Role.ADMIN, organization=city)
campaign = CampaignFactory(owner=city, phase="reviewing", title="演练活动")
for i in range({count}):
    NominationFactory(
        campaign=campaign,
        state="eligible",
        member=MemberFactory(organization=branch, name=f"演练{{i}}"),
        deeds="长期扎根基层，带头完成重点任务。" * 120,
    )
print(campaign.pk)
"""


def _job(postgres, job_id=None) -> dict:
    with psycopg2.connect(postgres.url) as connection, connection.cursor() as cursor:
        where = "WHERE id = %s" if job_id else ""
        cursor.execute(
            "SELECT id, state, progress, attempts, file, error FROM reports_reportjob "
            f"{where} ORDER BY id DESC LIMIT 1",
            [job_id] if job_id else [],
        )
        row = cursor.fetchone()
    if row is None:
        return {}
    return dict(zip(("id", "state", "progress", "attempts", "file", "error"), row, strict=True))


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _request(portal, kind: str, campaign_id: str) -> None:
    manage(
        portal.env,
        "from members.models import User\n"
        "from selection.models import Campaign\n"
        "from reports import services\n"
        f"services.request_report(by=User.objects.get(username='drill_admin'), kind='{kind}', "
        f"campaign=Campaign.objects.get(pk={campaign_id}))",
    )


def test_a_worker_killed_mid_batch_finishes_the_job_once_after_a_restart(stack):
    postgres, _redis, portal = stack
    campaign_id = manage(portal.env, SETUP.format(count=FORMS))
    _request(portal, "forms", campaign_id)  # queued in Redis; no worker yet
    job_id = _job(postgres)["id"]
    worker = Worker(portal.env)
    try:
        _wait_for(
            lambda: _job(postgres, job_id)["progress"] >= 10,
            timeout=120,
            what="the batch to be under way",
        )
        worker.kill()
        killed = _job(postgres, job_id)
        assert killed["state"] == "running" and killed["progress"] < 100

        time.sleep(4)  # past REPORT_STALE_SECONDS: the heartbeat is stale
        worker = Worker(portal.env)
        assert "'requeued': 1" in manage(
            portal.env, "from reports.services import sweep; print(sweep())"
        )
        done = _wait_for(
            lambda: (job := _job(postgres, job_id))["state"] == "done" and job,
            timeout=180,
            what="the job to finish",
        )
    finally:
        worker.stop()

    assert done["attempts"] == 2
    var = Path(portal.env["VAR_DIR"])
    stored = sorted(p for p in (var / "reports" / str(job_id)).rglob("*") if p.is_file())
    assert [p.relative_to(var / "reports").as_posix() for p in stored] == [done["file"]]
    assert not list((var / "reports-work").glob("*.part"))
    reader = PdfReader(io.BytesIO(stored[0].read_bytes()))
    text = "".join(page.extract_text() for page in reader.pages)
    assert text.count("“四好”党员推荐审批表") == FORMS
    assert [_job(postgres)["id"]] == [job_id]  # one job, not a copy


def test_asking_for_a_report_while_redis_is_down(stack):
    postgres, redis, portal = stack
    campaign_id = manage(portal.env, SETUP.format(count=3))
    base = f"http://127.0.0.1:{portal.port}"
    opener, jar, session_key = signed_in(portal, "drill_admin")
    status, page, _headers = fetch(opener, f"{base}/reports/")
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    opener.addheaders = [("Cookie", f"sessionid={session_key}; csrftoken={csrf}")]

    redis.stop()
    status, _body, headers = fetch(
        opener,
        f"{base}/reports/new/",
        {"csrfmiddlewaretoken": token, "kind": "summary", "campaign": campaign_id},
    )
    assert status == 302 and headers["Location"] == "/reports/"
    status, page, _headers = fetch(opener, f"{base}/reports/")
    assert status == 200
    assert "任务队列暂时不可用" in page
    queued = _job(postgres)
    assert queued["state"] == "queued"
    for path in ("/", "/gallery/", "/notice/", "/members/"):
        assert fetch(opener, f"{base}{path}")[0] == 200, path

    redis.start()
    worker = Worker(portal.env)
    try:
        time.sleep(1.5)  # past REPORT_REQUEUE_SECONDS
        assert "'resent': 1" in manage(
            portal.env, "from reports.services import sweep; print(sweep())"
        )
        done = _wait_for(
            lambda: (job := _job(postgres, queued["id"]))["state"] == "done" and job,
            timeout=120,
            what="the queued job to run once Redis is back",
        )
    finally:
        worker.stop()
    assert (done["attempts"], done["error"]) == (1, "")
