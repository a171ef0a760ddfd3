"""撤销荣誉: the profile leaves the gallery (410, a neutral page), the revocation is audited, listed
in the 撤销名单 PDF, and shown on the notice page for the days chosen, never with its reason."""

import datetime
import io

import pytest
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from audit.models import AuditEvent
from reports import services as reports
from reports.choices import JobState, Kind
from selection import gallery, revocations
from selection.choices import Phase, State
from selection.errors import SelectionError
from tests.factories import CampaignFactory, NominationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

REASON = "受到党内警告处分，不再符合先进条件。"


def publish(campaign, branch, by, **member):
    """An exemplar of ``campaign`` in ``branch``, published in the gallery."""
    nomination = NominationFactory(
        campaign=campaign, member__organization=branch, state=State.APPROVED, **member
    )
    gallery.record_consent(nomination, wording="同意公开。", by=by)
    profile = gallery.publish(gallery.create_profile(nomination, by=by), by=by)
    nomination.refresh_from_db()
    return nomination, profile


@pytest.fixture
def published(city, branch_a1, city_admin):
    campaign = CampaignFactory(owner=city, phase=Phase.CONCLUDED, title="2026年度全市选树")
    return publish(campaign, branch_a1, city_admin, member__name="钱进")


def revoke(nomination, by, days=30):
    return revocations.revoke_honour(
        nomination, reason=REASON, document="江组字〔2027〕8号", notice_days=days, by=by
    )


def test_a_revoked_profile_answers_410_with_a_neutral_page(client, published, city_admin):
    nomination, profile = published
    url = reverse("public:gallery_detail", args=[profile.slug])
    assert client.get(url).status_code == 200  # the page is in the public cache now

    revoke(nomination, city_admin)

    response = client.get(url)
    assert response.status_code == 410
    body = response.content.decode()
    assert "该风采展示页面已撤下" in body
    assert REASON not in body and "江组字" not in body
    assert client.get(reverse("public:gallery")).content.decode().count(profile.slug) == 0
    assert client.get(reverse("public:gallery_detail", args=["no-such"])).status_code == 404


def test_revoking_moves_the_nomination_and_audits_the_decision(published, city_admin):
    nomination, profile = published

    revocation = revoke(nomination, city_admin, days=10)

    nomination.refresh_from_db()
    profile.refresh_from_db()
    assert nomination.state == State.REVOKED
    assert profile.published_at is None
    revoked_on = timezone.localtime(revocation.revoked_at).date()
    assert revocation.public_until == revoked_on + datetime.timedelta(days=10)
    event = AuditEvent.objects.get(verb="nomination.revoke")
    assert event.actor == city_admin
    assert event.after["document"] == "江组字〔2027〕8号"
    assert event.after["reason"] == REASON
    assert nomination.transitions.last().action == "revoke"


def test_a_revocation_needs_a_reason_a_document_and_the_right_to_manage(
    published, city_admin, admin
):
    nomination, _profile = published
    with pytest.raises(SelectionError) as no_document:
        revocations.revoke_honour(nomination, reason=REASON, document=" ", by=city_admin)
    with pytest.raises(SelectionError) as outside:
        revoke(nomination, admin)  # a district admin, the campaign is the city's

    assert no_document.value.message == "请填写撤销决定文号。"
    assert outside.value.status == 403
    nomination.refresh_from_db()
    assert nomination.state == State.PUBLISHED


def test_an_honour_not_granted_cannot_be_revoked(city, branch_a1, city_admin):
    campaign = CampaignFactory(owner=city, phase=Phase.CONCLUDED)
    nomination = NominationFactory(
        campaign=campaign, member__organization=branch_a1, state=State.NOT_SELECTED
    )

    with pytest.raises(SelectionError) as refused:
        revoke(nomination, city_admin)

    assert "不能撤销荣誉" in refused.value.message


