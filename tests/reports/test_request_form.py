"""The report form refused: the choices made come back with the error at its field, and the
stages offered are each listed under their campaign, only those the user may ask for."""

import re

import pytest
from django.urls import reverse

from members.choices import OrgKind, Role
from reports import services
from reports.choices import Kind
from reports.errors import ReportError
from reports.models import ReportJob
from selection.models import Stage
from tests.factories import CampaignFactory, staged_campaign, user_with_role

from .test_stage_reports import node_admin

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
    two_stages,
):
    campaign, _made = two_stages
    other = CampaignFactory(owner=campaign.owner, title="另一活动")
    client.force_login(city_admin)

    page = client.get(reverse("reports:list")).content.decode()
    group = re.search(rf'<optgroup label="{campaign.title}">(.*?)</optgroup>', page, re.S)
    assert group is not None and "第1级·党(工)委" in group[1] and "第2级·市委" in group[1]

    response = client.post(
        reverse("reports:new"),
        {"kind": "summary", "campaign": other.pk, "stage": f"{campaign.pk}:2"},
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert re.findall(r'id="error_\d+_id_stage"><strong>(.*?)</strong>', body) == [
        "所选评选活动《另一活动》没有这一推荐层级，请选择列在该活动名下的层级。"
    ]
    assert f'<option value="{other.pk}" selected>' in body


def offered_stages(client, user) -> list[str]:
    client.force_login(user)
    page = client.get(reverse("reports:list")).content.decode()
    return re.findall(r'<option value="\d+:\d+"[^>]*>(第\d级·[^<]*)</option>', page)


@pytest.mark.parametrize(
    ("persona", "offered"),
    [
        ("city_admin", ["第1级·党(工)委", "第2级·市委"]),
        ("admin", ["第1级·党(工)委"]),  # a 区委's: not the 市委's pool above it
        ("committee", ["第1级·党(工)委"]),
        ("secretary", []),
    ],
)
def test_only_the_stages_the_user_may_ask_for_are_offered_and_each_is_accepted(
    request,
    client,
    committee_a,
    two_stages,
    persona,
    offered,
):
    campaign, _made = two_stages
    user = node_admin(committee_a) if persona == "committee" else request.getfixturevalue(persona)

    assert offered_stages(client, user) == offered

    accepted = []
    for stage in Stage.objects.filter(campaign=campaign).order_by("position"):
        try:
            services.request_report(by=user, kind=Kind.SUMMARY, campaign=campaign, stage=stage)
        except ReportError as error:
            assert "所选范围在该推荐层级之下" in error.message
        else:
            accepted.append(f"第{stage.position}级·{stage.get_level_display()}")
    assert accepted == offered


def test_a_secretary_is_offered_a_branch_stage_and_the_note_names_only_the_summary(
    client, committee_a, secretary, branch_a1
):
    admin = user_with_role(Role.ADMIN, committee_a, username="committee_admin")
    staged_campaign(committee_a, [(OrgKind.BRANCH, 1), (OrgKind.COMMITTEE, 1)], by=admin)

    assert offered_stages(client, secretary) == ["第1级·党支部"]
    page = client.get(reverse("reports:list")).content.decode()
    assert "各推荐组织的名单、评分和排名（汇总表）。" in page
    assert "评审明细" not in page

    assert offered_stages(client, admin) == ["第1级·党支部", "第2级·党(工)委"]
    page = client.get(reverse("reports:list")).content.decode()
    assert "各推荐组织的名单、评分和排名（汇总表、评审明细）。" in page


def test_an_organisation_outside_the_campaign_is_refused_not_reported_empty(
    client, city_admin, committee_a, committee_b, branch_b1
):
    campaign = CampaignFactory(owner=committee_b, title="西区机关党委评选")
    client.force_login(city_admin)

    response = client.post(
        reverse("reports:new"),
        {"kind": "summary", "campaign": campaign.pk, "organization": committee_a.pk},
    )

    assert response.status_code == 400
    assert (
        "《西区机关党委评选》由西区机关党委主办，所选党组织不在其中，报表将没有内容："
        "请选择西区机关党委或其下级党组织。"
    ) in response.content.decode()
    assert not ReportJob.objects.exists()
    for inside in (committee_b, branch_b1, campaign.owner.parent):  # its tree, or above it
        services.request_report(
            by=city_admin, kind=Kind.SUMMARY, campaign=campaign, organization=inside
        )
    assert ReportJob.objects.count() == 3
