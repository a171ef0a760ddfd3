"""Reports of a campaign run level by level (逐级推荐): every stage's opinion in the approval
form's boxes, each nomination's way up in the 汇总表, the stage of each card in the 评审明细, and
the structure compared stage by stage."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.queries import node_ranking, ranking
from members.choices import OrgKind
from members.models import Organization, User
from reports import services
from reports.choices import JobState, Kind
from reports.errors import ReportError
from reports.models import ReportJob
from selection.models import Stage, StageEntry
from tests.factories import (
    MemberFactory,
    in_review,
    staged_campaign,
)

from .test_documents import pdf, run, workbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


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


# --- Figures per stage, and reports of one stage's pools (逐级推荐) -------------------------------


def sheet_rows(job) -> tuple[tuple, list[dict]]:
    rows = list(workbook(job).worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    return header, [dict(zip(header, row, strict=False)) for row in rows[1:-1]]


def node_admin(committee):
    return User.objects.get(username=f"adm{committee.code}")


def test_a_row_that_stopped_at_the_first_stage_shows_its_first_stage_figures(
    city_admin, two_stages
):
    campaign, _made = two_stages
    job = run(city_admin, Kind.SUMMARY, campaign)

    _header, rows = sheet_rows(job)
    li = next(row for row in rows if row["姓名"] == "李")
    first, final = "第1级·党(工)委：", "第2级·市委："
    assert [li[first + c] for c in ("推荐组织", "评审人数", "总分", "排名", "决定")] == [
        "东区机关党委",
        1,
        80.0,
        2,
        "未推荐",
    ]
    assert li[final + "总分"] is None and li[final + "评审人数"] is None
    wang = next(row for row in rows if row["姓名"] == "王")
    assert (wang[first + "总分"], wang[first + "排名"]) == (90.0, 1)
    assert (wang[final + "总分"], wang[final + "评审人数"], wang[final + "排名"]) == (88.0, 1, 1)
    assert wang[final + "决定"] == "确定为拟推荐"


def test_a_committee_gets_the_summary_of_its_own_pool_at_its_stage(committee_a, two_stages):
    campaign, _made = two_stages
    first = Stage.objects.get(campaign=campaign, position=1)
    job = run(
        node_admin(committee_a), Kind.SUMMARY, campaign, organization=committee_a, stage=first
    )

    _header, rows = sheet_rows(job)
    assert [(r["排名"], r["姓名"], r["总分"], r["评审人数"], r["本级决定"]) for r in rows] == [
        (1, "王", 90.0, 1, "推荐上报"),
        (2, "李", 80.0, 1, "未推荐"),
    ]
    assert {r["推荐组织"] for r in rows} == {"东区机关党委"}
    assert "第1级" in job.filename and "东区机关党委" in job.filename
    assert workbook(job).properties.title.endswith("第1级·党(工)委 · 东区机关党委")


def test_the_city_gets_its_final_stage_with_that_stage_s_ranks(city_admin, two_stages):
    campaign, _made = two_stages
    final = Stage.objects.get(campaign=campaign, position=2)
    job = run(city_admin, Kind.SUMMARY, campaign, stage=final)

    _header, rows = sheet_rows(job)
    assert [(r["排名"], r["姓名"], r["总分"], r["下级推荐经过"]) for r in rows] == [
        (1, "王", 88.0, "东区机关党委 第1名 推荐上报"),
        (2, "赵", 80.0, "西区机关党委 第1名 推荐上报"),
    ]


def test_a_pool_not_yet_decided_shows_its_ranking_as_it_stands(
    city, city_admin, committee_a, branch_a1
):
    campaign = staged_campaign(city, [(OrgKind.COMMITTEE, 1), (OrgKind.CITY, 1)], by=city_admin)
    for name, total in (("甲", 70), ("乙", 95)):
        in_review(
            campaign, total, by=city_admin, member=MemberFactory(name=name, organization=branch_a1)
        )
    first = Stage.objects.get(campaign=campaign, position=1)
    job = run(city_admin, Kind.SUMMARY, campaign, organization=committee_a, stage=first)

    _header, rows = sheet_rows(job)
    assert [(r["排名"], r["姓名"], r["本级决定"]) for r in rows] == [
        (1, "乙", "待确定"),
        (2, "甲", "待确定"),
    ]


def test_the_reviewer_detail_of_a_stage_lists_that_stage_s_cards_of_the_node_only(
    committee_a, two_stages
):
    campaign, _made = two_stages
    first = Stage.objects.get(campaign=campaign, position=1)
    job = run(node_admin(committee_a), Kind.DETAIL, campaign, organization=committee_a, stage=first)

    header, *cards = workbook(job).worksheets[0].iter_rows(values_only=True)
    rows = [dict(zip(header, card, strict=True)) for card in cards]
    assert sorted((r["姓名"], r["推荐层级"]) for r in rows) == [("李", 1), ("王", 1)]
    assert "第1级" in job.filename


def test_a_sibling_node_or_the_level_above_is_refused(committee_a, committee_b, two_stages):
    campaign, _made = two_stages
    first, final = Stage.objects.filter(campaign=campaign).order_by("position")
    sibling = node_admin(committee_b)
    with pytest.raises(ReportError) as refused:
        services.request_report(
            by=sibling, kind=Kind.SUMMARY, campaign=campaign, organization=committee_a, stage=first
        )
    assert refused.value.status == 403
    with pytest.raises(ReportError) as above:
        services.request_report(
            by=node_admin(committee_a), kind=Kind.SUMMARY, campaign=campaign, stage=final
        )
    assert (above.value.status, "在该推荐层级之下" in above.value.message) == (400, True)
    assert not ReportJob.objects.exists()


@pytest.mark.parametrize("kind", [Kind.FORMS, Kind.STRUCTURE, Kind.NOTICE])
def test_only_the_summary_and_the_detail_come_per_stage(city_admin, two_stages, kind):
    campaign, _made = two_stages
    first = Stage.objects.get(campaign=campaign, position=1)
    with pytest.raises(ReportError, match="只有汇总表和评审明细"):
        services.request_report(by=city_admin, kind=kind, campaign=campaign, stage=first)


def test_a_one_stage_campaign_has_no_stage_reports_and_its_summary_is_unchanged(
    city, city_admin, branch_a1, two_stages
):
    staged, _made = two_stages
    campaign = staged_campaign(city, [(OrgKind.CITY, 1)], by=city_admin)
    in_review(campaign, 80, by=city_admin, member=MemberFactory(name="钱", organization=branch_a1))
    only = Stage.objects.get(campaign=campaign)
    with pytest.raises(ReportError, match="只有一级推荐"):
        services.request_report(by=city_admin, kind=Kind.SUMMARY, campaign=campaign, stage=only)
    other = Stage.objects.get(campaign=staged, position=1)
    with pytest.raises(ReportError, match="不属于该活动"):
        services.request_report(by=city_admin, kind=Kind.SUMMARY, campaign=campaign, stage=other)

    header, rows = sheet_rows(run(city_admin, Kind.SUMMARY, campaign))
    assert header[-1] == "提示" and not any("第1级" in h for h in header)
    assert [(r["排名"], r["姓名"], r["总分"], r["评审人数"]) for r in rows] == [(1, "钱", 80.0, 1)]


def test_the_report_page_offers_the_stages_and_asks_through_the_form(
    client, committee_a, two_stages, django_capture_on_commit_callbacks
):
    campaign, _made = two_stages
    client.force_login(node_admin(committee_a))
    page = client.get(reverse("reports:list")).content.decode()
    assert 'name="stage"' in page and "第1级·党(工)委" in page
    assert "第2级·市委" not in page  # the city's pool, above the committee: not offered

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:new"),
            {
                "kind": "summary",
                "campaign": campaign.pk,
                "stage": f"{campaign.pk}:1",
                "organization": committee_a.pk,
            },
        )
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert (job.state, job.stage.position, job.organization, job.rows) == (
        JobState.DONE,
        1,
        committee_a,
        2,
    )
    assert "第1级 · 东区机关党委" in client.get(reverse("reports:list")).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"stage": "abc"}, "选择一个有效的选项"),
        ({"stage": "99"}, "选择一个有效的选项"),
        ({"stage": "-1"}, "选择一个有效的选项"),
        ({"stage": "1"}, "选择一个有效的选项"),  # a position alone names no campaign's level
        ({"stage": "{campaign}:1", "kind": "forms"}, "只有汇总表和评审明细"),
        ({"stage": "{campaign}:2"}, "选择一个有效的选项"),  # the city's: not a committee's
        ({"stage": "{campaign}:1", "organization": "DQ01-01"}, "所选范围在该推荐层级之下"),
    ],
)
def test_bad_stage_input_gets_a_message_never_a_server_error(
    client, committee_a, two_stages, data, message
):
    campaign, _made = two_stages
    client.force_login(node_admin(committee_a))
    posted = {"kind": "summary", "campaign": campaign.pk, "organization": committee_a.pk, **data}
    posted["stage"] = posted["stage"].format(campaign=campaign.pk)
    if "organization" in data:  # by its code: a branch below the committee
        posted["organization"] = Organization.objects.get(code=data["organization"]).pk
    response = client.post(reverse("reports:new"), posted, follow=True)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReportJob.objects.exists()


def test_a_sibling_asking_through_the_form_is_refused(client, committee_a, committee_b, two_stages):
    campaign, _made = two_stages
    client.force_login(node_admin(committee_b))
    posted = {
        "kind": "detail",
        "campaign": campaign.pk,
        "stage": f"{campaign.pk}:1",
        "organization": committee_a.pk,
    }
    response = client.post(reverse("reports:new"), posted, follow=True)

    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()
    assert not ReportJob.objects.exists()


@pytest.mark.parametrize("count", [1, 3])
def test_the_job_list_of_stage_reports_costs_the_same_queries_whatever_its_length(
    client, city_admin, two_stages, count, django_assert_num_queries
):
    campaign, _made = two_stages
    first = Stage.objects.get(campaign=campaign, position=1)
    for _ in range(count):
        ReportJob.objects.create(
            kind=Kind.SUMMARY,
            campaign=campaign,
            organization=campaign.owner,
            stage=first,
            requested_by=city_admin,
            filename="x.xlsx",
        )
    client.force_login(city_admin)
    with django_assert_num_queries(8):  # and the levels of the stages offered
        response = client.get(reverse("reports:list"))
    assert response.content.decode().count("第1级 · 江城市委") == count


def test_the_summary_s_queries_do_not_grow_with_its_rows(
    city_admin, two_stages, branch_a1, branch_b1
):
    campaign, _made = two_stages
    first = Stage.objects.get(campaign=campaign, position=1)

    def queries(**kwargs) -> int:
        job = services.request_report(by=city_admin, kind=Kind.SUMMARY, campaign=campaign, **kwargs)
        with CaptureQueriesContext(connection) as captured:
            services.run_job(job.pk)
        job.refresh_from_db()
        assert job.state == JobState.DONE, job.error
        # Progress and heartbeat are written by the clock (twice a second at most), not by the
        # rows: a run slowed down by a busy machine writes one more, which is not counted.
        return sum("heartbeat_at" not in query["sql"] for query in captured)

    queries()  # what a process looks up once (content types and the like) is not counted
    before = (queries(), queries(stage=first))
    for index, branch in enumerate([branch_a1, branch_b1, branch_a1, branch_b1]):
        member = MemberFactory(name=f"增{index}", organization=branch)
        in_review(campaign, 60 + index, by=city_admin, member=member)

    assert (queries(), queries(stage=first)) == before


def test_a_stage_ranked_at_once_gives_each_node_its_own_ranking(city_admin, two_stages):
    campaign, made = two_stages
    extra = MemberFactory(name="孙", organization=made["李"].branch)
    in_review(campaign, 80, by=city_admin, member=extra)  # ties with 李: the tie-break decides
    for stage in Stage.objects.filter(campaign=campaign):
        together = node_ranking(campaign, stage)
        nodes = StageEntry.objects.filter(stage=stage).values_list("node", flat=True).distinct()
        for node in Organization.objects.filter(pk__in=nodes):
            alone = ranking(campaign, stage, node)
            assert alone
            assert [(r.nomination_id, r.rank, r.total, r.cards, r.flags) for r in alone] == [
                (r.nomination_id, r.rank, r.total, r.cards, r.flags)
                for r in (together[row.nomination_id] for row in alone)
            ]
