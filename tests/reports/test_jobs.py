"""Report jobs as their users meet them: asking, watching, downloading, retrying; and the job
machinery underneath (claims, attempts, the sweeper, the purge)."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from reports import builders, services, views
from reports.choices import JobState, Kind
from reports.models import ReportJob

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def ask(client, user, django_capture_on_commit_callbacks, **data):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("reports:new"), data)


def ask_single_form(client, user, nomination, django_capture_on_commit_callbacks):
    """The 推荐审批表 of one nomination, as its page's button asks for it."""
    return ask(
        client,
        user,
        django_capture_on_commit_callbacks,
        kind="forms",
        campaign=nomination.campaign_id,
        nomination=nomination.pk,
        organization=nomination.branch_id,
    )


def test_an_admin_asks_for_the_summary_and_downloads_it(
    client, city_admin, year, django_capture_on_commit_callbacks
):
    campaign, _ = year
    response = ask(
        client, city_admin, django_capture_on_commit_callbacks, kind="summary", campaign=campaign.pk
    )

    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert (job.state, job.progress, job.rows, job.attempts) == (JobState.DONE, 100, 4, 1)
    page = client.get(reverse("reports:list"))
    assert "下载" in page.content.decode()
    download = client.get(reverse("reports:download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_downloading_a_file_with_personal_data_is_audited(
    client, admin, year, district_a, django_capture_on_commit_callbacks
):
    campaign, _ = year
    ask(
        client,
        admin,
        django_capture_on_commit_callbacks,
        kind="forms",
        campaign=campaign.pk,
        organization=district_a.pk,
    )
    job = ReportJob.objects.get()

    response = client.get(reverse("reports:download", args=[job.pk]))

    assert response.status_code == 200
    b"".join(response.streaming_content)
    event = AuditEvent.objects.get(verb="report.downloaded")
    assert (event.actor, event.target_id, event.org_path) == (admin, str(job.pk), district_a.path)


def test_a_secretary_cannot_ask_for_another_branch_nor_for_the_reviewer_detail(
    client, secretary, year, branch_a2, branch_a1, django_capture_on_commit_callbacks
):
    campaign, _ = year
    other_branch = ask(
        client,
        secretary,
        django_capture_on_commit_callbacks,
        kind="summary",
        campaign=campaign.pk,
        organization=branch_a2.pk,
    )
    detail = ask(
        client,
        secretary,
        django_capture_on_commit_callbacks,
        kind="detail",
        campaign=campaign.pk,
        organization=branch_a1.pk,
    )

    assert other_branch.status_code == 400  # branch A2 is not among the choices: form error
    assert detail.status_code == 400  # nor is the reviewer detail
    assert not ReportJob.objects.exists()
    with pytest.raises(services.ReportError) as refused:
        services.request_report(
            by=secretary, kind=Kind.DETAIL, campaign=campaign, organization=branch_a1
        )
    assert refused.value.status == 403


def test_a_secretary_cannot_download_another_branch_report_or_another_users_job(
    client, secretary, other_secretary, admin, year, django_capture_on_commit_callbacks
):
    campaign, _ = year
    ask(
        client,
        other_secretary,
        django_capture_on_commit_callbacks,
        kind="summary",
        campaign=campaign.pk,
    )
    ask(client, admin, django_capture_on_commit_callbacks, kind="detail", campaign=campaign.pk)
    client.force_login(secretary)

    for job in ReportJob.objects.all():
        assert job.state == JobState.DONE
        for name in ("reports:download", "reports:row"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404
        assert client.post(reverse("reports:retry", args=[job.pk])).status_code == 404


def test_a_download_checks_the_scope_again(
    client, secretary, year, django_capture_on_commit_callbacks
):
    campaign, _ = year
    ask(client, secretary, django_capture_on_commit_callbacks, kind="summary", campaign=campaign.pk)
    job = ReportJob.objects.get()
    secretary.role_assignments.all().delete()

    client.force_login(secretary)
    assert client.get(reverse("reports:download", args=[job.pk])).status_code == 404


def test_a_single_form_from_the_nomination_page(
    client, secretary, year, django_capture_on_commit_callbacks
):
    _campaign, nominations = year
    nomination = nominations["王建国"]
    client.force_login(secretary)
    page = client.get(reverse("selection:nomination_detail", args=[nomination.pk]))
    assert "生成推荐审批表" in page.content.decode()

    ask_single_form(client, secretary, nomination, django_capture_on_commit_callbacks)

    job = ReportJob.objects.get()
    assert (job.state, job.nomination, job.rows) == (JobState.DONE, nomination, 1)


def test_no_single_form_of_a_nomination_that_left_the_selection(
    client, secretary, year, django_capture_on_commit_callbacks
):
    """Found ineligible (or vetoed, not chosen, withdrawn): the page offers no form, and a
    request for it anyway is refused, saying why (the form would come out empty)."""
    _campaign, nominations = year
    nomination = nominations["王建国"]
    nomination.state = "ineligible"
    nomination.save(update_fields=["state"])

    response = ask_single_form(client, secretary, nomination, django_capture_on_commit_callbacks)

    assert response.status_code == 302  # back to where the button was, saying why
    said = [str(m) for m in client.get(response.url).context["messages"]]
    assert said == ["该人选已不再参加评选，不能单独生成推荐审批表。"]
    assert not ReportJob.objects.exists()


@pytest.mark.parametrize("count", [1, 3])
def test_the_job_list_costs_the_same_queries_whatever_its_length(
    client, city_admin, year, count, django_assert_num_queries
):
    campaign, nominations = year
    for _ in range(count):
        ReportJob.objects.create(
            kind=Kind.FORMS,
            campaign=campaign,
            organization=campaign.owner,
            nomination=nominations["王建国"],
            requested_by=city_admin,
            filename="x.pdf",
        )
    client.force_login(city_admin)
    with django_assert_num_queries(7):
        response = client.get(reverse("reports:list"))
    assert response.status_code == 200
    assert response.content.decode().count('data-hx-trigger="load delay:2s"') == count


def test_older_jobs_are_on_the_next_pages_and_the_running_ones_still_poll(client, city_admin, year):
    campaign, _ = year
    jobs = [
        ReportJob.objects.create(
            kind=Kind.SUMMARY,
            campaign=campaign,
            organization=campaign.owner,
            requested_by=city_admin,
            filename=f"job{number:02d}.xlsx",
            state=JobState.RUNNING if number >= 31 else JobState.DONE,
        )
        for number in range(33)  # created in this order: the newest last
    ]
    client.force_login(city_admin)

    first = client.get(reverse("reports:list")).content.decode()
    second = client.get(reverse("reports:list"), {"page": 2}).content.decode()

    assert first.count('<tr id="job-') == views.PAGE_SIZE == 30
    assert first.count('data-hx-trigger="load delay:2s"') == 2  # the two running, newest
    assert f'data-hx-get="{reverse("reports:row", args=[jobs[32].pk])}"' in first
    assert "第 1 / 2 页" in first and 'href="/reports/?page=2"' in first
    assert second.count('<tr id="job-') == 3
    assert all(f"job{number:02d}.xlsx" in second for number in (0, 1, 2))
    assert "第 2 / 2 页" in second and 'href="/reports/?page=1"' in second

    refused = client.post(reverse("reports:new"), {"kind": "summary", "campaign": ""})
    assert refused.status_code == 400  # answered at /reports/new/: its links go to the list
    assert 'href="/reports/?page=2"' in refused.content.decode()


def test_a_running_job_row_polls_and_a_done_row_stops(client, city_admin, year):
    campaign, _ = year
    job = ReportJob.objects.create(
        kind=Kind.SUMMARY,
        campaign=campaign,
        organization=campaign.owner,
        requested_by=city_admin,
        state=JobState.RUNNING,
        progress=40,
    )
    client.force_login(city_admin)
    running = client.get(reverse("reports:row", args=[job.pk])).content.decode()
    assert 'data-hx-trigger="load delay:2s"' in running and 'value="40"' in running

    ReportJob.objects.filter(pk=job.pk).update(state=JobState.DONE, progress=100)
    done = client.get(reverse("reports:row", args=[job.pk])).content.decode()
    assert "data-hx-trigger" not in done and "下载" in done


def test_a_failed_job_shows_its_error_and_can_be_retried(
    client, city_admin, year, monkeypatch, django_capture_on_commit_callbacks
):
    campaign, _ = year

    def broken(job, path, progress):
        raise ValueError("模板缺失")

    monkeypatch.setitem(builders.BUILDERS, Kind.SUMMARY, broken)
    ask(
        client, city_admin, django_capture_on_commit_callbacks, kind="summary", campaign=campaign.pk
    )
    job = ReportJob.objects.get()
    assert job.state == JobState.FAILED and "模板缺失" in job.error
    assert "模板缺失" in client.get(reverse("reports:list")).content.decode()

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:retry", args=[job.pk]))

    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.state, job.attempts, job.error) == (JobState.DONE, 1, "")


def test_a_done_job_cannot_be_retried(client, city_admin, year, django_capture_on_commit_callbacks):
    campaign, _ = year
    ask(
        client, city_admin, django_capture_on_commit_callbacks, kind="summary", campaign=campaign.pk
    )
    job = ReportJob.objects.get()

    response = client.post(reverse("reports:retry", args=[job.pk]), follow=True)

    assert "只有失败或已过期的报表可以重新生成" in response.content.decode()


# --- The machinery ------------------------------------------------------------------------------


def queued(user, campaign, kind=Kind.SUMMARY) -> ReportJob:
    return ReportJob.objects.create(
        kind=kind, campaign=campaign, organization=campaign.owner, requested_by=user, filename="a"
    )


def test_a_job_runs_once_whatever_the_deliveries(city_admin, year, tmp_path):
    campaign, _ = year
    job = queued(city_admin, campaign)

    services.run_job(job.pk)
    services.run_job(job.pk)  # the same message delivered again

    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.DONE, 1)
    stored = list((tmp_path / "reports" / str(job.pk)).rglob("*.xlsx"))
    assert [p.relative_to(tmp_path / "reports").as_posix() for p in stored] == [job.file]
    assert not list((tmp_path / "reports-work").glob("*.part"))
