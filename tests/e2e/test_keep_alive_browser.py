"""A secretary writing a long nomination in a real browser (static/js/keep-alive.js): typing
asks the keep-alive address every third of the idle limit, so the session outlives the limit;
signed out all the same (in another tab: here the server drops the session), the page says so,
a save lands on the sign-in page, and signing in again brings back what was typed, with a notice
and a way to drop it. Typing kept for a nomination changed since is offered, not filled in.
Signing out on purpose leaves none of it in the tab; deleting the draft, none of the draft's."""

from __future__ import annotations

import json
from importlib import import_module

import pytest
from django.conf import settings
from django.db.models import F
from django.urls import reverse
from playwright.sync_api import expect

from selection.models import Nomination

from .journey import PASSWORD
from .test_nomination_form_browser import draft, secretary_page  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

TYPED = "深夜写下的一段详细事迹，尚未保存。"


def _end_session(page) -> None:
    """The server forgets the browser's session (as signing out in another tab does)."""
    engine = import_module(settings.SESSION_ENGINE)
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    engine.SessionStore(session_key=key).delete()


def _saved_signed_out(page, nomination) -> str:
    """The form typed in and saved after the server dropped the session: the sign-in page."""
    edit = reverse("selection:nomination_edit", args=[nomination.pk])
    page.goto(page.base + edit)
    page.locator("#id_deeds").fill(TYPED)
    _end_session(page)
    page.get_by_role("button", name="保存草稿").click()
    return edit


def _sign_in_again(page) -> None:
    page.wait_for_url("**/accounts/login/**")
    page.fill("#id_username", "formsecretary")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_typing_keeps_the_session_and_a_sign_out_loses_nothing(
    secretary_page,  # noqa: F811
    draft,  # noqa: F811
    settings,
):
    settings.SESSION_IDLE_MINUTES = 1  # a keep-alive every 20 seconds of typing
    page = secretary_page
    edit = reverse("selection:nomination_edit", args=[draft.pk])
    page.goto(page.base + edit)
    deeds = page.locator("#id_deeds")
    before = deeds.input_value()

    with page.expect_response("**/accounts/keep-alive/", timeout=40_000) as answer:
        deeds.press_sequentially("甲")
    assert answer.value.status == 204

    _end_session(page)
    deeds.fill(TYPED)
    deeds.press_sequentially("乙")
    expect(page.locator("[data-kept=signed-out]")).to_be_visible(timeout=40_000)

    page.get_by_role("button", name="保存草稿").click()
    _sign_in_again(page)
    page.wait_for_url(page.base + edit)

    expect(page.locator("[data-kept=restored]")).to_be_visible()
    expect(deeds).to_have_value(TYPED + "乙")
    draft.refresh_from_db()
    assert draft.deeds == before  # nothing was saved signed out

    page.locator("[data-kept=restored]").get_by_role("button", name="不用这些内容").click()
    expect(deeds).to_have_value(before)
    expect(page.locator("[data-kept=restored]")).to_be_hidden()
    page.reload()
    expect(deeds).to_have_value(before)
    expect(page.locator("[data-kept=restored]")).to_be_hidden()


def test_kept_typing_comes_back_and_a_save_drops_it(secretary_page, draft):  # noqa: F811
    page = secretary_page
    edit = _saved_signed_out(page, draft)

    expect(page.locator(".alert").first).to_contain_text("登录已过期")
    expect(page.locator("[data-kept-note]")).to_contain_text("已暂存在本浏览器中")
    _sign_in_again(page)
    page.wait_for_url(page.base + edit)
    expect(page.locator("#id_deeds")).to_have_value(TYPED)

    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".alert:visible").first).to_contain_text("草稿已保存。")
    draft.refresh_from_db()
    assert draft.deeds == TYPED
    assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('kept'))") == []
    expect(page.locator("[data-kept=restored]")).to_be_hidden()


def test_typing_kept_for_a_nomination_changed_since_is_offered_not_filled_in(
    secretary_page,  # noqa: F811
    draft,  # noqa: F811
):
    page = secretary_page
    edit = _saved_signed_out(page, draft)
    # Saved meanwhile from elsewhere: the record's version moves on.
    elsewhere = {"deeds": "别处保存的事迹。", "version": F("version") + 1}
    Nomination.objects.filter(pk=draft.pk).update(**elsewhere)

    _sign_in_again(page)
    page.wait_for_url(page.base + edit)

    newer = page.locator("[data-kept=newer]")
    expect(newer).to_be_visible()
    expect(page.locator("#id_deeds")).to_have_value("别处保存的事迹。")
    newer.get_by_role("button", name="仍然填入（保存后将替换那次改动）").click()
    expect(page.locator("#id_deeds")).to_have_value(TYPED)
    expect(newer).to_be_hidden()
    expect(page.locator("[data-kept=restored]")).to_be_visible()