def test_the_notice_page_shows_the_revocation_for_its_days_without_the_reason(
    client, published, city_admin, monkeypatch
):
    nomination, _profile = published
    revocation = revoke(nomination, city_admin, days=3)

    shown = client.get(reverse("public:notice_list")).content.decode()
    # Four days on (the cached list is kept per day): the last day shown (today + 3) was
    # yesterday.
    four_days_on = revocation.public_until + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: four_days_on)
    later = client.get(reverse("public:notice_list")).content.decode()

    assert "撤销东区一支部钱进同志《2026年度全市选树》荣誉（江组字〔2027〕8号）" in shown
    assert REASON not in shown
    assert "钱进" not in later


def test_a_revocation_that_is_not_publicised_stays_off_the_notice_page(
    client, published, city_admin
):
    nomination, _profile = published
    revoke(nomination, city_admin, days=0)

    assert "钱进" not in client.get(reverse("public:notice_list")).content.decode()


def test_the_revocation_list_pdf_names_the_revoked_exemplar_with_reason_and_document(
    published, city_admin
):
    nomination, _profile = published
    revoke(nomination, city_admin)

    job = reports.request_report(by=city_admin, kind=Kind.REVOCATIONS, campaign=nomination.campaign)
    reports.run_job(job.pk)
    job.refresh_from_db()

    assert job.state == JobState.DONE, job.error
    assert job.rows == 1
    with storages["reports"].open(job.file, "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "".join(page.extract_text().replace("\n", "") for page in reader.pages)
    assert "2026年度全市选树撤销名单" in text
    assert "钱进" in text and "江组字〔2027〕8号" in text and "受到党内警告处分" in text


def test_the_revoke_view_takes_the_form_and_explains_a_bad_one(client, published, city_admin):
    nomination, _profile = published
    url = reverse("selection:revoke", args=[nomination.campaign_id, nomination.pk])
    client.force_login(city_admin)

    refused = client.post(url, {"reason": REASON, "document": "", "notice_days": "-1"}, follow=True)
    done = client.post(url, {"reason": REASON, "document": "江组字〔2027〕8号", "notice_days": "5"})

    assert "撤销决定文号" in refused.content.decode()
    assert done.status_code == 302
    nomination.refresh_from_db()
    assert nomination.state == State.REVOKED


def test_the_notice_management_page_offers_no_editing_of_a_revoked_exemplar_s_profile(
    client, published, city_admin
):
    nomination, profile = published
    client.force_login(city_admin)
    page = reverse("selection:notice_manage", args=[nomination.campaign_id])
    edit = reverse("selection:profile_edit", args=[profile.pk])
    assert edit in client.get(page).content.decode()

    revoke(nomination, city_admin)

    body = client.get(page).content.decode()
    assert edit not in body
    assert "江组字〔2027〕8号" in body


def test_a_revoked_exemplar_s_profile_can_no_longer_be_edited(published, city_admin):
    nomination, profile = published
    revoke(nomination, city_admin)
    profile.refresh_from_db()

    with pytest.raises(SelectionError, match="荣誉已撤销"):
        gallery.update_profile(profile, data={"title": "改过的标题"}, by=city_admin)
    profile.refresh_from_db()
    assert profile.title != "改过的标题"


@pytest.mark.parametrize("count", [1, 3])
def test_the_notice_list_runs_the_same_queries_whatever_the_revocations(
    client, city, branch_a1, city_admin, count, django_assert_num_queries
):
    campaign = CampaignFactory(owner=city, phase=Phase.CONCLUDED)
    for _ in range(count):
        nomination, _profile = publish(campaign, branch_a1, city_admin)
        revoke(nomination, city_admin)

    # whether a stage is publicised, the notices, whether a revocation is, the revocations
    with django_assert_num_queries(4):
        body = client.get(reverse("public:notice_list")).content.decode()

    assert body.count("江组字〔2027〕8号") == count
