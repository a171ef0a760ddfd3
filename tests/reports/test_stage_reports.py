"""Reports of a campaign run level by level (逐级推荐): every stage's opinion in the approval
form's boxes, each nomination's way up in the 汇总表, the stage of each card in the 评审明细, and
the structure compared stage by stage."""

import pytest

from evaluations.services import confirm_shortlist, confirm_stage
from members.choices import Gender, OrgKind, Role
from reports.choices import Kind
from selection.models import Stage
from tests.factories import (
    MemberFactory,
    UserFactory,
    card,
    in_review,
    scores,
    staged_campaign,
    user_with_role,
)

from .test_documents import pdf, run, workbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


@pytest.fixture
def two_stages(city, city_admin, committee_a, committee_b, branch_a1, branch_b1):
    """党委 (1 place each) → 市委: 王 (man) and 李 (woman) in 东区机关党委, 赵 (woman) in 西区;
    the committees choose 王 and 赵, the city chooses 王."""
    campaign = staged_campaign(
        city, [(OrgKind.COMMITTEE, 1), (OrgKind.CITY, 1)], by=city_admin, exemplar_count=1
    )
    made = {
        name: in_review(
            campaign,
            total,
            by=city_admin,
            member=MemberFactory(name=name, organization=branch, gender=gender),
        )
        for name, branch, gender, total in [
            ("王", branch_a1, Gender.MALE, 90),
            ("李", branch_a1, Gender.FEMALE, 80),
            ("赵", branch_b1, Gender.FEMALE, 85),
        ]
    }
    first, final = Stage.objects.filter(campaign=campaign).order_by("position")
    for committee, name in ((committee_a, "王"), (committee_b, "赵")):
        confirm_stage(
            first,
            committee,
            [made[name].pk],
            by=user_with_role(Role.ADMIN, committee, username=f"adm{committee.code}"),
        )
    for name, total in (("王", 88), ("赵", 80)):
        card(made[name], UserFactory(username=f"r2{name}"), scores(*[total / 4] * 4), stage=final)
    confirm_shortlist(campaign, [made["王"].pk], by=city_admin)
    return campaign, made


def test_the_approval_form_has_a_box_per_stage_with_its_opinion(city_admin, two_stages):
    campaign, made = two_stages
    job = run(city_admin, Kind.FORMS, campaign, nomination=made["王"])

    _reader, text = pdf(job)
    assert "逐级推荐意见" in text
    assert "东区机关党委意见" in text
    assert "江城市委意见" in text
    assert "推荐上报" in text and "确定为拟推荐" in text


def test_the_summary_shows_each_nominations_way_up(city_admin, two_stages):
    campaign, _made = two_stages
    job = run(city_admin, Kind.SUMMARY, campaign)

    rows = list(workbook(job).worksheets[0].iter_rows(values_only=True))
    column = rows[0].index("逐级推荐")
    trails = {row[2]: row[column] for row in rows[1:-1]}
    assert trails == {
        "王": "东区机关党委 第1名 推荐上报 → 江城市委 第1名 确定为拟推荐",
        "赵": "西区机关党委 第1名 推荐上报 → 江城市委 第2名 未推荐",
        "李": "东区机关党委 第2名 未推荐",
    }


def test_the_reviewer_detail_names_the_stage_of_each_card(city_admin, two_stages):
    campaign, _made = two_stages
    job = run(city_admin, Kind.DETAIL, campaign)

    rows = list(workbook(job).worksheets[0].iter_rows(values_only=True))
    column = rows[0].index("推荐层级")
    assert sorted((row[1], row[column]) for row in rows[1:]) == [
        ("李", 1),
        ("王", 1),
        ("王", 2),
        ("赵", 1),
        ("赵", 2),
    ]


def test_the_structure_analysis_compares_the_pools_stage_by_stage(city_admin, two_stages):
    campaign, _made = two_stages
    xlsx = run(city_admin, Kind.STRUCTURE_XLSX, campaign)
    document = run(city_admin, Kind.STRUCTURE, campaign)

    sheet = workbook(xlsx)["逐级结构对比"]
    rows = [row for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "按性别"
    assert rows[1] == ("类别", "第1级·党(工)委人选", "第2级·市委人选", "最终确定")
    assert rows[2] == ("男", 1, 1, 1)
    assert rows[3] == ("女", 2, 1, 0)
    _reader, text = pdf(document)
    assert "逐级结构对比" in text