def test_putting_typing_back_leaves_a_field_another_tab_changed(
    secretary_page,  # noqa: F811
    draft,  # noqa: F811
):
    """Tab A types in 详细事迹; tab B changes 摘要 and saves; tab A, signed out, saves and signs
    in again: 仍然填入 puts back tab A's 详细事迹 only, and 摘要 keeps tab B's change."""
    page = secretary_page
    edit = reverse("selection:nomination_edit", args=[draft.pk])
    page.goto(page.base + edit)
    page.locator("#id_deeds").fill(TYPED)

    other = page.context.new_page()
    other.goto(page.base + edit)
    other.locator("#id_deeds_summary").fill("另一标签页改过的摘要。")
    other.get_by_role("button", name="保存草稿").click()
    expect(other.locator(".alert-success")).to_contain_text("草稿已保存。")
    other.close()

    _end_session(page)
    page.get_by_role("button", name="保存草稿").click()
    _sign_in_again(page)
    page.wait_for_url(page.base + edit)

    newer = page.locator("[data-kept=newer]")
    newer.get_by_role("button", name="仍然填入（保存后将替换那次改动）").click()
    expect(page.locator("#id_deeds")).to_have_value(TYPED)
    expect(page.locator("#id_deeds_summary")).to_have_value("另一标签页改过的摘要。")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".alert-success")).to_contain_text("草稿已保存。")
    draft.refresh_from_db()
    assert (draft.deeds, draft.deeds_summary) == (TYPED, "另一标签页改过的摘要。")


def test_typing_before_a_page_with_errors_is_kept_too(secretary_page, draft):  # noqa: F811
    """Fields changed before a save that came back with errors (the page serves what was
    sent) are still this tab's: with those changed after, they come back after a sign-out."""
    page = secretary_page
    edit = reverse("selection:nomination_edit", args=[draft.pk])
    page.goto(page.base + edit)
    page.locator("#id_deeds").fill(TYPED)
    page.locator("#id_deeds_summary").fill("联系电话 13800138000。")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("#id_deeds_summary")).to_have_attribute("aria-invalid", "true")

    page.locator("#id_deeds_summary").fill("改正后的摘要。")
    _end_session(page)
    page.get_by_role("button", name="保存草稿").click()
    _sign_in_again(page)
    page.wait_for_url(page.base + edit)

    expect(page.locator("[data-kept=restored]")).to_be_visible()
    expect(page.locator("#id_deeds")).to_have_value(TYPED)
    expect(page.locator("#id_deeds_summary")).to_have_value("改正后的摘要。")


KEPT = "Object.keys(sessionStorage).filter(k => /^(kept-typing|leave-save)/.test(k)).sort()"


def _typed_and_kept(page, nomination) -> str:
    """The draft's form typed in, and what keep-alive.js keeps of it in the tab: its key."""
    edit = reverse("selection:nomination_edit", args=[nomination.pk])
    page.goto(page.base + edit)
    page.locator("#id_deeds").fill(TYPED)
    for _ in range(50):  # kept 300 ms after the typing (wait_for_function: the CSP refuses)
        if page.evaluate(KEPT):
            return page.evaluate(KEPT)[0]
        page.wait_for_timeout(100)
    raise AssertionError("nothing kept")


def test_signing_out_leaves_no_typing_in_the_tab(secretary_page, draft):  # noqa: F811
    page = secretary_page
    kept = _typed_and_kept(page, draft)
    held = json.loads(page.evaluate("k => sessionStorage.getItem(k)", kept))
    assert held["typed"] == [["deeds", TYPED]]  # only what was changed in this tab
    page.evaluate(
        """() => {
            sessionStorage.setItem("kept-typing-sent", sessionStorage.key(0));
            sessionStorage.setItem("leave-save:/scores/1/autosave/", '{"typed": [["x", "y"]]}');
            sessionStorage.setItem("other", "kept");
        }"""
    )

    page.locator("nav .dropdown-toggle").click()
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(page.base + reverse("home"))

    assert page.evaluate(KEPT) == []
    assert page.evaluate("sessionStorage.getItem('other')") == "kept"


def test_deleting_the_draft_drops_what_was_kept_for_it(secretary_page, draft):  # noqa: F811
    page = secretary_page
    kept = _typed_and_kept(page, draft)
    other = kept.replace(f"/{draft.pk}/", f"/{draft.pk}0/")
    page.evaluate("k => sessionStorage.setItem(k, '{}')", other)

    page.get_by_role("button", name="删除草稿").click()
    expect(page.locator(".alert-success")).to_contain_text("已删除赵六的推荐草稿。")

    assert not Nomination.objects.filter(pk=draft.pk).exists()
    assert page.evaluate(KEPT) == [other]
