"""A campaign's audit row keeps what the admin set: on creation every setting (the owning
organisation, the dates, the quota, the eligibility rules, the thresholds), on an edit each
setting changed, before and after; the auditor reads them by the form's names, the owner by
its name."""

import pytest
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from selection import concurrency
from selection.models import Campaign

pytestmark = pytest.mark.django_db

FORM = {
    "title": "2027年度四好党员选树",
    "year": 2027,
    "opens_at": "2027-03-01T09:00",
    "nominating_deadline": "2027-03-20T18:00",
    "quota_kind": "fixed",
    "quota_value": "2",
    "exemplar_count": 2,
    "reference_date": "2027-02-28",
    "require_full_member": "on",
    "min_party_years": 3,
    "discipline_lookback_years": 2,
    "min_assessment_grade": "excellent",
    "min_reviewers": 3,
    "public_weight": "0.5",
    "min_satisfaction": "0.8",
    "min_responses": 10,
    "spread_threshold": "8",
}


@pytest.fixture
def created(client, admin, district_a):
    client.force_login(admin)
    response = client.post(reverse("selection:campaign_new"), {**FORM, "owner": district_a.pk})
    assert response.status_code == 302
    return Campaign.objects.get(title=FORM["title"])


def test_creating_a_campaign_records_every_setting_the_admin_set(created, district_a):
    event = AuditEvent.objects.get(verb="campaign.saved")

    assert event.before is None
    assert event.after["title"] == "2027年度四好党员选树"
    assert event.after["owner"] == district_a.pk
    assert event.after["nominating_deadline"] == "2027-03-20T10:00:00+00:00"
    assert (event.after["quota_kind"], event.after["quota_value"]) == ("fixed", "2.00")
    assert event.after["min_party_years"] == 3
    assert event.after["min_assessment_grade"] == "excellent"
    assert event.after["require_full_member"] is True
    assert event.after["public_weight"] == "0.50"  # as stored, as an edit's before reads it
    assert "version" not in event.after and "created_at" not in event.after


def test_the_auditor_reads_a_new_campaign_s_settings_by_their_names(client, created, auditor):
    client.force_login(auditor)

    page = client.get(reverse("audit:list"), {"verb": "campaign.saved"}).content.decode()

    assert "<dt>主办组织</dt><dd>东区区委</dd>" in page
    assert "<dt>推荐截止时间</dt><dd>2027-03-20 18:00</dd>" in page
    assert "<dt>名额方式</dt><dd>固定名额</dd>" in page
    assert "<dt>最低党龄(年)</dt><dd>3</dd>" in page
    assert "<dt>最近一次年度考核不低于</dt><dd>优秀</dd>" in page
    assert "<dt>须为正式党员</dt><dd>是</dd>" in page


def test_an_edit_records_each_setting_changed_before_and_after_and_no_other(
    client, created, district_a
):
    response = client.post(
        reverse("selection:campaign_edit", args=[created.pk]),
        {
            **FORM,
            "owner": district_a.pk,
            "min_party_years": 5,
            "quota_value": "3",
            "nominating_deadline": "2027-03-25T18:00",
            "require_full_member": "",
            concurrency.FIELD: created.version,
        },
    )

    assert response.status_code == 302
    event = AuditEvent.objects.filter(verb="campaign.saved").latest("id")
    assert event.before == {
        "nominating_deadline": "2027-03-20T10:00:00+00:00",
        "quota_value": "2.00",
        "require_full_member": True,
        "min_party_years": 3,
    }
    assert event.after == {
        "nominating_deadline": "2027-03-25T10:00:00+00:00",
        "quota_value": "3.00",
        "require_full_member": False,
        "min_party_years": 5,
    }
    with translation.override("en"):
        assert sorted(event.changes()) == sorted(  # PostgreSQL's jsonb orders keys its way
            [
                ("Nomination deadline", "2027-03-20 18:00", "2027-03-25 18:00"),
                ("Quota", "2", "3"),  # as typed (audit.changes.as_typed)
                ("Must be a full member", "Yes", "No"),
                ("Minimum party years", "3", "5"),
            ]
        )


def test_saving_a_campaign_unchanged_records_no_change(client, created, district_a):
    response = client.post(
        reverse("selection:campaign_edit", args=[created.pk]),
        {**FORM, "owner": district_a.pk, concurrency.FIELD: created.version},
    )

    assert response.status_code == 302
    event = AuditEvent.objects.filter(verb="campaign.saved").latest("id")
    assert (event.before, event.after) == ({}, {})


def test_moving_a_campaign_to_another_organisation_reads_as_their_names(
    client, created, committee_a
):
    client.post(
        reverse("selection:campaign_edit", args=[created.pk]),
        {**FORM, "owner": committee_a.pk, concurrency.FIELD: created.version},
    )

    event = AuditEvent.objects.filter(verb="campaign.saved").latest("id")
    with translation.override("zh-hans"):
        assert event.changes() == [("主办组织", "东区区委", committee_a.name)]
