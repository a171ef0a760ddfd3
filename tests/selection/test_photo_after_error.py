"""A photo chosen on a form that comes back with an error elsewhere is not saved, and no
browser keeps the chosen file: the page says so at the photo field, and (a new nomination as
an edited one) sums up what to fix at the top."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from selection.models import Nomination
from tests.factories import COMPLETE_CONTENT, png_upload

pytestmark = pytest.mark.django_db

DROPPED = "照片未保存：请修正上面的错误后重新选择照片。"


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
    assert not Nomination.objects.filter(member=good_member).exists()


def test_a_new_nomination_coming_back_with_errors_sums_them_up_at_the_top(
    client, secretary, campaign, good_member
):
    client.force_login(secretary)

    response = _new(client, campaign, good_member, _form(branch_meeting_date=_future().isoformat()))

    assert _messages(response) == [
        f"有内容需要修改，推荐尚未保存：支部会议日期（{_future()}）晚于今天，请填写已召开会议的日期。"
    ]


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
