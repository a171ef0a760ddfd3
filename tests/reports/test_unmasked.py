"""The admin's 推荐审批表 masks phone, ID number and birth date as the screens do; the full
personal data is an explicit choice of the request form, recorded in the audit trail."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from reports import services
from reports.choices import Kind
from reports.errors import ReportError
from reports.models import ReportJob

from .test_documents import pdf
from .test_jobs import ask

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

FULL_PHONE, MASKED_PHONE = "13911112222", "139****2222"


def batch(client, user, organization, campaign, capture, **extra):
    response = ask(
        client,
        user,
        capture,
        kind="forms",
        campaign=campaign.pk,
        organization=organization.pk,
        **extra,
    )
    assert response.status_code == 302
    return ReportJob.objects.latest("pk")


def test_the_admins_batch_is_masked_by_default(
    client, admin, year, district_a, django_capture_on_commit_callbacks
):
    campaign, nominations = year
    job = batch(client, admin, district_a, campaign, django_capture_on_commit_callbacks)

    _reader, text = pdf(job)
    member = nominations["李秀英"].member
    assert FULL_PHONE not in text and MASKED_PHONE in text
    assert member.id_number not in text
    assert "1997-03-01" not in text and "1997-**-**" in text
    requested = AuditEvent.objects.get(verb="report.requested")
    assert requested.after["unmasked"] is False


def test_the_admin_asks_for_the_full_personal_data_and_it_is_audited(
    client, admin, year, district_a, django_capture_on_commit_callbacks
):
    campaign, nominations = year
    client.force_login(admin)
    page = client.get(reverse("reports:list"))
    assert "推荐审批表显示完整个人信息（将记入审计日志）" in page.content.decode()

    job = batch(
        client, admin, district_a, campaign, django_capture_on_commit_callbacks, unmasked="on"
    )

    assert job.unmasked is True
    _reader, text = pdf(job)
    assert FULL_PHONE in text
    assert nominations["李秀英"].member.id_number in text
    assert "1997-03-01" in text
    assert "完整个人信息" in client.get(reverse("reports:list")).content.decode()
    requested = AuditEvent.objects.get(verb="report.requested")
    assert (requested.actor, requested.after["unmasked"]) == (admin, True)
    b"".join(client.get(reverse("reports:download", args=[job.pk])).streaming_content)
    downloaded = AuditEvent.objects.get(verb="report.downloaded")
    assert downloaded.after["unmasked"] is True


def test_a_secretary_is_not_offered_the_full_personal_data_and_cannot_have_it(
    client, secretary, year, branch_a1, django_capture_on_commit_callbacks
):
    campaign, _nominations = year
    client.force_login(secretary)
    assert "完整个人信息" not in client.get(reverse("reports:list")).content.decode()

    job = batch(
        client, secretary, branch_a1, campaign, django_capture_on_commit_callbacks, unmasked="on"
    )
    assert job.unmasked is False
    _reader, text = pdf(job)
    assert "138****5678" in text
    with pytest.raises(ReportError) as refused:
        services.request_report(
            by=secretary, kind=Kind.FORMS, campaign=campaign, organization=branch_a1, unmasked=True
        )
    assert refused.value.status == 403


def test_full_personal_data_is_only_for_the_nomination_form(
    client, admin, year, district_a, django_capture_on_commit_callbacks
):
    campaign, _nominations = year
    response = ask(
        client,
        admin,
        django_capture_on_commit_callbacks,
        kind="summary",
        campaign=campaign.pk,
        organization=district_a.pk,
        unmasked="on",
    )

    assert response.status_code == 400
    assert "只有推荐审批表含个人信息" in response.content.decode()
    assert not ReportJob.objects.exists()
