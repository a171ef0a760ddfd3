"""A branch secretary on a slow intranet line: the nomination's pages show a small preview of
the photo (the photo itself only behind "查看原图"), kept by the browser until the photo
changes; the form tells the browser the server's limits, so a file too large or of another
type is refused before it is sent; a request cut off in the middle of its file saves nothing;
and the new nomination's form says where the attachments go."""

import io
import logging
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import encode_multipart
from django.urls import reverse
from PIL import Image

from selection import files, uploads
from selection.models import Nomination
from tests.factories import COMPLETE_CONTENT, png_upload

pytestmark = pytest.mark.django_db


def _big_photo() -> SimpleUploadedFile:
    """A camera's photo: a few megapixels of detail, about a megabyte or more as a JPEG."""
    noise = Image.effect_noise((1500, 2000), 90).convert("RGB")
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=92)
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def _form(**overrides):
    return {**{k: str(v) for k, v in COMPLETE_CONTENT.items()}, "action": "save", **overrides}


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _preview_url(page) -> str:
    found = re.search(r'<img src="([^"]*/photo/preview/\?v=[0-9a-f]+)"', page.content.decode())
    assert found, "no photo preview on the page"
    return found.group(1)


def test_the_edit_page_shows_a_small_preview_and_links_the_photo_itself(client, secretary, draft):
    client.force_login(secretary)
    client.post(reverse("selection:nomination_edit", args=[draft.pk]), _form(photo=_big_photo()))
    draft.refresh_from_db()

    page = client.get(reverse("selection:nomination_edit", args=[draft.pk]))
    preview = client.get(_preview_url(page))
    photo = client.get(reverse("selection:nomination_photo", args=[draft.pk]))

    html = page.content.decode()
    assert f'href="{reverse("selection:nomination_photo", args=[draft.pk])}"' in html
    assert "查看原图" in html
    assert f'src="{reverse("selection:nomination_photo", args=[draft.pk])}"' not in html
    assert preview["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(preview.content)).size == files.PREVIEW_SIZE
    assert len(preview.content) * 20 < len(_body(photo))


def test_the_nominations_page_shows_the_preview_too(client, secretary, draft):
    client.force_login(secretary)

    page = client.get(reverse("selection:nomination_detail", args=[draft.pk]))

    assert client.get(_preview_url(page)).status_code == 200
    assert "查看原图" in page.content.decode()


def test_the_browser_keeps_the_preview_until_the_photo_is_replaced(client, secretary, draft):
    client.force_login(secretary)
    edit = reverse("selection:nomination_edit", args=[draft.pk])
    first_url = _preview_url(client.get(edit))

    first = client.get(first_url)
    again = client.get(first_url, headers={"If-None-Match": first["ETag"]})
    client.post(edit, _form(photo=png_upload(size=(90, 120)), version=draft.version))
    second_url = _preview_url(client.get(edit))
    old_address = client.get(first_url, headers={"If-None-Match": first["ETag"]})

    assert first["Cache-Control"] == f"private, max-age={files.PREVIEW_MAX_AGE}"
    assert again.status_code == 304
    assert second_url != first_url
    # The old address brings the new photo (with its new tag), never kept without asking.
    assert old_address.status_code == 200
    assert old_address["ETag"] != first["ETag"]
    assert old_address["Cache-Control"] == "private, no-cache"


def test_another_branchs_secretary_cannot_see_the_preview(client, other_secretary, draft):
    client.force_login(other_secretary)

    response = client.get(reverse("selection:nomination_photo_preview", args=[draft.pk]))

    assert response.status_code == 404


def test_a_photo_that_cannot_be_read_has_no_preview(client, secretary, draft):
    client.force_login(secretary)
    draft.photo.storage.delete(draft.photo.name)

    response = client.get(reverse("selection:nomination_photo_preview", args=[draft.pk]))

    assert response.status_code == 404


def test_the_form_gives_the_browser_the_servers_limits_for_the_photo_and_attachments(
    client, secretary, draft
):
    client.force_login(secretary)

    html = client.get(reverse("selection:nomination_edit", args=[draft.pk])).content.decode()

    photo = re.search(r'<input type="file" name="photo"[^>]*>', html).group(0)
    attachment = re.search(r'<input type="file" name="file"[^>]*>', html).group(0)
    assert f'data-max-bytes="{uploads.PHOTO_MAX_BYTES}"' in photo
    assert 'data-extensions=".jpeg,.jpg,.png"' in photo
    assert 'data-too-large="文件过大（__SIZE__），上限为 5.0\xa0MB。"' in photo
    assert 'data-bad-type="照片须为 JPG 或 PNG 图片。"' in photo
    assert f'data-max-bytes="{uploads.ATTACHMENT_MAX_BYTES}"' in attachment
    assert 'data-extensions=".pdf,.jpeg,.jpg,.png,.docx"' in attachment
    assert 'form="nomination-form"' in attachment
    assert "data-uploading-pattern=" in html and 'id="upload-status"' in html


def test_a_photo_too_large_is_still_refused_by_the_server(client, secretary, draft):
    client.force_login(secretary)
    too_large = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"\x00" * uploads.PHOTO_MAX_BYTES)

    response = client.post(
        reverse("selection:nomination_edit", args=[draft.pk]), _form(photo=too_large)
    )

    assert response.status_code == 400
    assert "文件过大（5.0\xa0MB），上限为 5.0\xa0MB。" in response.content.decode()


