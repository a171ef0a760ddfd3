"""E-mails are written in each recipient's language: the one they chose with the language
switch, else the portal's (Chinese); those who share a language get one message together."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from members.choices import Role
from selection import workflow
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def _returned(nomination, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_for_revision(nomination, by=admin, reason="请补充业绩数据。")
    return {tuple(message.to): message for message in mail.outbox}


def test_a_secretary_who_chose_english_hears_of_a_returned_nomination_in_english(
    submitted, secretary, admin, branch_a1, django_capture_on_commit_callbacks
):
    secretary.language = "en"
    secretary.save()
    colleague = user_with_role(Role.SECRETARY, branch_a1, username="sec_a1_zh")
    mail.outbox.clear()

    messages = _returned(submitted, admin, django_capture_on_commit_callbacks)

    assert set(messages) == {(secretary.email,), (colleague.email,)}
    english = messages[(secretary.email,)]
    assert "Returned for revision" in english.subject
    assert "退回修改" not in english.subject + english.body
    assert "请补充业绩数据。" in english.body  # the admin's own words stay as written
    html, _type = english.alternatives[0]
    assert "Returned for revision" in html
    chinese = messages[(colleague.email,)]
    assert "退回修改" in chinese.subject
    assert "Returned for revision" not in chinese.subject + chinese.body


def test_recipients_who_share_a_language_get_one_message_together(
    submitted, secretary, admin, branch_a1, committee_a, django_capture_on_commit_callbacks
):
    secretary.language = "en"
    secretary.save()
    also_english = user_with_role(Role.SECRETARY, committee_a, username="sec_ca", language="en")
    chose_chinese = user_with_role(Role.SECRETARY, branch_a1, username="sec_zh", language="zh-hans")
    never_chose = user_with_role(Role.SECRETARY, branch_a1, username="sec_default")
    mail.outbox.clear()

    messages = _returned(submitted, admin, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 2
    assert sorted(messages) == sorted(
        [
            tuple(sorted([secretary.email, also_english.email])),
            tuple(sorted([chose_chinese.email, never_chose.email])),
        ]
    )


def test_a_language_the_portal_no_longer_offers_gets_the_portals(
    submitted, secretary, admin, django_capture_on_commit_callbacks
):
    secretary.language = "fr"  # saved once, since taken out of LANGUAGES (or made up)
    secretary.save()
    mail.outbox.clear()

    messages = _returned(submitted, admin, django_capture_on_commit_callbacks)

    assert "退回修改" in messages[(secretary.email,)].subject


def test_a_secretary_who_chose_english_before_accounts_kept_it_hears_in_english_once_signed_in(
    client, submitted, secretary, admin, django_capture_on_commit_callbacks
):
    """Their choice was only in this browser's cookie: signing in there puts it on the account."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    signed_in = client.post(
        reverse("login"), {"username": secretary.username, "password": settings.DEMO_PASSWORD}
    )
    client.get(signed_in["Location"])
    mail.outbox.clear()

    messages = _returned(submitted, admin, django_capture_on_commit_callbacks)

    assert "Returned for revision" in messages[(secretary.email,)].subject


def test_plain_text_parts_carry_names_and_reasons_as_written_not_as_html(
    submitted, secretary, admin, django_capture_on_commit_callbacks
):
    """A subject and a text body are not HTML: a title or a reason holding ' & < " reads as
    typed there (every emails/*.txt template turns autoescaping off), the HTML part escapes it."""
    submitted.campaign.title = 'O\'Brien & <Co> "2026"'
    submitted.campaign.save()
    submitted.member.name = "赵<六>"
    submitted.member.save()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_for_revision(submitted, by=admin, reason="补充 <附件> & 'A' 表")

    message = next(m for m in mail.outbox if secretary.email in m.to)
    assert "赵<六>" in message.subject
    assert 'O\'Brien & <Co> "2026"' in message.body
    assert "补充 <附件> & 'A' 表" in message.body
    assert "&amp;" not in message.subject + message.body
    html, _type = message.alternatives[0]
    assert "&lt;Co&gt;" in html and "<Co>" not in html


def test_every_plain_text_email_template_turns_autoescaping_off():
    from pathlib import Path

    folder = Path(settings.BASE_DIR) / "templates" / "emails"
    for path in sorted(folder.glob("*.txt")):
        source = path.read_text(encoding="utf-8")
        assert "{% autoescape off %}" in source and "{% endautoescape %}" in source, path.name
