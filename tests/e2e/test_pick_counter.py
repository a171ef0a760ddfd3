"""A node's pool in a real browser: the "已选 N 名" counter follows the boxes as they are
ticked, and past the node's places it turns to a warning (static/js/pick-count.js; the CSP
forbids inline script). The server still refuses an over-quota choice (tests/evaluations)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from members.choices import OrgKind, Role
from tests.factories import CampaignFactory, in_review, staged_campaign, user_with_role

from .journey import PASSWORD, Portal

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_ticking_a_box_updates_the_counter_and_warns_past_the_places(
    browser, live_server, city, city_admin, committee_a, branch_a1
):
    staged = staged_campaign(
        city,
        [(OrgKind.COMMITTEE, 2), (OrgKind.DISTRICT, 1), (OrgKind.CITY, 2)],
        by=city_admin,
        exemplar_count=2,
    )
    for i, total in enumerate((90, 80, 70), start=1):
        in_review(
            staged, total, by=city_admin, member__organization=branch_a1, member__name=f"人选{i}"
        )
    admin = user_with_role(Role.ADMIN, committee_a, username="pickadmin")
    admin.set_password(PASSWORD)
    admin.save()

    page = Portal(browser, live_server.url, artifacts=None).as_("pickadmin")
    pool = reverse("evaluations:stage_pool", args=[staged.pk, 1, committee_a.pk])
    page.goto(f"{live_server.url}{pool}")
    counter = page.locator(".pick-count")
    warning = page.locator("#pick-over")

    expect(counter).to_have_text("已选 2 名（本级名额 2 名）。")  # the places, ticked by default
    expect(warning).to_be_hidden()

    page.get_by_role("checkbox", name="人选3").check()
    expect(counter).to_have_text("已选 3 名（本级名额 2 名）。")
    expect(counter).to_have_class("pick-count over-quota")
    expect(warning).to_be_visible()

    page.get_by_role("checkbox", name="人选1").uncheck()
    page.get_by_role("checkbox", name="人选2").uncheck()
    expect(counter).to_have_text("已选 1 名（本级名额 2 名）。")
    expect(counter).to_have_class("pick-count")
    expect(warning).to_be_hidden()


#: What the confirm button asks as the boxes change after 修改名单, in each language: who of the
#: confirmed list (人选1, 人选2) would leave it, the plain question once nobody does.
ASKED = {
    "zh-hans": [
        "确定修改拟推荐名单吗？已确定的 1 名拟推荐人选将移出名单，标记为未入选：人选2。",
        "确定修改拟推荐名单吗？已确定的 2 名拟推荐人选将移出名单，标记为未入选：人选1、人选2。",
        "确定修改拟推荐名单吗？已确定的 1 名拟推荐人选将移出名单，标记为未入选：人选2。",
        "确定拟推荐名单吗？未选中的人选将标记为未入选。",
    ],
    "en": [
        "Confirm the revised shortlist? 1 nominee confirmed on the shortlist will leave it and "
        "be marked not selected: 人选2.",
        "Confirm the revised shortlist? 2 nominees confirmed on the shortlist will leave it and "
        "be marked not selected: 人选1, 人选2.",
        "Confirm the revised shortlist? 1 nominee confirmed on the shortlist will leave it and "
        "be marked not selected: 人选2.",
        "Confirm the shortlist? Nominations not chosen will be marked as not selected.",
    ],
}
LABELS = {
    "zh-hans": ("修改名单", "确定拟推荐名单"),
    "en": ("Change the list", "Confirm the shortlist"),
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_revision_keeps_naming_who_leaves_as_the_boxes_change(
    browser, live_server, city, city_admin, branch_a1, language
):
    """Revising a confirmed shortlist at a phone's width: the server names who leaves the
    confirmed list for the ticks posted; a box changed afterwards hides that comparison, and the
    confirm button's question, worked out in the browser from the ticks and the confirmed list,
    keeps naming who leaves, the plain question only once nobody does."""
    from evaluations import services

    campaign = CampaignFactory(
        owner=city, phase="reviewing", exemplar_count=2, min_reviewers=1, min_responses=0
    )
    made = [
        in_review(campaign, total, by=city_admin, member__organization=branch_a1, **named)
        for total, named in ((90, {"member__name": "人选1"}), (80, {"member__name": "人选2"}))
    ]
    in_review(campaign, 70, by=city_admin, member__organization=branch_a1, member__name="人选3")
    services.confirm_shortlist(campaign, [n.pk for n in made], by=city_admin)
    city_admin.set_password(PASSWORD)
    city_admin.save()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", city_admin.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + reverse("evaluations:results", args=[campaign.pk]))
    revise, confirm = LABELS[language]

    def box(name):
        return page.get_by_role("checkbox", name=name)

    box("人选2").uncheck()
    box("人选3").check()
    page.get_by_role("button", name=revise).click()
    revision = page.locator("#revision")
    expect(revision).to_be_visible()
    page.get_by_role("button", name=confirm).click()
    box("人选1").uncheck()
    expect(revision).to_be_hidden()
    page.get_by_role("button", name=confirm).click()
    box("人选1").check()
    page.get_by_role("button", name=confirm).click()
    box("人选2").check()
    page.get_by_role("button", name=confirm).click()

    assert asked == ASKED[language]
    context.close()
