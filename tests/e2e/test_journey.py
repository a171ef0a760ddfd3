"""A whole year's selection in a real browser, each step through the UI as the people who use the
portal would take it (only the initial roster is arranged in the database):

admin creates the campaign and opens nominations → two secretaries nominate (one with a photo and
a PDF attachment, one saved as a draft and completed later) → the admin returns one for
revision, the secretary fixes and resubmits → the integrity officer passes both → the admin
screens both eligible and assigns the committee → five reviewers score (one vetoes a candidate,
with a reason) → survey codes are issued and answered on phones → the admin confirms the
shortlist → the notice opens; a member of the public objects; the admin dismisses it → a week
later the result is confirmed, consent recorded, the profile edited and published → the public
gallery shows it → the admin generates the 汇总表 and a batch of 推荐审批表 and downloads them.

Along the way: screenshots of each role's main page (tests/e2e/artifacts/, git-ignored), axe-core
on the public pages and the login page, the public part again in English, and the phone pages
at 375 × 812.
"""

from __future__ import annotations

import datetime
import io
import re

import openpyxl
import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.factories import pdf_upload, png_upload

from .journey import (
    CAMPAIGN,
    CJK,
    FULL_WIDTH,
    PHONE,
    Portal,
    Roster,
    axe,
    fill_nomination,
    no_horizontal_scroll,
    ok,
)

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("next_year_entered"),
]


