"""An objector who left a phone number gets no e-mail: the admin is told so when the objection
is resolved, and its row says so after, so that they phone."""

import pytest
from django.conf import settings
from django.urls import reverse

from selection import notice
from tests.selection.test_objection_language import ANSWER

pytestmark = pytest.mark.django_db

NOT_SENT = "反映人留的是电话号码，答复未通过电子邮件发送，请电话答复。"


def _resolve(client, running, objection):
    return client.post(
        reverse("selection:objection_resolve", args=[running.campaign_id, objection.pk]),
        ANSWER,
        follow=True,
    )


def test_an_answer_to_a_phone_number_is_said_to_be_for_the_phone(
    client, running, shortlisted, city_admin, mailoutbox, django_capture_on_commit_callbacks
):
    by_phone = notice.file_objection(
        running, shortlisted[1], name="李四", contact="13800000000", text="反映情况" * 6
    )
    client.force_login(city_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = _resolve(client, running, by_phone)

    assert mailoutbox == []
    assert [str(m) for m in response.context["messages"]] == [f"异议已处理。{NOT_SENT}"]
    assert NOT_SENT in response.content.decode()  # on the objection's row
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("selection:notice_manage", args=[running.campaign_id]))
    assert "not sent by e-mail" in english.content.decode()


def test_an_answer_sent_by_e_mail_says_nothing_of_the_phone(
    client, running, shortlisted, city_admin, django_capture_on_commit_callbacks
):
    by_mail = notice.file_objection(
        running, shortlisted[0], name="张三", contact="zhang@example.org", text="反映情况" * 6
    )
    client.force_login(city_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = _resolve(client, running, by_mail)

    assert [str(m) for m in response.context["messages"]] == ["异议已处理。"]
    assert NOT_SENT not in response.content.decode()
