"""The message on top of a refused form names the box of each error: Django's own messages
("输入一个有效的日期。") name none, and the message is read apart from the boxes."""

import pytest
from django import forms
from django.urls import reverse

from config.wording import form_errors
from tests.factories import COMPLETE_CONTENT, NominationFactory

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_a_bad_date_on_the_nomination_form_is_named_by_its_box_in_the_summary(
    client, campaign, branch_a1, secretary
):
    draft = NominationFactory(campaign=campaign, member__organization=branch_a1)
    client.force_login(secretary)
    data = {k: str(v) for k, v in COMPLETE_CONTENT.items()}

    response = client.post(
        reverse("selection:nomination_edit", args=[draft.pk]),
        {**data, "branch_meeting_date": "2026-02-30", "action": "save"},
    )

    assert response.status_code == 400
    assert _messages(response) == [
        "有内容需要修改，已保存的内容没有变化：支部会议日期：输入一个有效的日期。"
    ]


class Booking(forms.Form):
    day = forms.DateField(label="出生日期")
    reason = forms.CharField(label="理由", error_messages={"required": "请填写“理由”。"})
    ids = forms.CharField(widget=forms.HiddenInput, error_messages={"required": "请刷新页面。"})

    def clean(self):
        raise forms.ValidationError("两项不能同时为空。")


def test_each_field_s_error_is_said_with_its_label_and_the_form_s_own_as_it_is():
    form = Booking({"day": "不是日期"})

    assert form_errors(form) == (
        "出生日期：输入一个有效的日期。 请填写“理由”。 请刷新页面。 两项不能同时为空。"
    )
