"""A secretary who cannot change a nomination is told why, by its state: on the nomination's
page, and when the edit page sends them back to it."""

import pytest
from django.urls import reverse

from selection import refusals, workflow
from selection.choices import Phase
from tests.factories import NominationFactory

pytestmark = pytest.mark.django_db

SUBMITTED = "已提交，等待资格审查；如需修改，请联系组织部门退回。"


def test_after_submitting_the_page_and_the_edit_link_say_why_it_cannot_be_changed(
    client, submitted, secretary
):
    client.force_login(secretary)

    page = client.get(reverse("selection:nomination_detail", args=[submitted.pk]))
    edit = client.get(reverse("selection:nomination_edit", args=[submitted.pk]), follow=True)

    box = f'<div class="alert alert-secondary edit-refusal" role="status">{SUBMITTED}</div>'
    assert box in page.content.decode()
    # Sent back to the page, which says it: once, not again in a message.
    assert box in edit.content.decode() and list(edit.context["messages"]) == []
    assert edit.redirect_chain == [
        (reverse("selection:nomination_detail", args=[submitted.pk]), 302)
    ]


def test_an_admin_reading_the_page_is_not_told_the_secretary_s_reason(client, submitted, admin):
    client.force_login(admin)

    page = client.get(reverse("selection:nomination_detail", args=[submitted.pk]))

    assert "edit-refusal" not in page.content.decode()


def test_each_state_has_its_own_reason(campaign, branch_a1, passed_integrity, secretary, admin):
    assert refusals.edit_refusal(passed_integrity) == SUBMITTED

    workflow.declare_eligible(passed_integrity, by=admin)
    assert (
        refusals.edit_refusal(passed_integrity)
        == "已通过资格审查（当前：资格审查通过），不能再修改。"
    )

    ineligible = NominationFactory(campaign=campaign, member__organization=branch_a1)
    workflow.submit(ineligible, by=secretary)
    workflow.declare_ineligible(ineligible, by=admin, reason="不满足党龄要求。")
    assert refusals.edit_refusal(ineligible) == "这份推荐已结束（资格审查未通过），不能再修改。"

    late = NominationFactory(campaign=campaign, member__organization=branch_a1)
    campaign.phase = Phase.SCREENING
    campaign.save(update_fields=["phase"])
    assert refusals.edit_refusal(late).startswith("推荐已截止：这份草稿没有提交")


def test_submitting_is_confirmed_once_by_the_page_not_twice(client, draft, secretary):
    """A secretary's 提交 lands on the nomination's page: it says the nomination waits for the
    screening and whom to ask for a change; a message saying the first half again is not
    shown above it."""
    client.force_login(secretary)

    response = client.post(reverse("selection:nomination_submit", args=[draft.pk]), follow=True)

    page = response.content.decode()
    assert page.count("等待资格审查") == 1
    assert (
        f'<div class="alert alert-secondary edit-refusal" role="status">{SUBMITTED}</div>' in page
    )
    assert list(response.context["messages"]) == []
