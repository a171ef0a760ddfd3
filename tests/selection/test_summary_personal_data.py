"""The 主要事迹摘要 goes on the public notice as it was typed: a phone number, an ID number or the
member's full birth date in it is refused at the field while the secretary can still change it,
named masked, and nothing already saved is lost."""

import pytest
from django.urls import reverse

from selection.models import Nomination
from tests.factories import COMPLETE_CONTENT

pytestmark = pytest.mark.django_db


def _form(**overrides):
    return {**{k: str(v) for k, v in COMPLETE_CONTENT.items()}, "action": "save", **overrides}


def test_the_member_s_own_phone_in_the_summary_is_refused_at_the_field(client, secretary, draft):
    member = draft.member
    member.phone = "13674774947"
    member.save()
    before = Nomination.objects.get(pk=draft.pk).deeds_summary
    client.force_login(secretary)

    response = client.post(
        reverse("selection:nomination_edit", args=[draft.pk]),
        _form(deeds_summary="扎根基层二十年，联系电话 136 7477 4947。"),
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "主要事迹摘要将在公示中公开，请删去其中的个人信息：本人联系电话 136****4947。" in page
    assert Nomination.objects.get(pk=draft.pk).deeds_summary == before


def test_a_new_nomination_with_an_id_number_in_its_summary_is_not_saved(
    client, secretary, campaign, good_member
):
    client.force_login(secretary)
    url = reverse("selection:nomination_new") + f"?campaign={campaign.pk}&member={good_member.pk}"

    response = client.post(url, _form(deeds_summary="身份证 11010519491231002X，热心服务群众。"))

    assert "身份证号 110***********002X" in response.content.decode()
    assert not Nomination.objects.filter(member=good_member).exists()


def test_a_summary_without_personal_data_is_saved(client, secretary, draft):
    client.force_login(secretary)

    client.post(
        reverse("selection:nomination_edit", args=[draft.pk]),
        _form(deeds_summary="二〇二五年带领支部完成重点任务 12 项，服务群众 300 余人次。"),
    )

    assert Nomination.objects.get(pk=draft.pk).deeds_summary.startswith("二〇二五年")
