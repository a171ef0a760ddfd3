"""The secretary fixes a nomination returned for revision: it is no draft, and its edit page
does not call it one; removing an attachment from it asks first, naming the file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from selection import workflow
from selection.models import Attachment
from tests.factories import pdf_upload
from tests.selection.test_views import _form_data, _messages

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(submitted, admin):
    workflow.return_for_revision(submitted, by=admin, reason="请补充岗位业绩的事实依据。")
    return submitted


def _edit(client, secretary, nomination, **data):
    client.force_login(secretary)
    url = reverse("selection:nomination_edit", args=[nomination.pk])
    return client.post(url, _form_data(**data), follow=True)


def test_saving_it_says_saved_not_draft_saved(client, secretary, returned):
    client.force_login(secretary)
    page = client.get(reverse("selection:nomination_edit", args=[returned.pk])).content.decode()
    assert 'value="save" class="btn btn-outline-primary">保存</button>' in page
    assert "保存草稿" not in page

    assert _messages(_edit(client, secretary, returned, action="save")) == ["已保存。"]
    uploaded = _edit(client, secretary, returned, action="upload", file=pdf_upload())
    assert _messages(uploaded) == ["已保存，附件已上传。"]
    fake = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
    refused = _edit(client, secretary, returned, action="upload", file=fake)
    assert _messages(refused)[0].startswith("已保存，附件未上传：")


def test_a_draft_is_still_called_a_draft(client, secretary, draft):
    assert _messages(_edit(client, secretary, draft, action="save")) == ["草稿已保存。"]
    client.force_login(secretary)
    page = client.get(reverse("selection:nomination_edit", args=[draft.pk])).content.decode()
    assert "保存草稿</button>" in page


def test_removing_an_attachment_asks_first_naming_the_file(client, secretary, returned):
    _edit(client, secretary, returned, action="upload", file=pdf_upload())
    attachment = Attachment.objects.get(nomination=returned)

    page = client.get(reverse("selection:nomination_edit", args=[returned.pk])).content.decode()

    action = reverse("selection:attachment_delete", args=[returned.pk, attachment.pk])
    question = f"确定删除附件“{attachment.original_name}”吗？删除后不能恢复。"
    assert f'<form method="post" action="{action}" data-confirm="{question}">' in page