def test_a_whole_year_in_the_browser(
    browser, live_server, worker, artifacts, tmp_path, monkeypatch
):
    Roster()
    portal = Portal(browser, live_server.url, artifacts)

    # --- The admin creates the campaign and opens nominations
    admin = portal.as_("admin")
    admin.goto(portal.url("/campaigns/new/"))
    admin.fill("#id_title", CAMPAIGN)
    admin.fill("#id_year", "2026")
    admin.select_option("#id_owner", label="江城市委")
    admin.fill("#id_quota_value", "2")
    admin.fill("#id_exemplar_count", "3")
    admin.fill("#id_reference_date", "2026-11-01")
    admin.fill("#id_min_reviewers", "5")
    admin.fill("#id_min_responses", "2")
    admin.get_by_role("button", name="保存", exact=True).click()
    admin.wait_for_load_state()
    admin.goto(portal.url("/campaigns/"))
    admin.get_by_role("link", name=CAMPAIGN).click()
    campaign_url = admin.url
    campaign_pk = int(re.search(r"/campaigns/(\d+)/", campaign_url).group(1))
    admin.select_option("select[name=phase]", "nominating")
    admin.get_by_role("button", name="变更阶段").click()
    admin.wait_for_load_state()
    assert "推荐" in admin.locator(".badge").first.inner_text()
    portal.shot(admin, "admin-campaign")

    # --- Two secretaries nominate
    photo = tmp_path / "photo.png"
    photo.write_bytes(png_upload().read())
    evidence = tmp_path / "先进事迹证明.pdf"
    evidence.write_bytes(pdf_upload().read())

    def fill(page, name: str, *, complete: bool) -> None:
        if complete:
            fill_nomination(page, name, photo)
        else:
            page.fill("#id_deeds_summary", f"{name}同志理想信念坚定，岗位业绩突出。")

    sec1 = portal.as_("sec1")
    sec1.goto(portal.url("/nominations/"))
    portal.shot(sec1, "secretary-dashboard")
    sec1.get_by_role("link", name="新建推荐").click()
    sec1.get_by_role("row", name=re.compile("王建国")).get_by_role("link", name="选择").click()
    fill(sec1, "王建国", complete=True)
    sec1.get_by_role("button", name="保存草稿").click()
    sec1.wait_for_load_state()
    wang_pk = int(re.search(r"/nominations/(\d+)/", sec1.url).group(1))
    sec1.goto(portal.url(f"/nominations/{wang_pk}/edit/"))
    sec1.set_input_files("input[name=file]", str(evidence))
    sec1.get_by_role("button", name="上传附件").click()
    sec1.wait_for_load_state()
    assert "先进事迹证明.pdf" in sec1.content()
    sec1.get_by_role("button", name="保存并提交").click()
    sec1.wait_for_load_state()
    ok(sec1, "已提交，等待资格审查")

    sec2 = portal.as_("sec2")
    sec2.goto(portal.url("/nominations/"))
    sec2.get_by_role("link", name="新建推荐").click()
    sec2.get_by_role("row", name=re.compile("李秀英")).get_by_role("link", name="选择").click()
    fill(sec2, "李秀英", complete=False)
    sec2.get_by_role("button", name="保存草稿").click()  # a draft: the rest comes later
    sec2.wait_for_load_state()
    li_pk = int(re.search(r"/nominations/(\d+)/", sec2.url).group(1))
    sec2.goto(portal.url(f"/nominations/{li_pk}/edit/"))
    fill(sec2, "李秀英", complete=True)
    sec2.get_by_role("button", name="保存并提交").click()
    sec2.wait_for_load_state()
    ok(sec2, "已提交，等待资格审查")

    # --- The admin returns one for revision; the secretary fixes it
    admin.goto(portal.url(f"/nominations/{li_pk}/"))
    admin.fill(f"#return-{li_pk}", "请补充群众评价方面的具体事例。")
    admin.get_by_role("button", name="退回修改").click()
    admin.wait_for_load_state()
    sec2.goto(portal.url(f"/nominations/{li_pk}/edit/"))
    assert "请补充群众评价方面的具体事例" in sec2.content()
    sec2.fill("#id_evidence_public", "群众满意度高；2026年获评“最美窗口服务之星”。")
    sec2.get_by_role("button", name="保存并提交").click()
    sec2.wait_for_load_state()
    ok(sec2, "已提交，等待资格审查")

    # --- The integrity officer passes both
    integrity = portal.as_("integrity")
    integrity.goto(portal.url("/nominations/integrity/"))
    portal.shot(integrity, "integrity-queue")
    for pk in (wang_pk, li_pk):
        integrity.goto(portal.url(f"/nominations/{pk}/"))
        integrity.check(f"#id_n{pk}_verdict_0")  # 同意
        integrity.get_by_role("button", name="提交意见").click()
        integrity.wait_for_load_state()

    # --- The admin screens both eligible, then moves to review and assigns the committee
    # Both pass every rule: ticked together in the queue (the header box ticks the page)
    admin.goto(portal.url("/nominations/screening/"))
    admin.check("input[data-check-all]")
    for pk in (wang_pk, li_pk):
        assert admin.is_checked(f"input[name=nominations][value='{pk}']")
    portal.shot(admin, "admin-screening")
    admin.get_by_role("button", name="所勾选的推荐资格审查通过").click()
    admin.wait_for_load_state()
    ok(admin, "2 条推荐资格审查通过")
    for pk in (wang_pk, li_pk):
        admin.goto(portal.url(f"/nominations/{pk}/"))
        assert "资格审查通过" in admin.locator("h1 .badge").inner_text()
    for phase in ("screening", "reviewing"):
        admin.goto(campaign_url)
        admin.select_option("select[name=phase]", phase)
        admin.get_by_role("button", name="变更阶段").click()
        admin.wait_for_load_state()
    admin.goto(portal.url(f"/campaigns/{campaign_pk}/review/"))
    for i in range(1, 6):
        admin.select_option("#id_user", label=f"rev{i}用户")
        admin.get_by_role("button", name="加入评审委员会").click()
        admin.wait_for_load_state()
    admin.get_by_role("button", name=re.compile("自动分配")).click()
    admin.wait_for_load_state()
    portal.shot(admin, "admin-committee")

    # --- Five reviewers score; one vetoes 李秀英 with a reason
    # Points of 23 or less: above 95 % of a criterion a comment is required.
    points = {1: (23, 22, 22, 23), 2: (22, 23, 23, 23), 3: (22, 22, 23, 23), 4: (23, 23, 22, 23)}
    for i in range(1, 6):
        reviewer = portal.as_(f"rev{i}")
        reviewer.goto(portal.url("/review/"))
        if i == 1:
            portal.shot(reviewer, "reviewer-queue")
        for pk in (wang_pk, li_pk):
            reviewer.goto(portal.url(f"/review/{pk}/"))
            values = points.get(i, (21, 22, 22, 21))
            for field, value in zip(
                reviewer.locator("#scorecard input[type=number]").all(), values, strict=True
            ):
                field.fill(str(value))
            if i == 5 and pk == li_pk:
                reviewer.check("#id_veto")
                reviewer.fill("#id_veto_reason", "收到其在干部考察中存在违反廉洁纪律问题的线索。")
            reviewer.get_by_role("button", name="提交评分").click()
            reviewer.wait_for_load_state()
            # Back on the queue, opened on the campaign just scored.
            assert "/review/?campaign=" in reviewer.url, reviewer.locator(
                ".alert"
            ).all_inner_texts()

    # --- Survey codes issued by the secretary, answered on phones
    sec1.goto(portal.url(f"/nominations/{wang_pk}/survey/"))
    sec1.fill("#id_count", "3")
    sec1.get_by_role("button", name="生成测评码").click()
    sec1.wait_for_load_state()
    sec1.goto(portal.url(f"/nominations/{wang_pk}/survey/sheet/"))
    # Each slip carries its link twice: printed, and for the script that draws its QR code.
    links = list(
        dict.fromkeys(re.findall(r"https?://[^\s<\"]+/survey/[^\s<\"/]+/", sec1.content()))
    )
    assert len(links) == 3
    phone = portal.public(viewport=PHONE, is_mobile=True, has_touch=True)
    for link in links[:2]:
        phone.goto(link)
        assert no_horizontal_scroll(phone), "the survey scrolls sideways on a phone"
        for fieldset in phone.locator("fieldset").all():
            fieldset.locator("label").first.tap()
        phone.get_by_role("button", name="提交").tap()
        phone.get_by_role("heading", name="感谢参与").wait_for()
    survey_link = links[2]

    # --- The admin views the results and confirms the shortlist
    admin.goto(portal.url(f"/campaigns/{campaign_pk}/results/"))
    portal.shot(admin, "admin-results")
    admin.check(f"input[name=chosen][value='{wang_pk}']")
    assert admin.locator(f"input[name=chosen][value='{li_pk}']").count() == 0  # vetoed
    admin.get_by_role("button", name="确定拟推荐名单").click()
    admin.wait_for_load_state()

    # --- The notice opens; the public objects; the admin dismisses the objection
    admin.goto(portal.url(f"/campaigns/{campaign_pk}/notice/"))
    admin.fill("#id_starts_on", timezone.localdate().isoformat())
    admin.fill("#id_contact", "市委组织部干部科 027-00000000")
    admin.get_by_role("button", name="发布公示").click()
    admin.wait_for_load_state()
    citizen = portal.public()
    citizen.goto(portal.url(f"/notice/{campaign_pk}/"))
    assert "王建国" in citizen.content()
    citizen.goto(portal.url(f"/notice/{campaign_pk}/objection/"))
    citizen.select_option(
        "#id_nomination",
        citizen.locator("#id_nomination option", has_text="王建国").get_attribute("value"),
    )
    citizen.fill("#id_name", "张群众")
    citizen.fill("#id_contact", "zhang.qunzhong@example.org")
    citizen.fill("#id_text", "反映该同志在年度评优中的材料与实际情况不符，请组织核实。")
    citizen.get_by_role("button", name="提交").click()
    citizen.wait_for_load_state()
    admin.goto(portal.url(f"/campaigns/{campaign_pk}/notice/"))
    admin.select_option("select[name=decision]", "dismissed")
    admin.fill("input[name=investigator]", "市纪委 调查组")
    admin.fill("textarea[name=finding]", "经走访支部和所在单位，材料与实际相符。")
    admin.fill("textarea[name=reason]", "经核实，所反映情况与事实不符，不予采纳。")
    admin.fill("textarea[name=answer]", "经调查核实，您反映的情况不属实。感谢您的监督。")
    admin.get_by_role("button", name="处理", exact=True).click()
    admin.wait_for_load_state()
    assert "已发送至 z***@example.org" in admin.content()
    citizen.goto(portal.url(f"/notice/{campaign_pk}/"))
    assert "异议 1 件：成立 0 件，不成立 1 件" in citizen.content()

    # --- A week later: the result, consent, the profile, publishing
    later = timezone.localdate() + datetime.timedelta(days=14)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    admin.goto(portal.url(f"/campaigns/{campaign_pk}/notice/"))
    admin.get_by_role("button", name=re.compile("确认公示结果")).click()
    admin.wait_for_load_state()
    admin.get_by_role("button", name="记录本人同意").click()
    admin.wait_for_load_state()
    admin.get_by_role("button", name="建立风采展示").click()
    admin.wait_for_load_state()
    admin.fill("#id_summary", "扎根基层二十年的“老黄牛”。")
    admin.fill("#id_story", "王建国同志长期扎根基层，带头完成重点任务，群众称他为“老黄牛”。")
    admin.get_by_role("button", name="保存", exact=True).click()
    admin.wait_for_load_state()
    admin.get_by_role("button", name="发布", exact=True).click()
    admin.wait_for_load_state()
    portal.shot(admin, "admin-profile")

    # --- The public gallery shows it
    visitor = portal.public()
    visitor.goto(portal.url("/gallery/"))
    visitor.get_by_role("link", name=re.compile("王建国")).first.click()
    visitor.wait_for_load_state()
    assert "老黄牛" in visitor.content()
    gallery_detail = visitor.url
    portal.shot(visitor, "public-gallery-detail")

    # --- The admin generates the 汇总表 and a batch of 推荐审批表 and downloads them
    files = {}
    for kind, label in (("summary", "汇总表"), ("forms", "推荐审批表")):
        admin.goto(portal.url(f"/reports/?campaign={campaign_pk}"))
        admin.select_option("#id_kind", kind)
        admin.select_option("#id_campaign", label=CAMPAIGN)
        admin.get_by_role("button", name="生成", exact=True).click()
        admin.wait_for_load_state()
        row = admin.locator("tbody tr").first
        row.get_by_role("link", name="下载").wait_for(timeout=60_000)  # htmx polls the row
        with admin.expect_download() as download:
            row.get_by_role("link", name="下载").click()
        files[kind] = download.value.path().read_bytes()
        assert label in download.value.suggested_filename
    portal.shot(admin, "admin-reports")
    summary = openpyxl.load_workbook(io.BytesIO(files["summary"])).worksheets[0]
    names = [r[2] for r in summary.iter_rows(min_row=2, values_only=True)]
    assert names[:2] == ["王建国", "李秀英"] and summary.cell(2, 1).value == 1
    forms = PdfReader(io.BytesIO(files["forms"]))
    text = "".join(page.extract_text() for page in forms.pages)
    assert text.count("“四好”党员推荐审批表") == 2 and "王建国" in text and "李秀英" in text

    # --- Accessibility of the public pages and the login page
    checked = portal.public()
    found = {}
    for path in [
        "/",
        "/gallery/",
        gallery_detail.replace(portal.base, ""),
        f"/notice/{campaign_pk}/",
        f"/notice/{campaign_pk}/objection/",
        survey_link.replace(portal.base, ""),
        "/accounts/login/",
    ]:
        checked.goto(portal.url(path))
        found[path] = axe(checked)
    assert {path: v for path, v in found.items() if v} == {}

    # --- Phones: the gallery and the notice do not scroll sideways
    for path in ["/gallery/", gallery_detail.replace(portal.base, ""), f"/notice/{campaign_pk}/"]:
        phone.goto(portal.url(path))
        assert no_horizontal_scroll(phone), path

    # --- The public part in English: no untranslated UI string
    english = portal.public()
    english.goto(portal.url("/"))
    with english.expect_navigation():
        english.select_option("#language-select", "en")  # the footer's switch submits itself
    data = [
        CAMPAIGN,
        "王建国",
        "李秀英",
        "江城市委",
        "机关第一支部",
        "机关第二支部",
        "扎根基层二十年的“老黄牛”。",
        "王建国同志长期扎根基层，带头完成重点任务，群众称他为“老黄牛”。",
        "王建国同志理想信念坚定，岗位业绩突出。",
        "市委组织部干部科 027-00000000",
        "王建国：工程师",  # the profile's title as made (data, written in Chinese)
        "工程师",  # the members' post, shown in the notice and in profile titles
        "简体中文",  # the language switch names each language in itself
    ]
    data.sort(key=len, reverse=True)  # longer values first: names occur inside them
    untranslated = {}
    for path in [
        "/",
        "/gallery/",
        gallery_detail.replace(portal.base, ""),
        "/notice/",
        f"/notice/{campaign_pk}/",
        f"/notice/{campaign_pk}/objection/",
        survey_link.replace(portal.base, ""),
    ]:
        english.goto(portal.url(path))
        assert english.locator("html").get_attribute("lang") == "en"
        text = english.locator("body").inner_text()
        for value in data:
            text = text.replace(value, "")
        left = sorted(set(CJK.findall(text) + FULL_WIDTH.findall(text)))
        if left:
            untranslated[path] = [
                line for line in text.splitlines() if CJK.search(line) or FULL_WIDTH.search(line)
            ]
    assert untranslated == {}
