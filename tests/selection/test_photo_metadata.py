"""A secretary's phone photo says where it was taken (EXIF GPS, often at home) and with which
phone: every image the portal stores keeps its pixels only, upright, and the public gallery never
serves one with its metadata, photos stored before included (``manage.py clean_photos``)."""

import io
import struct
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from selection import gallery
from selection.models import Attachment, ExemplarProfile, Nomination
from tests.selection.test_views import _form_data

pytestmark = pytest.mark.django_db

#: Where the photo was taken: N30°35′ E114°17′ (a home in 江城).
HOME = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (30.0, 35.0, 0.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (114.0, 17.0, 0.0),
}
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
#: The phone's colour profile: kept, or the colours would change.
ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def phone_photo(name="IMG_0001.jpg", *, size=(60, 80), orientation=1) -> bytes:
    """A JPEG as a phone writes it: GPS position, make and model, date, XMP and a comment."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Huawei"
    exif[ExifTags.Base.Model] = "P60"
    exif[ExifTags.Base.DateTime] = "2026:05:01 08:30:00"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(HOME)
    buffer = io.BytesIO()
    Image.new("RGB", size, (183, 28, 28)).save(
        buffer, "JPEG", exif=exif.tobytes(), xmp=XMP, comment=b"at home", icc_profile=ICC
    )
    return buffer.getvalue()


def upload(content: bytes, name="IMG_0001.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def assert_no_metadata(content: bytes) -> Image.Image:
    with Image.open(io.BytesIO(content)) as image:
        exif = image.getexif()
        assert exif.get_ifd(ExifTags.IFD.GPSInfo) == {}
        assert dict(exif) == {}  # no make, model, date or orientation either
        assert {"exif", "xmp", "comment"} & set(image.info) == set()
        image.load()
        return image


def stored(field_file) -> bytes:
    with field_file.open("rb") as handle:
        return handle.read()


def served(response) -> bytes:
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_a_secretarys_phone_photo_is_stored_and_served_without_its_position(
    client, secretary, draft
):
    client.force_login(secretary)

    response = client.post(
        reverse("selection:nomination_edit", args=[draft.pk]),
        _form_data(photo=upload(phone_photo()), action="save"),
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.photo.name.endswith(".jpg")
    assert assert_no_metadata(stored(draft.photo)).info["icc_profile"] == ICC
    page = client.get(reverse("selection:nomination_photo", args=[draft.pk]))
    assert page["Content-Type"] == "image/jpeg"
    assert assert_no_metadata(served(page)).size == (60, 80)


def test_a_photo_taken_with_the_phone_turned_is_stored_upright(client, secretary, draft):
    client.force_login(secretary)
    sideways = phone_photo(size=(80, 60), orientation=6)  # stored lying, shown standing

    client.post(
        reverse("selection:nomination_edit", args=[draft.pk]),
        _form_data(photo=upload(sideways), action="save"),
    )

    draft.refresh_from_db()
    assert assert_no_metadata(stored(draft.photo)).size == (60, 80)


def test_a_png_photo_is_stored_as_a_jpeg_without_its_text(client, secretary, draft):
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "家庭住址：江城市幸福路 8 号")
    buffer = io.BytesIO()
    Image.new("RGBA", (60, 80), (183, 28, 28, 0)).save(buffer, "PNG", pnginfo=text)
    client.force_login(secretary)

    client.post(
        reverse("selection:nomination_edit", args=[draft.pk]),
        _form_data(photo=SimpleUploadedFile("photo.png", buffer.getvalue()), action="save"),
    )

    draft.refresh_from_db()
    image = assert_no_metadata(stored(draft.photo))
    assert (image.format, image.getpixel((0, 0))) == ("JPEG", (255, 255, 255))  # on white


def test_an_admins_profile_photo_leaves_the_gallery_without_its_position(
    client, city_admin, profile, approved
):
    client.force_login(city_admin)
    response = client.post(
        reverse("selection:profile_edit", args=[profile.pk]),
        {
            "title": profile.title,
            "summary": profile.summary,
            "story": profile.story,
            "organization": profile.organization_id,
            "year": profile.year,
            "photo": upload(phone_photo(orientation=6)),
        },
    )
    assert response.status_code == 302
    gallery.record_consent(approved, wording="同意公开先进事迹。", by=city_admin)
    profile = gallery.publish(profile, by=city_admin)
    client.logout()

    assert assert_no_metadata(stored(profile.photo)).size == (80, 60)
    api = client.get(f"/api/v1/public/profiles/{profile.slug}/").json()
    from_api = client.get(api["photo_url"], follow=True)  # sent on to the current version
    assert assert_no_metadata(served(from_api)).size == (80, 60)
    for kind, size in (
        ("photo", (80, 60)),
        ("thumb", gallery.THUMBNAIL_SIZE),
        ("thumb2x", gallery.LARGE_THUMBNAIL_SIZE),
    ):
        assert assert_no_metadata(served(client.get(profile.image_url(kind)))).size == size


def test_an_image_attachment_keeps_its_format_but_not_its_position(client, secretary, draft):
    client.force_login(secretary)

    client.post(
        reverse("selection:attachment_add", args=[draft.pk]),
        {"file": upload(phone_photo(), name="荣誉证书.jpg")},
    )

    attachment = Attachment.objects.get(nomination=draft)
    content = stored(attachment.file)
    assert (attachment.original_name, attachment.size) == ("荣誉证书.jpg", len(content))
    assert assert_no_metadata(content).format == "JPEG"


def huge_png(width=20_000, height=20_000) -> bytes:
    """A PNG claiming 20000 × 20000 pixels in a few bytes (Pillow reads the size first)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1024))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("size", [(20_000, 20_000), (8_000, 6_000)], ids=["bomb", "48MP"])
