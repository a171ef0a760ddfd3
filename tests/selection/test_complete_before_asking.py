"""保存并提交 for a member failing eligibility rules: a form lacking fields is told what it
lacks first; whether to submit all the same is asked only of a complete nomination."""

import pytest
from django.urls import reverse

from selection.choices import State
from tests.factories import COMPLETE_CONTENT, MemberFactory, NominationFactory, png_upload
from tests.selection.test_views import _form_data

pytestmark = pytest.mark.django_db

EMPTY = {name: "" for name in COMPLETE_CONTENT}
QUESTION = 'data-confirm="有 1 项资格条件未通过，确定提交？"'


@pytest.fixture
def empty_draft(campaign, branch_a1):
    """A member with no yearly assessment (a rule fails), and nothing written yet."""
    return NominationFactory(
        photo=None,
        campaign=campaign,
        member__organization=branch_a1,
        branch_meeting_date=None,
        **{k: v for k, v in EMPTY.items() if k != "branch_meeting_date"},
    )


def test_an_incomplete_form_is_not_asked_and_is_told_what_it_lacks(client, empty_draft, secretary):
    client.force_login(secretary)
    edit = reverse("selection:nomination_edit", args=[empty_draft.pk])

    form = client.get(edit).content.decode()
    page = client.post(edit, {**EMPTY, "deeds": "新写的事迹", "action": "submit"}, follow=True)

    assert QUESTION not in form and "eligibility_asked" not in form
    [message] = [str(m) for m in page.context["messages"]]
    assert message.startswith("草稿已保存；请先填写完整再提交，尚缺：主要事迹摘要、")
    empty_draft.refresh_from_db()
    assert (empty_draft.state, empty_draft.deeds) == (State.DRAFT, "新写的事迹")


def test_completed_and_submitted_in_one_go_it_is_asked_after_the_save(
    client, empty_draft, secretary
):
    edit = reverse("selection:nomination_edit", args=[empty_draft.pk])
    client.force_login(secretary)

    page = client.post(edit, _form_data(action="submit", photo=png_upload()), follow=True)

    [message] = [str(m) for m in page.context["messages"]]
    assert message == (
        "草稿已保存；尚未提交：有 1 项资格条件未通过"
        "（最近一次年度考核不低于称职（没有年度考核记录））。"
        "如仍要提交，请核对后再点“保存并提交”。"
    )
    assert QUESTION in page.content.decode()
    empty_draft.refresh_from_db()
    assert empty_draft.state == State.DRAFT

    # Asked now, and confirmed (static/js/app.js posts the form's answer with it).
    client.post(edit, _form_data(action="submit", eligibility_asked="1"))
    empty_draft.refresh_from_db()
    assert empty_draft.state == State.SUBMITTED


def test_a_complete_draft_is_asked_on_its_form_and_its_page(client, campaign, branch_a1, secretary):
    draft = NominationFactory(campaign=campaign, member__organization=branch_a1)
    client.force_login(secretary)

    form = client.get(reverse("selection:nomination_edit", args=[draft.pk])).content.decode()
    page = client.get(reverse("selection:nomination_detail", args=[draft.pk])).content.decode()

    assert QUESTION in form and '<input type="hidden" name="eligibility_asked" value="1">' in form
    assert QUESTION in page


def test_the_form_asks_exactly_when_it_posts_the_answer(
    client, campaign, branch_a1, secretary, good_member
):
    """The question (data-confirm) and the form's answer to it (``eligibility_asked``) are one
    decision: shown together or not at all, whatever the nomination."""
    failing = NominationFactory(campaign=campaign, member__organization=branch_a1)
    passing = NominationFactory(campaign=campaign, member=good_member)
    incomplete = NominationFactory(
        campaign=campaign, member__organization=branch_a1, deeds_summary=""
    )
    newcomer = MemberFactory(organization=branch_a1)
    client.force_login(secretary)
    edit = [
        reverse("selection:nomination_edit", args=[n.pk]) for n in (failing, passing, incomplete)
    ]
    new = reverse("selection:nomination_new") + f"?campaign={campaign.pk}&member={newcomer.pk}"

    forms = [client.get(url).content.decode() for url in [*edit, new]]

    asked = [(QUESTION in form, 'name="eligibility_asked"' in form) for form in forms]
    assert asked == [(True, True), (False, False), (False, False), (False, False)]
