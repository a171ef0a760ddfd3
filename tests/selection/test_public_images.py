"""Public pages hold still while they load (issue 44): every image states its size, so a card does
not grow when its picture arrives; a phone's dense screen gets a thumbnail twice as large; the
first card's picture (the page's largest paint) is not held back; a picture beside the same words
has no alt text of its own."""

import io
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from selection import gallery
from selection.choices import Phase, State
from tests.factories import CampaignFactory, NominationFactory

pytestmark = pytest.mark.django_db


class Images(HTMLParser):
    """The ``<img>`` elements of a page, as dicts of their attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.found.append(dict(attrs))


def images(response) -> list[dict]:
    assert response.status_code == 200
    return Images(response.content.decode()).found


def assert_sized(found: list[dict]) -> None:
    assert found, "the page shows no image"
    for image in found:
        assert image.get("width", "").isdigit() and image.get("height", "").isdigit(), image


def photo(size=(600, 900)) -> SimpleUploadedFile:
    """A photo taller than 3:4, as a phone takes them."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (183, 28, 28)).save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def published(city, branch_a1, city_admin):
    """Four published profiles (the gallery's first three cards load at once, the fourth when
    it nears the screen)."""
    campaign = CampaignFactory(owner=city, phase=Phase.NOTICE)
    profiles = []
    for _ in range(4):
        nomination = NominationFactory(
            campaign=campaign, member__organization=branch_a1, state=State.APPROVED
        )
        profile = gallery.create_profile(nomination, by=city_admin)
        gallery.update_profile(profile, data={}, photo=photo(), by=city_admin)
        gallery.record_consent(nomination, wording="同意公开先进事迹。", by=city_admin)
        profiles.append(gallery.publish(profile, by=city_admin))
    return profiles


def test_publishing_cuts_both_thumbnails_to_their_stated_size(published):
    profile = published[0]

    for field, size in (
        (profile.thumbnail, gallery.THUMBNAIL_SIZE),
        (profile.thumbnail_large, gallery.LARGE_THUMBNAIL_SIZE),
    ):
        with field.open("rb") as handle, Image.open(handle) as image:
            assert image.size == size


def test_the_gallery_cards_state_their_size_and_offer_a_large_thumbnail(client, published):
    found = images(client.get(reverse("public:gallery")))

    assert len(found) == 4
    assert_sized(found)
    assert {(image["width"], image["height"]) for image in found} == {("360", "480")}
    for image in found:
        small, large = (part.strip() for part in image["srcset"].split(","))
        assert small == f"{image['src']} 360w"
        assert "/thumb2x.jpg?v=" in large and large.endswith(" 720w")
        assert image["alt"] == "" and image["sizes"]
    first, *_, fourth = found
    assert first.get("fetchpriority") == "high" and "loading" not in first
    assert fourth["loading"] == "lazy"


def test_the_large_thumbnail_is_served(client, published):
    published[0].refresh_from_db()
    url = published[0].image_url("thumb2x")  # with its version

    response = client.get(url)

    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(response.content)) as image:
        assert image.size == gallery.LARGE_THUMBNAIL_SIZE


def test_the_home_pages_thumbnails_are_sized_and_do_not_repeat_the_link_text(client, published):
    found = images(client.get(reverse("home")))

    assert len(found) == 4
    assert_sized(found)
    assert all(image["alt"] == "" and "720w" in image["srcset"] for image in found)
    # a wide screen's first row (six) may hold the largest paint: none of it waits to load
    assert [image.get("loading") for image in found] == [None, None, None, None]


def test_a_profiles_photo_is_sized_and_named(client, published):
    profile = published[0]

    found = images(client.get(reverse("public:gallery_detail", args=[profile.slug])))

    assert_sized(found)
    assert found[0]["alt"] == profile.title and found[0].get("fetchpriority") == "high"


def test_a_profile_published_before_large_thumbnails_shows_its_one_thumbnail(client, published):
    profile = published[0]
    profile.thumbnail_large = ""
    profile.save()
    gallery.PUBLIC_PAGES.bump()  # as the services do after a change to a published profile

    cards = images(client.get(reverse("public:gallery")))
    page = images(client.get(reverse("public:gallery_detail", args=[profile.slug])))

    assert_sized(cards + page)
    assert sum("srcset" not in image for image in cards) == 1
    assert "srcset" not in page[0]


def test_profiles_published_before_large_thumbnails_get_them_from_the_command(
    published, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    profile = published[0]
    old = profile.thumbnail.name
    profile.thumbnail_large = ""
    profile.save()
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("remake_thumbnails", stdout=out)

    profile.refresh_from_db()
    assert "4 published profiles" in out.getvalue()
    with profile.thumbnail_large.open("rb") as handle, Image.open(handle) as image:
        assert image.size == gallery.LARGE_THUMBNAIL_SIZE
    assert profile.thumbnail.name != old
    assert not profile.thumbnail.storage.exists(old)


# --- Only the images' own names are served ---------------------------------------------------


@pytest.mark.parametrize("name", ["x", "original", "THUMB", "thumb3x", "photo2x"])
def test_an_image_name_other_than_the_profiles_own_is_not_found(client, published, name):
    profile = published[0]
    version = gallery.image_version(profile.photo.name, profile.published_at)

    response = client.get(
        reverse("public:gallery_image", args=[profile.slug, name]), {"v": version}
    )

    assert response.status_code == 404


@pytest.mark.parametrize("kind", ["thumb", "thumb2x", "photo"])
def test_the_profiles_own_image_names_are_still_served(client, published, kind):
    profile = published[0]
    profile.refresh_from_db()

    response = client.get(profile.image_url(kind))
    body = response.getvalue()  # a streamed photo is read whole (and its file closed)

    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(body)) as image:
        assert (
            image.size
            == {
                "thumb": gallery.THUMBNAIL_SIZE,
                "thumb2x": gallery.LARGE_THUMBNAIL_SIZE,
                "photo": (600, 900),
            }[kind]
        )