def test_a_too_large_picture_is_named_so_and_the_typed_text_stays(client, secretary, draft, size):
    client.force_login(secretary)

    response = client.post(
        reverse("selection:nomination_edit", args=[draft.pk]),
        _form_data(
            deeds="这段新输入不应丢失",
            photo=SimpleUploadedFile("photo.png", huge_png(*size)),
            action="save",
        ),
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "图片尺寸过大，最多 40,000,000 像素" in body
    assert "已损坏" not in body
    assert "这段新输入不应丢失" in body
    assert Nomination.objects.get(pk=draft.pk).photo.name == draft.photo.name


def test_photos_stored_before_are_cleaned_by_clean_photos(client, city_admin, profile, approved):
    # Stored as they were before photos were cleaned on upload.
    profile.photo.save("old.jpg", ContentFile(phone_photo(orientation=6)), save=True)
    approved.photo.save("old.jpg", ContentFile(phone_photo()), save=True)
    gallery.record_consent(approved, wording="同意公开先进事迹。", by=city_admin)
    profile = gallery.publish(profile, by=city_admin)
    old_url = profile.image_url("photo")

    call_command("clean_photos", stdout=io.StringIO())

    profile = ExemplarProfile.objects.get(pk=profile.pk)
    approved.refresh_from_db()
    assert assert_no_metadata(stored(approved.photo)).size == (60, 80)
    moved = client.get(old_url)
    assert moved.status_code == 302 and moved["Location"] == profile.image_url("photo")
    for kind in ("photo", "thumb", "thumb2x"):
        assert_no_metadata(served(client.get(profile.image_url(kind))))
    assert assert_no_metadata(stored(profile.photo)).size == (80, 60)

    names = (approved.photo.name, profile.photo.name, profile.thumbnail.name)
    out = io.StringIO()
    call_command("clean_photos", stdout=out)  # again: nothing left to rewrite
    profile.refresh_from_db()
    approved.refresh_from_db()
    assert (approved.photo.name, profile.photo.name, profile.thumbnail.name) == names
    assert "0 nomination photos, 0 profile photos, 0 image attachments" in out.getvalue()


def test_a_profile_made_from_an_old_nomination_photo_gets_it_cleaned(approved, city_admin):
    approved.photo.save("old.jpg", ContentFile(phone_photo()), save=True)

    profile = gallery.create_profile(approved, by=city_admin)

    assert_no_metadata(stored(profile.photo))


def test_clean_photos_names_a_stored_file_it_cannot_read_and_cleans_the_others(approved, draft):
    approved.photo.save("broken.jpg", ContentFile(b"\xff\xd8\xff\xe0 broken"), save=True)
    draft.photo.save("old.jpg", ContentFile(phone_photo()), save=True)
    errors = io.StringIO()

    # Not a failure (the portal shows a placeholder for it): named, to be uploaded anew.
    call_command("clean_photos", stdout=io.StringIO(), stderr=errors)

    assert "1 stored files cannot be read" in errors.getvalue()
    assert f"nominations #{approved.pk}" in errors.getvalue()
    draft.refresh_from_db()
    assert_no_metadata(stored(draft.photo))


def test_a_photo_larger_than_any_page_shows_is_kept_at_its_longest_side_limit():
    """A 6000 × 4000 camera photo is decoded at a reduced scale and kept at 3000 × 2000 (the
    proportions as they were); an attachment keeps its size."""
    import io

    from PIL import Image

    from selection import images

    camera = io.BytesIO()
    Image.new("RGB", (6000, 4000), "#7a9").save(camera, "JPEG", quality=85)

    photo = Image.open(io.BytesIO(images.without_metadata(camera)))
    attachment = Image.open(io.BytesIO(images.without_metadata(camera, keep_png=True)))

    assert photo.size == (images.PHOTO_SIDE, images.PHOTO_SIDE * 2 // 3)
    assert attachment.size == (6000, 4000)
