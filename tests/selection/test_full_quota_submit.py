"""保存并提交 in a branch with no place left: the secretary is told that the draft was saved and
why it was not submitted (not a red refusal, which means nothing was saved), and the draft's
page says the quota is full instead of offering 提交. An 11th attachment likewise."""

import pytest
from django.urls import reverse

from selection import uploads, workflow
from selection.choices import State
from selection.models import Attachment
from tests.factories import NominationFactory, pdf_upload
from tests.selection.test_views import _form_data

pytestmark = pytest.mark.django_db

FULL = (
    "东区一支部的推荐名额已用完（1/1），暂不能提交。"
    "已提交的推荐资格审查未通过时，名额会空出；如需增加名额，请联系组织部门。"
)


@pytest.fixture
def full_branch_draft(campaign, branch_a1, secretary):
    campaign.quota_value = 1
    campaign.save(update_fields=["quota_value"])
    workflow.submit(
        NominationFactory(campaign=campaign, member__organization=branch_a1), by=secretary
    )
    return NominationFactory(campaign=campaign, member__organization=branch_a1)


def test_submitting_into_a_full_quota_says_the_draft_was_saved(
    client, full_branch_draft, secretary
):
    client.force_login(secretary)
    edit = reverse("selection:nomination_edit", args=[full_branch_draft.pk])

    page = client.post(
        edit, _form_data(deeds="新写的事迹", action="submit", eligibility_asked="1"), follow=True
    )

    [message] = page.context["messages"]
    assert (str(message), message.level_tag) == (f"草稿已保存；{FULL}", "warning")
    full_branch_draft.refresh_from_db()
    assert (full_branch_draft.state, full_branch_draft.deeds) == (State.DRAFT, "新写的事迹")


def test_the_draft_s_page_says_the_quota_is_full_instead_of_offering_submit(
    client, full_branch_draft, secretary
):
    client.force_login(secretary)
    page = reverse("selection:nomination_detail", args=[full_branch_draft.pk])

    html = client.get(page).content.decode()

    assert f'<div class="alert alert-secondary no-place" role="status">{FULL}</div>' in html
    assert reverse("selection:nomination_submit", args=[full_branch_draft.pk]) not in html


def test_an_eleventh_attachment_says_what_was_saved(client, draft, secretary):
    for i in range(uploads.MAX_ATTACHMENTS):
        Attachment.objects.create(
            nomination=draft,
            original_name=f"证明{i}.pdf",
            content_type="application/pdf",
            size=9,
            uploaded_by=secretary,
        )
    client.force_login(secretary)
    edit = reverse("selection:nomination_edit", args=[draft.pk])

    page = client.post(
        edit, {**_form_data(deeds="新写的事迹", action="upload"), "file": pdf_upload()}, follow=True
    )

    [message] = page.context["messages"]
    assert (str(message), message.level_tag) == (
        "草稿已保存；附件未上传：每份推荐最多 10 个附件，请先删除不需要的附件。",
        "warning",
    )
    draft.refresh_from_db()
    assert (draft.deeds, draft.attachments.count()) == ("新写的事迹", 10)
