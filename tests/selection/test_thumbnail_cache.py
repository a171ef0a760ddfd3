"""A gallery thumbnail is read from the storage once and then served from the shared cache (the
gallery's cards show a dozen to every visitor; each read from the object store is a round trip);
a new photo is served at once; a store that fails is a 503 with a plain message."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from selection import gallery
from selection.choices import Phase, State
from selection.views import public
from tests.factories import CampaignFactory, NominationFactory
from tests.selection.test_public_images import photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(city, branch_a1, city_admin):
    """One published profile with a photo (its thumbnails cut at publishing)."""
    campaign = CampaignFactory(owner=city, phase=Phase.NOTICE)
    nomination = NominationFactory(
        campaign=campaign, member__organization=branch_a1, state=State.APPROVED
    )
    profile = gallery.create_profile(nomination, by=city_admin)
    gallery.update_profile(profile, data={}, photo=photo(), by=city_admin)
    gallery.record_consent(nomination, wording="同意公开先进事迹。", by=city_admin)
    return gallery.publish(profile, by=city_admin)


@pytest.fixture
def reads(monkeypatch):
    """The names the view read from the storage, in order."""
    names, real = [], public.read_whole
    monkeypatch.setattr(
        public, "read_whole", lambda storage, name: (names.append(name), real(storage, name))[1]
    )
    return names


def _image(client, profile, kind="thumb2x"):
    profile.refresh_from_db()
    response = client.get(profile.image_url(kind))
    assert response.status_code == 200, response.content
    return response.content


def test_a_thumbnail_is_read_once_and_then_served_from_the_cache(client, profile, reads):
    first = _image(client, profile)
    again = _image(client, profile)

    assert first == again
    assert reads == [profile.thumbnail_large.name]


def test_a_new_photo_is_served_at_once(client, profile, city_admin, reads):
    before = _image(client, profile, "thumb")

    buffer = io.BytesIO()
    Image.new("RGB", (900, 1200), (20, 90, 200)).save(buffer, "JPEG")
    blue = SimpleUploadedFile("blue.jpg", buffer.getvalue(), content_type="image/jpeg")
    gallery.update_profile(profile, data={}, photo=blue, by=city_admin)
    after = Image.open(io.BytesIO(_image(client, profile, "thumb")))

    assert Image.open(io.BytesIO(before)).getpixel((5, 5))[0] > 150  # red
    assert after.getpixel((5, 5))[2] > 150 and after.size == gallery.THUMBNAIL_SIZE  # blue
    assert len(reads) == 2


def test_a_store_that_fails_answers_503_and_keeps_nothing(client, profile, monkeypatch):
    def failing(storage, name):
        raise OSError("the store is down")

    monkeypatch.setattr(public, "read_whole", failing)
    profile.refresh_from_db()
    url = profile.image_url("thumb")

    refused = client.get(url)
    monkeypatch.undo()
    served = client.get(url)

    assert refused.status_code == 503 and "文件存储暂时不可用" in refused.content.decode()
    assert refused["Cache-Control"] == "no-store"
    assert served.status_code == 200


def test_a_thumbnail_gone_from_the_storage_is_a_404(client, profile):
    profile.refresh_from_db()
    profile.thumbnail.storage.delete(profile.thumbnail.name)

    assert client.get(profile.image_url("thumb")).status_code == 404


def test_every_new_photo_gets_thumbnail_urls_never_used_before(
    client, profile, city_admin, django_capture_on_commit_callbacks
):
    """A thumbnail's name makes its URL's version, and browsers keep an image for minutes: a
    photo changed twice must not bring back the first one's URL (a fixed name would, every second
    change), or a visitor would be shown the old picture."""
    profile.refresh_from_db()
    urls = [(profile.image_url("thumb"), profile.image_url("thumb2x"))]  # as published
    for colour in ((200, 20, 20), (20, 200, 20), (20, 20, 200)):
        buffer = io.BytesIO()
        Image.new("RGB", (600, 800), colour).save(buffer, "JPEG")
        sent = SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")
        with django_capture_on_commit_callbacks(execute=True):  # the old files removed
            gallery.update_profile(profile, data={}, photo=sent, by=city_admin)
        profile.refresh_from_db()
        urls.append((profile.image_url("thumb"), profile.image_url("thumb2x")))

    assert len({url for pair in urls for url in pair}) == 8
