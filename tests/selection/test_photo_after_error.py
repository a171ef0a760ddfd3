"""A photo chosen on a form that comes back with an error elsewhere is not saved, and no
browser keeps the chosen file: the page says so at the photo field, and (a new nomination as
an edited one) sums up what to fix at the top. So for an attachment chosen on the edit page
(posted with the nomination's form): named as not uploaded, or its own error at its field; with
no error, it goes with whichever button was pressed."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from selection.choices import State
from selection.models import Nomination
from tests.factories import COMPLETE_CONTENT, pdf_upload, png_upload

pytestmark = pytest.mark.django_db

DROPPED = "照片未保存：请修正上面的错误后重新选择照片。"
ATTACHMENT_DROPPED = "附件未上传：请修正上面的错误后重新选择附件，再点“上传附件”。"
NOT_AN_ATTACHMENT = "附件须为 PDF、JPG、PNG 或 DOCX 文件。"
# The message at the top names them too: a secretary who reads it alone would fix the date,
# submit, and hear only then that the photo was missing.
PHOTO_NOT_KEPT = "所选照片未保存，请修正后重新选择。"
ATTACHMENT_NOT_KEPT = "所选附件未上传，请修正后重新选择。"


def _future():
    return timezone.localdate() + datetime.timedelta(days=30)


def _form(**overrides):
    return {**{k: str(v) for k, v in COMPLETE_CONTENT.items()}, "action": "save", **overrides}


def _new(client, campaign, member, data):
    return client.post(
        reverse("selection:nomination_new") + f"?campaign={campaign.pk}",
        {**data, "member": member.pk},
    )


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _date_error():
    return f"支部会议日期（{_future()}）晚于今天，请填写已召开会议的日期。"


def test_a_photo_chosen_with_a_future_meeting_date_is_named_as_not_saved(
    client, secretary, campaign, good_member
):
    client.force_login(secretary)

    response = _new(
        client,
        campaign,
        good_member,
        _form(branch_meeting_date=_future().isoformat(), photo=png_upload()),
    )

    assert response.status_code == 400
    assert DROPPED in response.content.decode()
    assert _messages(response) == [
        f"有内容需要修改，推荐尚未保存：{_date_error()} {PHOTO_NOT_KEPT}"
    ]
    assert not Nomination.objects.filter(member=good_member).exists()


def test_a_new_nomination_coming_back_with_errors_sums_them_up_at_the_top(
    client, secretary, campaign, good_member
):
    client.force_login(secretary)

    response = _new(client, campaign, good_member, _form(branch_meeting_date=_future().isoformat()))

    assert _messages(response) == [f"有内容需要修改，推荐尚未保存：{_date_error()}"]


def test_an_edited_draft_keeps_its_photo_and_names_the_new_one_as_not_saved(
    client, secretary, draft
):
    client.force_login(secretary)
    photo = draft.photo.name

    response = client.post(
        reverse("selection:nomination_edit", args=[draft.pk]),
        _form(branch_meeting_date=_future().isoformat(), photo=png_upload()),
    )

    assert response.status_code == 400
    assert DROPPED in response.content.decode()
    draft.refresh_from_db()
    assert draft.photo.name == photo


def test_without_a_photo_chosen_nothing_is_said_about_the_photo(
    client, secretary, campaign, good_member
):
    client.force_login(secretary)

    response = _new(client, campaign, good_member, _form(branch_meeting_date=_future().isoformat()))

    assert DROPPED not in response.content.decode()


def test_a_photo_refused_itself_is_explained_at_the_field_alone(
    client, secretary, campaign, good_member
):
    client.force_login(secretary)
    not_a_photo = SimpleUploadedFile("photo.jpg", b"MZ" + b"\x00" * 64)

    response = _new(client, campaign, good_member, _form(photo=not_a_photo))

    html = response.content.decode()
    assert "照片须为 JPG 或 PNG 图片。" in html
    assert DROPPED not in html


def _edit(client, draft, data, *, follow=False):
    return client.post(reverse("selection:nomination_edit", args=[draft.pk]), data, follow=follow)


def _not_an_attachment():
    return SimpleUploadedFile("证明.pdf", b"not a pdf", content_type="application/pdf")


def _at_the_file_field(error):
    return f'<div class="invalid-feedback" id="error_id_file">{error}</div>'


def test_an_attachment_chosen_with_a_future_meeting_date_is_named_as_not_uploaded(
    client, secretary, draft
):
    client.force_login(secretary)
    deeds = draft.deeds

    response = _edit(
        client,
        draft,
        _form(
            deeds="刚写下的事迹。",
            branch_meeting_date=_future().isoformat(),
            action="upload",
            file=pdf_upload(),
        ),
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert ATTACHMENT_DROPPED in html
    assert "刚写下的事迹。" in html  # what was typed comes back, to fix the date and upload again
    draft.refresh_from_db()
    assert draft.deeds == deeds
    assert not draft.attachments.exists()


def test_an_attachment_chosen_before_saving_the_draft_with_errors_is_named_too(
    client, secretary, draft
):
    client.force_login(secretary)

    response = _edit(
        client,
        draft,
        _form(branch_meeting_date=_future().isoformat(), action="save", file=pdf_upload()),
    )

    assert ATTACHMENT_DROPPED in response.content.decode()


def test_an_attachment_refused_itself_is_explained_at_its_field_with_the_other_errors(
    client, secretary, draft
):
    client.force_login(secretary)

    response = _edit(
        client,
        draft,
        _form(
            branch_meeting_date=_future().isoformat(), action="upload", file=_not_an_attachment()
        ),
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert _at_the_file_field(NOT_AN_ATTACHMENT) in html
    assert ATTACHMENT_DROPPED not in html
    assert _messages(response) == [
        f"有内容需要修改，已保存的内容没有变化：支部会议日期（{_future()}）晚于今天，"
        f"请填写已召开会议的日期。 {NOT_AN_ATTACHMENT}"
    ]


def test_a_draft_saved_with_a_refused_attachment_explains_it_at_its_field(client, secretary, draft):
    client.force_login(secretary)

    response = _edit(
        client, draft, _form(deeds="仍然保存的事迹。", action="upload", file=_not_an_attachment())
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert _messages(response) == [f"草稿已保存，附件未上传：{NOT_AN_ATTACHMENT}"]
    assert _at_the_file_field(NOT_AN_ATTACHMENT) in html
    assert ATTACHMENT_DROPPED not in html
    assert "仍然保存的事迹。" in html
    draft.refresh_from_db()
    assert draft.deeds == "仍然保存的事迹。"
    assert not draft.attachments.exists()


def test_a_photo_and_an_attachment_chosen_with_errors_are_both_named(client, secretary, draft):
    client.force_login(secretary)

    response = _edit(
        client,
        draft,
        _form(
            branch_meeting_date=_future().isoformat(),
            photo=png_upload(),
            action="upload",
            file=pdf_upload(),
        ),
    )

    html = response.content.decode()
    assert DROPPED in html
    assert ATTACHMENT_DROPPED in html
    assert _messages(response) == [
        f"有内容需要修改，已保存的内容没有变化：{_date_error()} "
        f"{PHOTO_NOT_KEPT} {ATTACHMENT_NOT_KEPT}"
    ]


def test_without_an_attachment_chosen_nothing_is_said_about_it(client, secretary, draft):
    client.force_login(secretary)

    response = _edit(client, draft, _form(branch_meeting_date=_future().isoformat()))

    html = response.content.decode()
    assert ATTACHMENT_DROPPED not in html
    assert 'id="error_id_file"' not in html
    assert _messages(response) == [f"有内容需要修改，已保存的内容没有变化：{_date_error()}"]


def test_a_file_chosen_and_the_draft_saved_is_uploaded_with_it(client, secretary, draft):
    client.force_login(secretary)

    response = _edit(
        client,
        draft,
        _form(deeds="与附件一同保存。", action="save", file=pdf_upload()),
        follow=True,
    )

    assert _messages(response) == ["草稿已保存，附件已上传。"]
    draft.refresh_from_db()
    assert draft.deeds == "与附件一同保存。"
    assert draft.attachments.count() == 1


def test_a_file_chosen_and_the_nomination_submitted_goes_with_it(client, secretary, draft):
    client.force_login(secretary)

    _edit(client, draft, _form(action="submit", photo=png_upload(), file=pdf_upload()))

    draft.refresh_from_db()
    assert draft.attachments.count() == 1
    assert draft.state == State.SUBMITTED


def test_upload_pressed_without_a_file_asks_for_one_of_the_accepted_types(client, secretary, draft):
    # The browser takes out a file of another type (static/js/upload-check.js); pressing
    # 上传附件 then must not say "required" of a field the user did fill.
    client.force_login(secretary)

    response = _edit(client, draft, _form(deeds="没有选文件。", action="upload"))

    choose = "请选择一个 PDF、JPG、PNG 或 DOCX 文件。"
    assert response.status_code == 400
    assert _at_the_file_field(choose) in response.content.decode()
    assert _messages(response) == [f"草稿已保存，附件未上传：附件：{choose}"]
    assert "必填" not in response.content.decode()
