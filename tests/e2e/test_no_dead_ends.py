"""Issue 37 in a real browser: every role finishes the year without a dead end.

A district (东区区委) runs its own campaign beside the city's: its admin creates it and opens
nominations → a secretary of two branches nominates one member in each → in 资格审查 the admin
returns one; the secretary fixes and resubmits it in the same phase (item 2); moving the campaign
back asks for a reason → the city's integrity officer picks the district's campaign and passes
both (item 1) → the admin screens, moves to review, forms the committee; a reviewer scores →
the admin confirms a shortlist of one, then revises it to two with a reason (item 3) → the
secretary asks for the 汇总表 of their whole scope and gets both branches (item 4).

Only the roster, a city campaign beside the district's, and the survey answers (a public page
walked in the main journey) are arranged in the database."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from members.choices import AssessmentGrade, OrgKind, Role
from members.models import AssessmentRecord
from members.services import assign_role
from selection.models import Nomination
from tests.factories import (
    CampaignFactory,
    MemberFactory,
    OrganizationFactory,
    UserFactory,
    png_upload,
    survey_answers,
)

from .journey import PASSWORD, Portal, fill_nomination, ok

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

CAMPAIGN = "2026年度东区四好党员选树"


def _roster():
    city = OrganizationFactory(code="JC", name="江城市委", kind=OrgKind.CITY)
    district = OrganizationFactory(code="DQ", name="东区区委", kind=OrgKind.DISTRICT, parent=city)
    committee = OrganizationFactory(
        code="DQ01", name="东区机关党委", kind=OrgKind.COMMITTEE, parent=district
    )
    branch1 = OrganizationFactory(code="DQ01-01", name="东区第一支部", parent=committee)
    branch2 = OrganizationFactory(code="DQ01-02", name="东区第二支部", parent=committee)
    for name, branch in (("王建国", branch1), ("李秀英", branch2)):
        member = MemberFactory(name=name, organization=branch)
        for year in (2024, 2025):
            AssessmentRecord.objects.create(
                member=member, year=year, grade=AssessmentGrade.EXCELLENT
            )
    users = {}
    for username, assignments in [
        ("dadmin", [(Role.ADMIN, district)]),
        ("sec", [(Role.SECRETARY, branch1), (Role.SECRETARY, branch2)]),
        ("integrity", [(Role.INTEGRITY, city)]),
        ("rev1", [(Role.REVIEWER, district)]),
    ]:
        user = UserFactory(username=username, full_name=f"{username}用户")
        user.set_password(PASSWORD)
        user.save()
        for role, org in assignments:
            assign_role(user, role, org)
        users[username] = user
    # The city's own campaign runs beside the district's: pickers offer both.
    CampaignFactory(owner=city, title="2026年度全市四好党员选树", phase="nominating")
    return users


def _phase(page, campaign_url: str, phase: str) -> None:
    page.goto(campaign_url)
    page.select_option("select[name=phase]", phase)
    page.get_by_role("button", name="变更阶段").click()
    page.wait_for_load_state()


def test_every_role_finishes_the_year_without_a_dead_end(
    browser, live_server, worker, artifacts, tmp_path
):
    users = _roster()
    portal = Portal(browser, live_server.url, artifacts)
    photo = tmp_path / "photo.png"
    photo.write_bytes(png_upload().read())

    # --- The district's admin creates the district's own campaign
    admin = portal.as_("dadmin")
    admin.goto(portal.url("/campaigns/new/"))
    admin.fill("#id_title", CAMPAIGN)
    admin.fill("#id_year", "2026")
    admin.select_option("#id_owner", label="东区区委")
    admin.fill("#id_quota_value", "2")
    admin.fill("#id_exemplar_count", "3")
    admin.fill("#id_reference_date", "2026-11-01")
    admin.fill("#id_min_reviewers", "1")
    admin.fill("#id_min_responses", "1")
    admin.get_by_role("button", name="保存", exact=True).click()
    admin.wait_for_load_state()
    campaign_url = admin.url
    pk = int(re.search(r"/campaigns/(\d+)/", campaign_url).group(1))
    _phase(admin, campaign_url, "nominating")

    # --- The secretary of two branches nominates one member in each
    sec = portal.as_("sec")
    ids = {}
    for name in ("王建国", "李秀英"):
        sec.goto(portal.url(f"/nominations/new/?campaign={pk}"))
        sec.get_by_role("row", name=re.compile(name)).get_by_role("link", name="选择").click()
        fill_nomination(sec, name, photo)
        sec.get_by_role("button", name="保存并提交").click()
        sec.wait_for_load_state()
        ok(sec, "已提交，等待资格审查")
        ids[name] = int(re.search(r"/nominations/(\d+)/", sec.url).group(1))
    wang, li = ids["王建国"], ids["李秀英"]

    # --- Item 2: returned during 资格审查, fixed and resubmitted in that phase
    _phase(admin, campaign_url, "screening")
    admin.goto(portal.url(f"/nominations/{li}/"))
    admin.fill(f"#return-{li}", "请补充群众评价方面的具体事例。")
    admin.get_by_role("button", name="退回修改").click()
    admin.wait_for_load_state()
    sec.goto(portal.url(f"/nominations/{li}/edit/"))
    assert "请补充群众评价方面的具体事例" in sec.content()
    sec.fill("#id_evidence_public", "群众满意度高；2026年获评“最美窗口服务之星”。")
    sec.get_by_role("button", name="保存并提交").click()
    sec.wait_for_load_state()
    ok(sec, "已提交，等待资格审查")
    # Going back a phase is not one click: the admin is told what it means and asked why.
    admin.goto(campaign_url)
    admin.select_option("select[name=phase]", "nominating")
    admin.get_by_role("button", name="变更阶段").click()
    admin.wait_for_load_state()
    assert admin.get_by_role("heading", name=re.compile("回退阶段")).is_visible()
    admin.get_by_role("link", name="取消").click()
    admin.wait_for_load_state()
    assert "资格审查" in admin.locator(".badge").first.inner_text()

    # --- Item 1: the city's integrity officer picks the district's campaign
    integrity = portal.as_("integrity")
    integrity.goto(portal.url("/nominations/integrity/"))
    with integrity.expect_navigation():
        integrity.select_option("#campaign-select", str(pk))
    assert "王建国" in integrity.content() and "李秀英" in integrity.content()
    portal.shot(integrity, "integrity-district-campaign")
    for nomination in (wang, li):
        integrity.goto(portal.url(f"/nominations/{nomination}/"))
        integrity.check(f"#id_n{nomination}_verdict_0")  # 同意
        integrity.get_by_role("button", name="提交意见").click()
        integrity.wait_for_load_state()
        ok(integrity, "廉洁意见已记录")

    # --- Screening, the committee, one reviewer's cards, the survey
    admin.goto(portal.url(f"/nominations/screening/?campaign={pk}"))
    admin.check("input[data-check-all]")
    admin.get_by_role("button", name="所勾选的推荐资格审查通过").click()
    admin.wait_for_load_state()
    ok(admin, "2 条推荐资格审查通过")
    _phase(admin, campaign_url, "reviewing")
    admin.goto(portal.url(f"/campaigns/{pk}/review/"))
    admin.select_option("#id_user", label="rev1用户")
    admin.get_by_role("button", name="加入评审委员会").click()
    admin.wait_for_load_state()
    admin.get_by_role("button", name=re.compile("自动分配")).click()
    admin.wait_for_load_state()
    reviewer = portal.as_("rev1")
    for nomination, points in ((wang, (22, 22, 22, 22)), (li, (20, 20, 20, 20))):
        reviewer.goto(portal.url(f"/review/{nomination}/"))
        fields = reviewer.locator("#scorecard input[type=number]").all()
        for field, value in zip(fields, points, strict=True):
            field.fill(str(value))
        reviewer.get_by_role("button", name="提交评分").click()
        reviewer.wait_for_load_state()
        survey_answers(
            Nomination.objects.get(pk=nomination),
            issued=1,
            satisfied=1,
            responses=1,
            by=users["dadmin"],
        )

    # --- Item 3: a shortlist of one, then revised to two with a reason
    admin.goto(portal.url(f"/campaigns/{pk}/results/"))
    # Both are within the three places, so both come ticked: the admin keeps one.
    assert admin.is_checked(f"input[name=chosen][value='{wang}']")
    admin.uncheck(f"input[name=chosen][value='{li}']")
    admin.get_by_role("button", name="确定拟推荐名单").click()
    admin.wait_for_load_state()
    ok(admin, "拟推荐名单已确定：1 名。")
    # 修改名单 with the ticks as confirmed says so, rather than showing the page again unsaid.
    admin.get_by_role("button", name="修改名单").click()
    admin.wait_for_load_state()
    ok(admin, "勾选未改变，名单仍为已确定的名单。")
    admin.check(f"input[name=chosen][value='{li}']")
    # A confirmed list shows as such; 修改名单 opens the confirm form for the new ticks, which
    # names who joins the confirmed list.
    admin.get_by_role("button", name="修改名单").click()
    admin.wait_for_load_state()
    assert admin.is_checked(f"input[name=chosen][value='{li}']")
    assert "加入：李秀英（" in admin.locator("#revision").inner_text()
    admin.fill("#shortlist-reason", "委员会复议：李秀英同志群众评价突出，增补为拟推荐人选。")
    admin.get_by_role("button", name="确定拟推荐名单").click()
    admin.wait_for_load_state()
    ok(admin, "拟推荐名单已确定：2 名。")
    assert admin.is_checked(f"input[name=chosen][value='{li}']")
    assert Nomination.objects.get(pk=li).state == "shortlisted"

    # --- Item 4: the secretary's 汇总表 of their whole scope holds both branches
    sec.goto(portal.url(f"/reports/?campaign={pk}"))
    sec.select_option("#id_kind", "summary")
    sec.select_option("#id_campaign", label=CAMPAIGN)
    sec.select_option("#id_organization", label="我的全部范围")
    sec.get_by_role("button", name="生成", exact=True).click()
    sec.wait_for_load_state()
    row = sec.locator("tbody tr").first
    row.get_by_role("link", name="下载").wait_for(timeout=60_000)  # htmx polls the row
    assert "我的全部范围（2 个组织）" in row.inner_text()
    with sec.expect_download() as download:
        row.get_by_role("link", name="下载").click()
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).worksheets[0]
    names = [r[2] for r in list(sheet.iter_rows(min_row=2, values_only=True))[:-1]]
    assert names == ["王建国", "李秀英"]
    portal.shot(sec, "secretary-whole-scope-report")
