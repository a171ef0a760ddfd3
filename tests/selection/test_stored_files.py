"""Uploaded files stay in step with the records that point to them: a change that fails leaves
no file behind and removes none that a record still needs; a replaced file goes once the change
has committed."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import DatabaseError

from selection import gallery, services
from selection.choices import Phase, State
from selection.errors import SelectionError
from tests.factories import CampaignFactory, NominationFactory, pdf_upload, png_upload

pytestmark = pytest.mark.django_db


def _stored() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def _refuse(*args, **kwargs):
    raise DatabaseError("audit table unavailable")


@pytest.fixture
def failing_audit(monkeypatch):
    """The audit record of the change fails (the database refuses it), after the file is written."""
    monkeypatch.setattr(services, "record", _refuse)
    monkeypatch.setattr(gallery, "record", _refuse)


def test_a_new_photo_replaces_the_old_file_once_saved(
    draft, secretary, django_capture_on_commit_callbacks
):
    old = draft.photo.name

    with django_capture_on_commit_callbacks(execute=True):
        services.update_nomination(draft, by=secretary, data={}, photo=png_upload())

    draft.refresh_from_db()
    assert draft.photo.name != old
    assert _stored() == {draft.photo.name}


def test_a_failed_photo_change_keeps_the_old_photo_and_drops_the_new_file(
    draft, secretary, failing_audit, django_capture_on_commit_callbacks
):
    before = _stored()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DatabaseError):
        services.update_nomination(draft, by=secretary, data={}, photo=png_upload())

    draft.refresh_from_db()
    assert draft.photo.name in before
    assert _stored() == before


def test_a_second_nomination_of_the_same_member_leaves_no_photo_behind(
    draft, campaign, good_member, secretary
):
    before = _stored()

    with pytest.raises(SelectionError, match="每名党员只能被推荐一次"):
        services.create_nomination(
            campaign=campaign, member=good_member, by=secretary, data={}, photo=png_upload()
        )

    assert _stored() == before


def test_an_attachment_that_is_not_recorded_leaves_no_file(draft, secretary, failing_audit):
    before = _stored()

    with pytest.raises(DatabaseError):
        services.add_attachment(draft, pdf_upload(), by=secretary)

    assert not draft.attachments.exists()
    assert _stored() == before


def test_a_published_profiles_new_photo_replaces_photo_and_thumbnails(
    city, branch_a1, city_admin, django_capture_on_commit_callbacks
):
    nomination = NominationFactory(
        campaign=CampaignFactory(owner=city, phase=Phase.NOTICE),
        member__organization=branch_a1,
        state=State.APPROVED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        profile = gallery.create_profile(nomination, by=city_admin)
        gallery.record_consent(nomination, wording="同意公开先进事迹。", by=city_admin)
        profile = gallery.publish(profile, by=city_admin)
    first = {profile.photo.name, profile.thumbnail.name, profile.thumbnail_large.name}

    with django_capture_on_commit_callbacks(execute=True):
        profile = gallery.update_profile(profile, data={}, photo=png_upload(), by=city_admin)

    now = {profile.photo.name, profile.thumbnail.name, profile.thumbnail_large.name}
    assert now.isdisjoint(first) and len(first) == len(now) == 3
    assert _stored() == {nomination.photo.name, *now}


def test_a_removed_attachment_takes_its_file_once_removed(
    draft, secretary, django_capture_on_commit_callbacks
):
    attachment = services.add_attachment(draft, pdf_upload(), by=secretary)
    assert attachment.file.name in _stored()

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(attachment, by=secretary)

    assert attachment.file.name not in _stored()


def test_a_failed_removal_keeps_the_attachment_and_its_file(
    draft, secretary, monkeypatch, django_capture_on_commit_callbacks
):
    attachment = services.add_attachment(draft, pdf_upload(), by=secretary)
    monkeypatch.setattr(services, "record", _refuse)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DatabaseError):
        services.remove_attachment(attachment, by=secretary)

    assert draft.attachments.filter(pk=attachment.pk).exists()
    assert attachment.file.name in _stored()


def test_a_store_that_fails_during_an_upload_saves_nothing_and_says_so(
    campaign, good_member, secretary, monkeypatch
):
    from botocore.exceptions import EndpointConnectionError
    from django.core.files.storage import FileSystemStorage

    from selection.models import Nomination

    def unreachable(*args, **kwargs):
        raise EndpointConnectionError(endpoint_url="http://objects.intranet:8333")

    monkeypatch.setattr(FileSystemStorage, "save", unreachable)

    with pytest.raises(SelectionError, match="文件存储暂时不可用"):
        services.create_nomination(
            campaign=campaign, member=good_member, by=secretary, data={}, photo=png_upload()
        )

    assert not Nomination.objects.filter(member=good_member).exists()
