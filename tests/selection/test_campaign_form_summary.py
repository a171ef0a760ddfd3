"""A refused campaign form is summed up on top of the page, as the other forms are: an empty
新建活动 form would otherwise show only 这个字段是必填项。 under boxes far down a long page."""

import pytest
from django.urls import reverse

from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_an_empty_new_campaign_form_is_summed_up_on_top(client, city_admin):
    client.force_login(city_admin)

    response = client.post(reverse("selection:campaign_new"), {"title": ""})

    [said] = _messages(response)
    assert said.startswith("有内容需要修改，活动尚未创建：")
    assert "名称：这个字段是必填项。" in said


def test_a_refused_campaign_edit_is_summed_up_on_top(client, city_admin, city):
    campaign = CampaignFactory(owner=city, title="原来的标题")
    client.force_login(city_admin)

    response = client.post(reverse("selection:campaign_edit", args=[campaign.pk]), {"title": ""})

    [said] = _messages(response)
    assert said.startswith("有内容需要修改，已保存的内容没有变化：")
    campaign.refresh_from_db()
    assert campaign.title == "原来的标题"