CUT_BOUNDARY = "SlowLine"
CUT_CONTENT = f"multipart/form-data; boundary={CUT_BOUNDARY}"


def _cut_off(data: dict) -> bytes:
    """The form's body as a browser closed halfway through the photo leaves it."""
    body = encode_multipart(CUT_BOUNDARY, data)
    return body[: body.index(b"\xff\xd8\xff") + 2000]


def test_a_new_nomination_cut_off_in_the_middle_of_its_photo_saves_nothing(
    client, secretary, campaign, good_member
):
    client.force_login(secretary)
    # In the order of the page's fields: the member first, the photo after the texts.
    body = _cut_off({"member": str(good_member.pk), **_form(photo=_big_photo())})

    response = client.post(
        reverse("selection:nomination_new") + f"?campaign={campaign.pk}",
        body,
        content_type=CUT_CONTENT,
    )

    assert response.status_code == 400
    assert not Nomination.objects.filter(member=good_member).exists()


def test_a_cut_off_upload_is_logged_as_one_line_without_a_traceback(
    client, secretary, campaign, good_member, caplog
):
    """The client went away: a warning naming the page, no traceback taken for our bug."""
    client.force_login(secretary)
    body = _cut_off({"member": str(good_member.pk), **_form(photo=_big_photo())})
    url = reverse("selection:nomination_new")

    with caplog.at_level(logging.INFO, logger="django.request"):
        response = client.post(url + f"?campaign={campaign.pk}", body, content_type=CUT_CONTENT)

    assert response.status_code == 400
    assert not Nomination.objects.filter(member=good_member).exists()
    [logged] = [r for r in caplog.records if r.name == "django.request"]
    assert (logged.levelname, logged.exc_info) == ("WARNING", None)
    assert logged.getMessage() == f"Upload cut off by the client, refused (400): {url}"
    assert "Traceback" not in caplog.text


def test_an_edit_cut_off_in_the_middle_of_its_photo_changes_nothing(client, secretary, draft):
    client.force_login(secretary)
    before = (draft.deeds, draft.photo.name, draft.version)
    body = _cut_off(_form(deeds="改过的事迹", photo=_big_photo(), version=draft.version))

    response = client.post(
        reverse("selection:nomination_edit", args=[draft.pk]), body, content_type=CUT_CONTENT
    )

    assert response.status_code == 400
    draft.refresh_from_db()
    assert (draft.deeds, draft.photo.name, draft.version) == before


def test_the_new_nomination_form_says_attachments_come_after_the_first_save(
    client, secretary, campaign, good_member
):
    client.force_login(secretary)

    page = client.get(
        reverse("selection:nomination_new"), {"campaign": campaign.pk, "member": good_member.pk}
    )

    assert "附件（证明材料、支部会议记录等）可在保存草稿后添加。" in page.content.decode()
