"""A visitor's objection to the notice: a contact that can be answered, no duplicates, the
public counter up to date at once, and a way back to the notice."""

import pytest
from django.urls import reverse

from selection import notice
from selection.models import Objection
from tests.selection.test_notice import _objection

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("contact", ["abc", "123456", "1" * 21, "139-abc-0000", "王群众@"])
def test_a_contact_that_is_neither_a_phone_number_nor_an_e_mail_is_refused(
    client, running, shortlisted, contact
):
    response = _objection(client, running.campaign_id, shortlisted[0].pk, contact=contact)

    assert response.status_code == 400
    assert "请填写电话号码（7 至 20 位数字）或电子邮箱地址。" in response.content.decode()
    assert Objection.objects.count() == 0


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("13900000000", "13900000000"),
        ("+86 139-0000-0000", "+86 139-0000-0000"),
        ("0571-8888888", "0571-8888888"),
        ("１３９００００００００", "13900000000"),  # typed through a Chinese input method
        ("wang@example.org", "wang@example.org"),
    ],
)
def test_a_phone_number_or_an_e_mail_address_is_taken(client, running, shortlisted, typed, kept):
    response = _objection(client, running.campaign_id, shortlisted[0].pk, contact=typed)

    assert response.status_code == 200
    assert Objection.objects.get().contact == kept


def test_the_form_says_an_e_mail_address_gets_the_answer_and_leads_back_to_the_notice(
    client, running
):
    page = client.get(reverse("public:objection", args=[running.campaign_id])).content.decode()

    assert "电话号码或电子邮箱地址，便于核实反馈；留电子邮箱的，处理结果将通过邮件答复。" in page
    assert "电话或地址" not in page
    assert (
        f'<a href="{reverse("public:notice_detail", args=[running.campaign_id])}">返回公示</a>'
        in page
    )


def test_the_same_objection_twice_is_refused_with_a_clear_message(client, running, shortlisted):
    first = _objection(client, running.campaign_id, shortlisted[0].pk)
    again = _objection(client, running.campaign_id, shortlisted[0].pk)
    other_person = _objection(client, running.campaign_id, shortlisted[0].pk, name="李群众")

    assert first.status_code == 200
    assert again.status_code == 400
    assert "您已反映过相同的内容，请勿重复提交；如有新的情况，请补充后再提交。" in (
        again.content.decode()
    )
    assert other_person.status_code == 200
    assert Objection.objects.count() == 2


def test_the_public_counter_counts_an_objection_as_soon_as_it_is_filed(
    client, running, shortlisted, django_capture_on_commit_callbacks
):
    """The notice page is served from the cache; filing bumps the campaign's generation."""
    notice.file_objection(
        running, shortlisted[1], name="张三", contact="13900000000", text="反映情况" * 6
    )
    url = reverse("public:notice_detail", args=[running.campaign_id])
    assert "异议 1 件" in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        assert _objection(client, running.campaign_id, shortlisted[0].pk).status_code == 200

    assert "异议 2 件" in client.get(url).content.decode()
