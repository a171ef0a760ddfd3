"""The report form refused: the choices made come back with the error at its field, and the
stages offered are each listed under their campaign."""

import re

import pytest
from django.urls import reverse

from reports.models import ReportJob
from tests.factories import CampaignFactory

from .test_stage_reports import two_stages  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def test_a_report_without_a_campaign_keeps_the_report_chosen(client, city_admin, year):
    client.force_login(city_admin)

    response = client.post(reverse("reports:new"), {"kind": "forms", "campaign": ""})

    body = response.content.decode()
    assert response.status_code == 400
    assert not ReportJob.objects.exists()
    assert '<option value="forms" selected>' in body
    assert re.findall(r'id="error_\d+_id_campaign"><strong>(.*?)</strong>', body) == [
        "请选择评选活动。"
    ]


def test_each_stage_is_offered_under_its_campaign_and_a_wrong_pair_is_named(
    client,
    city_admin,
    two_stages,  # noqa: F811
):
    campaign, _made = two_stages
    other = CampaignFactory(owner=campaign.owner, title="另一活动")
    client.force_login(city_admin)

    page = client.get(reverse("reports:list")).content.decode()
    group = re.search(rf'<optgroup label="{campaign.title}">(.*?)</optgroup>', page, re.S)
    assert group is not None and "第1级·党(工)委" in group[1] and "第2级·市委" in group[1]

    response = client.post(
        reverse("reports:new"), {"kind": "summary", "campaign": other.pk, "stage": 2}
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert re.findall(r'id="error_\d+_id_stage"><strong>(.*?)</strong>', body) == [
        "所选评选活动《另一活动》没有这一推荐层级，请选择列在该活动名下的层级。"
    ]
    assert f'<option value="{other.pk}" selected>' in body
