"""PIPL: the personal data of the nominations not selected goes once the retention period after
archiving is over — exactly those, not the selected ones, not those of a year still within it —
audited, and the archive rebuilt saying so."""

import datetime
import io
import json
import zipfile

import pytest
from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.utils import timezone

from archives import services
from archives.models import CampaignArchive
from audit.models import AuditEvent
from selection.models import Campaign, Nomination
from tests.factories import CampaignFactory, NominationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def archive(campaign, by, capture):
    with capture(execute=True):
        archived = services.archive_campaign(campaign, by=by)
    archived.refresh_from_db()
    return archived


def years_ago(campaign, days):
    Campaign.objects.filter(pk=campaign.pk).update(
        archived_at=timezone.now() - datetime.timedelta(days=days)
    )


@pytest.fixture
def recent(city, branch_a1, city_admin, django_capture_on_commit_callbacks):
    """A year archived within the retention period, with one nomination not selected."""
    campaign = CampaignFactory(owner=city, phase="concluded", year=2027)
    kept = NominationFactory(campaign=campaign, member__organization=branch_a1, state="ineligible")
    archive(campaign, city_admin, django_capture_on_commit_callbacks)
    return kept


def test_the_retention_job_deletes_exactly_the_unselected_nominations_past_retention(
    year, recent, city_admin, django_capture_on_commit_callbacks
):
    campaign, nominations = year
    archived = archive(campaign, city_admin, django_capture_on_commit_callbacks)
    years_ago(campaign, settings.UNSELECTED_RETENTION_DAYS + 1)
    photo = nominations["张伟"].photo.name
    assert default_storage.exists(photo)

    with django_capture_on_commit_callbacks(execute=True):
        deleted = services.delete_unselected_past_retention()

    assert deleted == 1
    remaining = set(Nomination.objects.values_list("member__name", flat=True))
    assert remaining == {"王建国", "李秀英", "赵敏", recent.member.name}
    assert not default_storage.exists(photo)
    event = AuditEvent.objects.get(verb="archive.unselected_deleted")
    assert event.after == {"nominations": 1, "retention_days": settings.UNSELECTED_RETENTION_DAYS}
    archived.refresh_from_db()
    assert archived.unselected_deleted_count == 1


def test_a_year_one_day_within_retention_keeps_everything(
    year, city_admin, django_capture_on_commit_callbacks
):
    campaign, _nominations = year
    archive(campaign, city_admin, django_capture_on_commit_callbacks)
    years_ago(campaign, settings.UNSELECTED_RETENTION_DAYS - 1)

    assert services.delete_unselected_past_retention() == 0
    assert Nomination.objects.filter(campaign=campaign).count() == 4


def test_after_the_deletion_the_archive_is_rebuilt_and_its_manifest_says_so(
    client, year, city_admin, django_capture_on_commit_callbacks
):
    campaign, _nominations = year
    archive(campaign, city_admin, django_capture_on_commit_callbacks)
    years_ago(campaign, settings.UNSELECTED_RETENTION_DAYS + 1)

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_unselected_past_retention()
    again = services.delete_unselected_past_retention()

    archived = CampaignArchive.objects.get(campaign=campaign)
    assert again == 0
    assert (archived.state, archived.edition) == (CampaignArchive.State.DONE, 2)
    with storages["archives"].open(archived.bundle, "rb") as handle:
        bundle = zipfile.ZipFile(io.BytesIO(handle.read()))
    manifest = json.loads(bundle.read("manifest.json"))
    assert manifest["edition"] == 2
    assert manifest["personal_data"]["unselected_deleted_nominations"] == 1
    assert manifest["personal_data"]["unselected_deleted_at"] is not None
    assert "张伟" not in bundle.read("audit.csv").decode("utf-8-sig")
    assert storages["archives"].listdir(f"{campaign.pk}/1")[1] == []  # edition 1's files gone
    client.force_login(city_admin)
    page = client.get(f"/campaigns/{campaign.pk}/archive/").content.decode()
    assert "未入选推荐的个人信息已于" in page


def test_the_beat_runs_the_retention_job_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["delete-unselected-personal-data"]

    assert entry == {"task": "archives.delete_unselected", "schedule": 86400.0}
