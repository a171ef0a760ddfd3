"""Report jobs underneath: claims, attempts, the sweeper and the purge."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from reports import builders, services
from reports.choices import JobState, Kind
from reports.models import ReportJob
from tests.reports.test_jobs import (
    ask,
    queued,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def test_a_job_held_by_a_live_run_is_left_alone(city_admin, year):
    campaign, _ = year
    job = queued(city_admin, campaign)
    ReportJob.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, token="other", heartbeat_at=timezone.now(), attempts=1
    )

    services.run_job(job.pk)

    job.refresh_from_db()
    assert (job.state, job.token, job.attempts) == (JobState.RUNNING, "other", 1)


def test_a_job_whose_worker_died_is_run_again_and_its_leftovers_removed(
    city_admin, year, settings, tmp_path, django_capture_on_commit_callbacks
):
    campaign, _ = year
    job = queued(city_admin, campaign)
    # The dead run left a working file and a stored file it never marked done.
    work = tmp_path / "reports-work"
    work.mkdir()
    (work / f"job{job.pk}-dead.part").write_bytes(b"half")
    dead = tmp_path / "reports" / str(job.pk) / "dead"
    dead.mkdir(parents=True)
    (dead / "report.xlsx").write_bytes(b"half")
    ReportJob.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING,
        token="dead",
        attempts=1,
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=settings.REPORT_STALE_SECONDS + 1),
    )

    with django_capture_on_commit_callbacks(execute=True):
        counts = services.sweep()  # eager in tests: the job runs as it is enqueued

    job.refresh_from_db()
    assert counts == {"requeued": 1, "failed": 0, "resent": 0}
    assert (job.state, job.attempts) == (JobState.DONE, 2)
    assert not (dead / "report.xlsx").exists()
    assert len(list((tmp_path / "reports" / str(job.pk)).rglob("*.xlsx"))) == 1
    assert not list(work.glob("*.part"))


def test_a_job_that_killed_its_worker_three_times_fails(city_admin, year, settings):
    campaign, _ = year
    job = queued(city_admin, campaign)
    ReportJob.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING,
        token="dead",
        attempts=3,
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=settings.REPORT_STALE_SECONDS + 1),
    )

    assert services.sweep() == {"requeued": 0, "failed": 1, "resent": 0}

    job.refresh_from_db()
    assert job.state == JobState.FAILED and "中断 3 次" in job.error


def test_a_queued_job_never_picked_up_is_sent_again(city_admin, year, settings):
    campaign, _ = year
    job = queued(city_admin, campaign)
    ReportJob.objects.filter(pk=job.pk).update(
        enqueued_at=timezone.now() - datetime.timedelta(seconds=settings.REPORT_REQUEUE_SECONDS + 1)
    )
    fresh = queued(city_admin, campaign)
    ReportJob.objects.filter(pk=fresh.pk).update(enqueued_at=timezone.now())

    assert services.sweep() == {"requeued": 0, "failed": 0, "resent": 1}
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert (job.state, fresh.state) == (JobState.DONE, JobState.QUEUED)


def test_a_database_hiccup_gives_the_job_back_for_a_retry(city_admin, year, monkeypatch):
    from django.db import OperationalError

    campaign, _ = year
    job = queued(city_admin, campaign)
    monkeypatch.setitem(
        builders.BUILDERS,
        Kind.SUMMARY,
        lambda *args: (_ for _ in ()).throw(OperationalError("server closed the connection")),
    )

    with pytest.raises(services.TransientError):
        services.run_job(job.pk)

    job.refresh_from_db()
    assert (job.state, job.token, job.attempts) == (JobState.QUEUED, "", 1)


def test_old_files_are_purged_and_the_job_marked_expired(city_admin, year, settings, tmp_path):
    campaign, _ = year
    old, recent = queued(city_admin, campaign), queued(city_admin, campaign)
    services.run_job(old.pk)
    services.run_job(recent.pk)
    old.refresh_from_db()
    path = tmp_path / "reports" / old.file
    assert path.exists()
    ReportJob.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=settings.REPORT_RETENTION_DAYS + 1)
    )

    assert services.purge() == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.state, old.file, path.exists()) == (JobState.EXPIRED, "", False)
    assert recent.state == JobState.DONE


def test_a_broker_that_is_down_leaves_the_job_queued_with_a_clear_note(
    client, city_admin, year, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from reports import tasks

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.task_build_report, "apply_async", refuse)
    campaign, _ = year

    response = ask(
        client, city_admin, django_capture_on_commit_callbacks, kind="summary", campaign=campaign.pk
    )

    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert job.state == JobState.QUEUED and "队列恢复后将自动生成" in job.error
    page = client.get(reverse("reports:list")).content.decode()
    assert "队列恢复后将自动生成" in page


def test_a_secretary_of_two_branches_gets_both_branches_in_the_summary(
    client, secretary, branch_b1, year, django_capture_on_commit_callbacks
):
    """Issue 37 item 4: "我的全部范围" is the requester's whole scope, not its first part."""
    import io

    import openpyxl

    from members.choices import Role
    from members.services import assign_role

    assign_role(secretary, Role.SECRETARY, branch_b1)  # 东区一支部 and 西区三支部
    campaign, _ = year

    ask(
        client,
        secretary,
        django_capture_on_commit_callbacks,
        kind="summary",
        campaign=campaign.pk,
        organization="",
    )

    job = ReportJob.objects.get()
    assert job.state == JobState.DONE, job.error
    download = client.get(reverse("reports:download", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0]
    names = sorted(row[2] for row in list(sheet.iter_rows(values_only=True))[1:-1])
    assert names == ["张伟", "王建国", "赵敏"]
    assert "我的全部范围（2 个组织）" in client.get(reverse("reports:list")).content.decode()
    event = AuditEvent.objects.get(verb="report.requested")
    assert event.org_path == "/JC/"  # filed where both branches meet
    assert event.after["scope"] == ["/JC/DQ/DQ01/DQ01-01/", "/JC/XQ/XQ01/XQ01-01/"]
    assert event.after["campaign"] == f"{job.campaign.title} #{job.campaign_id}"  # read, and kept


def test_a_whole_scope_job_is_not_downloadable_once_one_branch_is_taken_away(
    client, secretary, branch_b1, year, django_capture_on_commit_callbacks
):
    from members.choices import Role
    from members.models import RoleAssignment
    from members.services import assign_role

    assign_role(secretary, Role.SECRETARY, branch_b1)
    campaign, _ = year
    ask(
        client,
        secretary,
        django_capture_on_commit_callbacks,
        kind="summary",
        campaign=campaign.pk,
        organization="",
    )
    RoleAssignment.objects.filter(user=secretary, organization=branch_b1).delete()

    assert (
        client.get(reverse("reports:download", args=[ReportJob.objects.get().pk])).status_code
        == 404
    )


def test_the_summary_states_the_rounding_rule(
    client, city_admin, year, django_capture_on_commit_callbacks
):
    import io

    import openpyxl

    campaign, _ = year
    ask(
        client, city_admin, django_capture_on_commit_callbacks, kind="summary", campaign=campaign.pk
    )

    download = client.get(reverse("reports:download", args=[ReportJob.objects.get().pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0]
    last = list(sheet.iter_rows(values_only=True))[-1]
    assert last[6].startswith("计分规则：每项得分精确计算后四舍五入到 0.01 分")


def test_the_form_offers_the_top_of_the_scope_and_the_level_below_only(
    client, city_admin, district_a, district_b, committee_a, branch_a1
):
    client.force_login(city_admin)

    select = client.get(reverse("reports:list")).context["form"]["organization"]
    offered = [str(choice.choice_label) for choice in select]

    assert offered == ["我的全部范围", "江城市委", "东区区委", "西区区委"]


def test_a_report_for_a_branch_below_the_offered_levels_is_still_accepted(
    client, city_admin, year, branch_a1, django_capture_on_commit_callbacks
):
    campaign, _ = year
    response = ask(
        client,
        city_admin,
        django_capture_on_commit_callbacks,
        kind="summary",
        campaign=campaign.pk,
        organization=branch_a1.pk,
    )

    assert response.status_code == 302
    assert ReportJob.objects.get().organization == branch_a1
