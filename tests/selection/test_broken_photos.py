"""A photo stored broken before uploads were re-encoded (cut short, or not an image at all) or
gone from the storage: every place that reads it answers, with a placeholder or a 404, never a
500 or a failed command (the approval form: tests/reports/test_broken_photo.py)."""

import io
import logging

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from selection import gallery
from selection.models import ExemplarProfile, Nomination
from tests.factories import NOT_AN_IMAGE, NominationFactory, store_broken, truncated_jpeg
from tests.selection.test_photo_metadata import phone_photo, served, upload

pytestmark = pytest.mark.django_db

BROKEN = pytest.mark.parametrize(
    "content", [truncated_jpeg(), NOT_AN_IMAGE], ids=["truncated", "not-an-image"]
)


def publish(profile, city_admin) -> ExemplarProfile:
    gallery.record_consent(profile.nomination, wording="同意公开先进事迹。", by=city_admin)
    return gallery.publish(profile, by=city_admin)


@BROKEN
def test_a_profile_with_a_broken_photo_is_published_without_a_picture(
    client, city_admin, profile, content, caplog
):
    store_broken(profile, content)

    with caplog.at_level(logging.WARNING):
        profile = publish(profile, city_admin)

    assert not profile.thumbnail and not profile.thumbnail_large
    assert f"the image of ExemplarProfile #{profile.pk}" in caplog.text
    listing = client.get(reverse("public:gallery"))
    assert listing.status_code == 200 and profile.title in listing.content.decode()
    page = client.get(reverse("public:gallery_detail", args=[profile.slug]))
    assert page.status_code == 200
    assert "<img" not in page.content.decode().split('id="main"')[-1].split("</main>")[0]
    for kind in ("photo", "thumb", "thumb2x"):
        url = reverse("public:gallery_image", args=[profile.slug, kind])
        assert client.get(url, {"v": "x"}).status_code == 404, kind
    detail = client.get(f"/api/v1/public/profiles/{profile.slug}/").json()
    assert detail["photo_url"] is None and detail["thumbnail_url"] is None


def test_a_new_photo_gives_the_profile_its_picture_back(client, city_admin, profile):
    store_broken(profile, NOT_AN_IMAGE)
    profile = publish(profile, city_admin)

    profile = gallery.update_profile(profile, data={}, photo=upload(phone_photo()), by=city_admin)

    assert profile.thumbnail and profile.shows_photo
    for kind in ("photo", "thumb"):
        assert served(client.get(profile.image_url(kind)))


@BROKEN
def test_a_profile_made_from_a_broken_nomination_photo_starts_without_one(
    city_admin, approved, content
):
    store_broken(approved, content)

    profile = gallery.create_profile(approved, by=city_admin)

    assert not profile.photo


def test_remaking_thumbnails_passes_over_a_broken_photo(city_admin, profile, approved):
    profile = publish(profile, city_admin)
    assert profile.thumbnail
    store_broken(profile, truncated_jpeg())
    out = io.StringIO()

    call_command("remake_thumbnails", stdout=out)

    profile.refresh_from_db()
    assert not profile.thumbnail and not profile.shows_photo
    assert "0 published profiles have new thumbnails" in out.getvalue()


def test_clean_photos_lists_broken_photos_and_cleans_the_rest(approved):
    readable = NominationFactory(campaign=approved.campaign)
    readable.photo.save("old.jpg", ContentFile(phone_photo()))
    store_broken(approved, truncated_jpeg())
    gone = NominationFactory(campaign=approved.campaign)
    gone.photo.storage.delete(gone.photo.name)
    out, err = io.StringIO(), io.StringIO()

    call_command("clean_photos", stdout=out, stderr=err)  # no CommandError: nothing failed

    assert "1 nomination photos" in out.getvalue()
    assert f"nominations #{approved.pk}" in err.getvalue()
    assert f"nominations #{gone.pk}" in err.getvalue()
    assert Nomination.objects.get(pk=approved.pk).photo.name == approved.photo.name


@BROKEN
def test_the_staff_photo_views_answer_for_a_broken_or_missing_photo(
    client, secretary, draft, content
):
    client.force_login(secretary)
    url = reverse("selection:nomination_photo", args=[draft.pk])
    store_broken(draft, content)

    response = client.get(url)
    assert response.status_code == 200  # the bytes as stored: the browser shows no picture
    assert b"".join(response.streaming_content) == content

    draft.photo.storage.delete(draft.photo.name)
    assert client.get(url).status_code == 404
