"""Reports through the API (ask, poll, download, as on /reports/) and the roster upload for
admins with a write token (the roster page's checks, all or nothing)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from members.models import Member, RosterImport
from members.roster.columns import ORGANIZATION_COLUMNS
from tests.factories import CampaignFactory, NominationFactory
from tests.members.test_roster import row, snapshot, xlsx
from tests.members.test_roster_file_language import OTHER_TEMPLATE_ZH
from tests.members.test_roster_stale_code import FAILED, changed_since_preview  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def test_a_secretary_asks_for_a_report_polls_it_and_downloads_it(
    client, city, secretary, member_a1, bearer, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory(owner=city)
    NominationFactory(campaign=campaign, member=member_a1, state="submitted")
    headers = bearer(secretary)

    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(
            "/api/v1/reports/",
            {"kind": "summary", "campaign": campaign.pk},
            content_type="application/json",
            **headers,
        )
    job = client.get(f"/api/v1/reports/{asked.json()['id']}/", **headers).json()
    download = client.get(job["download_url"], **headers)

    assert asked.status_code == 202
    assert job["state"] == "done"
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_a_report_outside_the_users_rights_is_refused_with_a_reason(
    client, city, secretary, bearer
):
    campaign = CampaignFactory(owner=city)

    response = client.post(
        "/api/v1/reports/",
        {"kind": "detail", "campaign": campaign.pk},
        content_type="application/json",
        **bearer(secretary),
    )

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_someone_elses_report_is_404(client, city, secretary, other_secretary, bearer):
    from reports import services

    job = services.request_report(
        by=secretary, kind="summary", campaign=CampaignFactory(owner=city)
    )

    assert client.get(f"/api/v1/reports/{job.pk}/", **bearer(other_secretary)).status_code == 404
    assert (
        client.get(f"/api/v1/reports/{job.pk}/file/", **bearer(other_secretary)).status_code == 404
    )


def _upload(client, headers, content, kind="members"):
    return client.post(
        "/api/v1/roster/imports/",
        {"kind": kind, "file": SimpleUploadedFile("名册.xlsx", content)},
        **headers,
    )


def test_an_admin_uploads_a_roster_and_confirms_it_with_a_write_token(
    client, admin, branch_a1, bearer, django_capture_on_commit_callbacks
):
    headers = bearer(admin, can_write=True)

    with django_capture_on_commit_callbacks(execute=True):  # the check runs in a task
        uploaded = _upload(client, headers, xlsx([row("N0000001"), row("N0000002")]))
    url = f"/api/v1/roster/imports/{uploaded.json()['id']}/"
    checked = client.get(url, **headers)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(f"{url}confirm/", **headers)
    polled = client.get(url, **headers).json()

    assert uploaded.status_code == 201
    assert uploaded.json()["state"] == "checking"
    assert checked.json()["state"] == "checked"
    assert checked.json()["creates"] == 2
    assert confirmed.status_code == 202
    assert polled["state"] == "done"
    assert Member.objects.filter(member_no__in=["N0000001", "N0000002"]).count() == 2
    assert AuditEvent.objects.filter(verb="roster.imported", actor=admin).count() == 1


def test_a_roster_with_a_problem_writes_nothing_and_cannot_be_confirmed(
    client, admin, branch_a1, bearer, django_capture_on_commit_callbacks
):
    headers = bearer(admin, can_write=True)
    before = snapshot()

    with django_capture_on_commit_callbacks(execute=True):
        uploaded = _upload(client, headers, xlsx([row("N0000001"), row("N0000002", org="NOPE")]))
    url = f"/api/v1/roster/imports/{uploaded.json()['id']}/"
    checked = client.get(url, **headers)
    refused = client.post(f"{url}confirm/", **headers)

    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en", **headers)

    assert checked.json()["state"] == "invalid"
    assert checked.json()["problems"][0]["row"] == 3
    # A code for programs; the words in the language asked for, whichever the check ran in.
    assert [(p["code"], p["message"]) for p in checked.json()["problems"]] == [
        ("no_such_organization", "党组织编码不存在。")
    ]
    assert english.json()["problems"][0]["message"] == "No organisation has this code."
    assert refused.status_code == 400
    assert refused.json()["code"] == "refused"
    assert snapshot() == before


def test_a_file_that_is_not_a_roster_gets_a_clear_message(client, admin, bearer):
    response = _upload(client, bearer(admin, can_write=True), b"member_no,name\nM1,Zhang\n")

    assert response.status_code == 400
    assert "xlsx" in response.json()["message"]
    assert not RosterImport.objects.exists()


def test_another_admins_upload_is_404(client, admin, other_admin, branch_a1, bearer):
    checked = _upload(client, bearer(admin, can_write=True), xlsx([row("N0000001")]))

    other = bearer(other_admin, can_write=True)
    url = f"/api/v1/roster/imports/{checked.json()['id']}/"

    assert client.get(url, **other).status_code == 404
    assert client.post(url + "confirm/", **other).status_code == 404


def test_a_stage_report_is_asked_by_the_stage_s_position(client, city, city_admin, bearer):
    from members.choices import OrgKind
    from tests.factories import staged_campaign

    campaign = staged_campaign(city, [(OrgKind.COMMITTEE, 1), (OrgKind.CITY, 1)], by=city_admin)
    headers = bearer(city_admin)

    def ask(**data):
        body = {"kind": "summary", "campaign": campaign.pk, **data}
        return client.post("/api/v1/reports/", body, content_type="application/json", **headers)

    asked = ask(stage=1)
    assert asked.status_code == 202
    assert asked.json()["stage_id"] == campaign.stages.get(position=1).pk
    assert "第1级" in asked.json()["filename"]
    assert (ask(stage=9).status_code, ask(stage=9).json()["code"]) == (400, "refused")
    assert ask(stage=0).status_code == 422
    assert ask(stage=1, kind="forms").status_code == 400


def test_the_api_gives_the_files_error_by_code_and_in_the_language_asked_for(
    client, admin, branch_a1, bearer, django_capture_on_commit_callbacks
):
    headers = bearer(admin, can_write=True)
    headers_row = [c.header for c in ORGANIZATION_COLUMNS]
    organizations = xlsx([["X1", "某支部", "党支部", "DQ01"]], headers_row)
    with django_capture_on_commit_callbacks(execute=True):
        uploaded = client.post(
            "/api/v1/roster/imports/",
            {"kind": "members", "file": SimpleUploadedFile("名册.xlsx", organizations)},
            **headers,
        )
    url = f"/api/v1/roster/imports/{uploaded.json()['id']}/"

    chinese = client.get(url, **headers).json()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en", **headers).json()

    assert (chinese["error_code"], chinese["error_params"]) == (
        "other_template",
        {"found": "organizations", "chosen": "members"},
    )
    assert chinese["error"] == OTHER_TEMPLATE_ZH
    assert english["error"].startswith('The file\'s headers are those of the "Party organisation"')


def test_the_api_gives_no_stale_code_under_words_of_the_previous_release(
    client,
    admin,
    bearer,
    changed_since_preview,  # noqa: F811
):
    item = changed_since_preview
    RosterImport.objects.filter(pk=item.pk).update(state="failed", error=FAILED)

    url = f"/api/v1/roster/imports/{item.pk}/"
    body = client.get(url, **bearer(admin, can_write=True)).json()

    assert (body["error"], body["error_code"], body["error_params"]) == (FAILED, "", {})
