"""The secretary's nomination form in a real browser: leaving it with unsaved typing asks first
(static/js/unsaved-guard.js), each limited text box counts what was typed and says when a
paste was cut (static/js/text-limits.js), and submitting a member who fails eligibility rules
asks first (data-confirm, static/js/app.js). The CSP forbids inline script."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from members.choices import Role
from selection.forms import TEXT_MAX_LENGTH
from tests.factories import (
    AssessmentFactory,
    CampaignFactory,
    MemberFactory,
    NominationFactory,
    png_upload,
    probationary_newcomer,
    user_with_role,
)

from .journey import PASSWORD

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def secretary_page(browser, live_server, city, branch_a1):
    """A secretary of branch A1 signed in; every question the page asks is recorded (its kind
    and words) and answered by ``page.answers`` (True: accept), in order."""
    secretary = user_with_role(Role.SECRETARY, branch_a1, username="formsecretary")
    secretary.set_password(PASSWORD)
    secretary.save()
    context = browser.new_context(locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.asked, page.answers = [], []

    def answer(dialog):
        page.asked.append((dialog.type, dialog.message))
        if page.answers.pop(0) if page.answers else True:
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", answer)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "formsecretary")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    page.base = live_server.url
    return page


@pytest.fixture
def draft(city, branch_a1):
    member = MemberFactory(organization=branch_a1, name="赵六")
    AssessmentFactory(member=member, year=2025, grade="excellent")
    return NominationFactory(campaign=CampaignFactory(owner=city), member=member)


def _edit(page, draft):
    page.goto(page.base + reverse("selection:nomination_edit", args=[draft.pk]))


def _leave_by_the_top_bar(page):
    page.locator("nav").get_by_role("link", name="推荐", exact=True).click()


def _asked_to_stay(page):
    """Leave by the top bar, answer the browser's leave-page question "stay"."""
    page.answers.append(False)
    with page.expect_event("dialog"):
        _leave_by_the_top_bar(page)


def _left_unasked(page):
    asked = list(page.asked)
    _leave_by_the_top_bar(page)
    page.wait_for_url(page.base + reverse("selection:dashboard"))
    assert page.asked == asked


def test_leaving_with_unsaved_typing_asks_and_a_save_leaves_the_form_clean(secretary_page, draft):
    page = secretary_page
    edit_url = page.base + reverse("selection:nomination_edit", args=[draft.pk])
    _edit(page, draft)

    page.locator("#id_deeds").fill("刚写下的详细事迹，尚未保存。")
    _asked_to_stay(page)

    assert page.asked == [("beforeunload", "")]
    assert page.url == edit_url
    expect(page.locator("#id_deeds")).to_have_value("刚写下的详细事迹，尚未保存。")

    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".alert:visible")).to_contain_text("草稿已保存。")
    _left_unasked(page)

    assert page.asked == [("beforeunload", "")]  # the save and the leave after it: unasked
    draft.refresh_from_db()
    assert draft.deeds == "刚写下的详细事迹，尚未保存。"


def test_typing_back_what_was_there_leaves_nothing_to_ask(secretary_page, draft):
    page = secretary_page
    _edit(page, draft)
    deeds = page.locator("#id_deeds")
    before = deeds.input_value()

    deeds.fill("改了又改回。")
    deeds.fill(before)
    _left_unasked(page)

    assert page.asked == []


def test_a_page_back_with_errors_asks_before_its_typing_is_left(secretary_page, draft):
    """Nothing of what it shows was saved (已保存的内容没有变化)."""
    page = secretary_page
    _edit(page, draft)
    page.locator("#id_deeds").fill("与错误日期一起提交的事迹。")
    page.fill(
        "#id_branch_meeting_date", (timezone.localdate() + datetime.timedelta(30)).isoformat()
    )
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".alert:visible")).to_contain_text("有内容需要修改")
    assert page.asked == []

    _asked_to_stay(page)

    assert page.asked == [("beforeunload", "")]


def test_each_limited_box_counts_and_a_cut_paste_is_named(secretary_page, draft):
    page = secretary_page
    _edit(page, draft)
    summary = page.locator("#id_deeds_summary")
    counter = page.locator("#id_deeds_summary_count")
    cut = page.locator("#id_deeds_summary_cut")
    expect(counter).to_have_text(f"已输入 {len(draft.deeds_summary)} / 300 字")
    expect(page.locator("#id_deeds_count")).to_have_text(
        f"已输入 {len(draft.deeds)} / {TEXT_MAX_LENGTH} 字"
    )
    expect(cut).to_be_hidden()

    summary.fill("理想信念坚定。")
    expect(counter).to_have_text("已输入 7 / 300 字")

    summary.fill("")
    pasted = "岗位业绩突出，" * 52 + "群众评价好"  # 369 characters
    page.evaluate("text => navigator.clipboard.writeText(text)", pasted)
    summary.focus()
    page.keyboard.press("Control+V")

    expect(summary).to_have_value(pasted[:300])
    expect(counter).to_have_text("已输入 300 / 300 字")
    expect(counter).to_have_class("form-text text-count at-limit")
    expect(cut).to_have_text("粘贴的内容超过 300 字的上限，末尾 69 字未能填入。")
    assert "id_deeds_summary_count" in summary.get_attribute("aria-describedby")


def test_submitting_a_member_who_fails_rules_asks_and_no_keeps_the_draft(
    secretary_page, city, branch_a1
):
    newcomer = probationary_newcomer(branch_a1, name="钱七")
    draft = NominationFactory(campaign=CampaignFactory(owner=city), member=newcomer)
    page = secretary_page
    _edit(page, draft)

    page.answers.append(False)
    page.get_by_role("button", name="保存并提交").click()

    assert page.asked == [("confirm", "有 2 项资格条件未通过，确定提交？")]
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_a_photo_too_large_is_refused_before_it_is_sent_and_its_limits_still_read(
    secretary_page, draft, tmp_path
):
    """A secretary on a slow line chooses a 6 MB photo: refused at once, nothing sent; the
    field's help (its limits) stays announced beside the refusal, and a good photo clears it."""
    big = tmp_path / "big.jpg"
    big.write_bytes(b"\xff\xd8\xff" + b"\0" * (6 * 1024 * 1024))
    page = secretary_page
    _edit(page, draft)
    photo = page.locator("#id_photo")
    help_id = photo.get_attribute("aria-describedby")

    photo.set_input_files(str(big))

    refusal = page.locator("#id_photo-check")
    expect(refusal).to_contain_text("文件过大（6.0 MB），上限为 5.0 MB。")
    expect(photo).to_have_attribute("aria-invalid", "true")
    assert photo.evaluate("field => field.files.length") == 0
    assert photo.get_attribute("aria-describedby").split() == [*help_id.split(), "id_photo-check"]

    small = tmp_path / "small.png"
    small.write_bytes(png_upload().read())
    photo.set_input_files(str(small))

    expect(photo).not_to_have_attribute("aria-invalid", "true")
    assert photo.get_attribute("aria-describedby").split() == help_id.split()
