"""An objection is answered in the language it was filed in: a citizen who read the notice in
English and objected there gets the answer e-mail in English, whatever the admin's language."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from selection import notice
from selection.models import Objection
from tests.selection.test_notice import _objection

pytestmark = pytest.mark.django_db

ANSWER = {
    "decision": "dismissed",
    "investigator": "区纪委 王五",
    "finding": "经走访核实，所反映问题不属实。",
    "reason": "不予采纳。",
    "answer": "经调查核实，您反映的问题不属实，感谢监督。",
}


def _answer(client, objection):
    url = reverse("selection:objection_resolve", args=[objection.notice.campaign_id, objection.pk])
    return client.post(url, ANSWER)


def test_an_objection_filed_on_the_english_page_is_answered_in_english(
    client, running, shortlisted, city_admin, mailoutbox, django_capture_on_commit_callbacks
):
    citizen = Client()
    citizen.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    filed = _objection(
        citizen, running.campaign_id, shortlisted[0].pk, contact="reader@example.org"
    )
    objection = Objection.objects.get()
    client.force_login(city_admin)  # the admin works in Chinese

    with django_capture_on_commit_callbacks(execute=True):
        _answer(client, objection)

    assert filed.status_code == 200
    assert objection.language == "en"
    [mail] = mailoutbox
    assert mail.to == ["reader@example.org"]
    assert mail.subject.startswith("An answer to the matter you raised about the notice of")
    assert "the matter you raised during the public notice of" in mail.body
    assert "感谢监督" in mail.body  # the admin's own words, as written
    page = client.get(reverse("selection:notice_manage", args=[running.campaign_id]))
    assert "提交语言：English" in page.content.decode()


def test_an_objection_filed_on_the_chinese_page_is_answered_in_chinese(
    client, running, shortlisted, city_admin, mailoutbox, django_capture_on_commit_callbacks
):
    _objection(Client(), running.campaign_id, shortlisted[0].pk, contact="du@example.org")
    objection = Objection.objects.get()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the admin works in English
    client.force_login(city_admin)

    with django_capture_on_commit_callbacks(execute=True):
        _answer(client, objection)

    assert objection.language == "zh-hans"
    [mail] = mailoutbox
    assert mail.subject.startswith("您对《")
    assert "公示期间反映的情况已调查核实" in mail.body


@pytest.mark.parametrize("language", ["", "fr"])
def test_an_objection_of_no_known_language_is_answered_in_the_portal_s(
    running, shortlisted, city_admin, mailoutbox, django_capture_on_commit_callbacks, language
):
    """Objections filed before their language was kept, or a language no longer offered."""
    objection = notice.file_objection(
        running, shortlisted[0], name="张三", contact="zhang@example.org", text="反映情况" * 6
    )
    Objection.objects.filter(pk=objection.pk).update(language=language)

    with django_capture_on_commit_callbacks(execute=True):
        notice.resolve_objection(
            objection, upheld=False, reason="不属实。", by=city_admin, answer="不属实。"
        )

    [mail] = mailoutbox
    assert mail.subject.startswith("您对《")


def test_a_made_up_language_is_not_kept_on_the_objection(running, shortlisted):
    objection = notice.file_objection(
        running, shortlisted[0], name="张三", contact="139", text="反映情况" * 6, language="xx"
    )

    assert objection.language == ""
