"""What the secretary's nomination form carries to guard what was typed: the submit buttons
ask first when the member fails eligibility rules (the nomination would take one of the
branch's places), and the form is marked for the leave-page guard and the text counters
(static/js/unsaved-guard.js and text-limits.js; their behaviour in a browser:
tests/e2e/test_nomination_form_browser.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from selection.choices import State
from tests.factories import (
    COMPLETE_CONTENT,
    NominationFactory,
    png_upload,
    probationary_newcomer,
)

pytestmark = pytest.mark.django_db

ASKED_TWICE_FAILED = 'data-confirm="有 2 项资格条件未通过，确定提交？"'


def _future():
    return timezone.localdate() + datetime.timedelta(days=30)


def _form(**overrides):
    return {**{k: str(v) for k, v in COMPLETE_CONTENT.items()}, "action": "save", **overrides}


def _new_url(campaign, member=None):
    url = reverse("selection:nomination_new") + f"?campaign={campaign.pk}"
    return url + (f"&member={member.pk}" if member else "")


@pytest.fixture
def newcomer(branch_a1):
    return probationary_newcomer(branch_a1, name="钱七")


def test_a_new_form_for_a_member_who_fails_rules_is_asked_once_saved_complete(
    client, secretary, campaign, newcomer
):
    """Nothing is written on a new form: the question waits for a complete nomination
    (test_complete_before_asking), asked on the page its save leads to."""
    client.force_login(secretary)

    response = client.get(_new_url(campaign, newcomer))
    complete = _form(action="submit", photo=png_upload())
    saved = client.post(_new_url(campaign, newcomer), complete, follow=True)

    assert ASKED_TWICE_FAILED not in response.content.decode()
    assert ASKED_TWICE_FAILED in saved.content.decode()
    assert str(list(saved.context["messages"])[-1]).startswith("草稿已保存；尚未提交：有 2 项")


def test_submitting_a_draft_of_a_member_who_fails_rules_is_asked_first_on_both_pages(
    client, secretary, campaign, newcomer
):
    draft = NominationFactory(campaign=campaign, member=newcomer, created_by=secretary)
    client.force_login(secretary)

    edit = client.get(reverse("selection:nomination_edit", args=[draft.pk]))
    detail = client.get(reverse("selection:nomination_detail", args=[draft.pk]))

    assert ASKED_TWICE_FAILED in edit.content.decode()
    assert ASKED_TWICE_FAILED in detail.content.decode()


def test_a_member_waiting_only_for_the_integrity_opinion_is_submitted_unasked(
    client, secretary, draft
):
    client.force_login(secretary)

    edit = client.get(reverse("selection:nomination_edit", args=[draft.pk]))
    detail = client.get(reverse("selection:nomination_detail", args=[draft.pk]))

    assert "资格条件未通过，确定提交" not in edit.content.decode()
    assert "资格条件未通过，确定提交" not in detail.content.decode()


def test_the_question_is_asked_in_the_browser_only_the_submit_goes_through(
    client, secretary, campaign, newcomer
):
    """The server does not refuse: screening decides, with the rules in front of the admin."""
    draft = NominationFactory(campaign=campaign, member=newcomer, created_by=secretary)
    client.force_login(secretary)

    client.post(reverse("selection:nomination_submit", args=[draft.pk]))

    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


def test_the_form_is_clean_when_opened_and_unsaved_when_it_comes_back_with_errors(
    client, secretary, draft
):
    client.force_login(secretary)
    url = reverse("selection:nomination_edit", args=[draft.pk])

    opened = client.get(url).content.decode()
    refused = client.post(url, _form(branch_meeting_date=_future().isoformat())).content.decode()

    assert 'id="nomination-form" data-unsaved-guard data-text-limits' in opened
    assert 'id="nomination-form" data-unsaved-guard="dirty" data-text-limits' in refused


def test_the_form_carries_the_counter_sentences_in_the_users_language(client, secretary, draft):
    client.force_login(secretary)

    html = client.get(reverse("selection:nomination_edit", args=[draft.pk])).content.decode()

    assert 'data-count-pattern="已输入 __N__ / __MAX__ 字"' in html
    assert 'data-cut-pattern="粘贴的内容超过 __MAX__ 字的上限，末尾 __CUT__ 字未能填入。"' in html
    assert 'maxlength="300"' in html
    assert "/static/js/text-limits.js" in html
    assert "/static/js/unsaved-guard.js" in html
