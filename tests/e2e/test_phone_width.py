"""Issue 37 item 14: staff pages used on a phone do not scroll sideways. The campaign picker
(two campaigns with long titles) made /nominations/ 496 px and /nominations/screening/ 432 px
wide at a 375 px viewport. In English (longer labels) the committee page and the integrity queue
were wider than a 390 px phone."""

from __future__ import annotations

import datetime

import pytest

from evaluations.services import add_reviewer
from members.choices import MemberStatus, OrgKind, Role
from members.services import assign_role
from selection import notice, workflow
from tests.factories import (
    CampaignFactory,
    MemberFactory,
    NominationFactory,
    OrganizationFactory,
    UserFactory,
)

from .journey import PASSWORD

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def test_an_admin_on_a_phone_picks_a_campaign_without_scrolling_sideways(browser, live_server):
    city = OrganizationFactory(code="JC", name="江城市委", kind=OrgKind.CITY)
    admin = UserFactory(username="phoneadmin", full_name="手机管理员")
    admin.set_password(PASSWORD)
    admin.save()
    assign_role(admin, Role.ADMIN, city)
    CampaignFactory(
        owner=city, title="2026年度江城市委系统四好党员选树（第一批推荐）", phase="screening"
    )
    CampaignFactory(
        owner=city, title="2026年度江城市委系统四好党员选树（第二批推荐）", phase="nominating"
    )

    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "phoneadmin")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()

    widths = {}
    for path in ("/nominations/", "/nominations/screening/"):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("#campaign-select").count() == 1, path
        widths[path] = page.evaluate("document.documentElement.scrollWidth")

    assert all(width <= PHONE["width"] for width in widths.values()), widths


def test_an_english_admin_on_a_desktop_sees_every_menu_link_without_scrolling_sideways(
    browser, live_server
):
    """The English menu is longer than the Chinese: at 1280 px it must neither push the right-hand
    links (two-step verification, log out) past the edge of the window nor take two rows."""
    city = OrganizationFactory(code="JC", name="江城市委", kind=OrgKind.CITY)
    admin = UserFactory(username="deskadmin", full_name="王建国")
    admin.set_password(PASSWORD)
    admin.save()
    assign_role(admin, Role.ADMIN, city)

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "deskadmin")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    with page.expect_navigation():  # the language switch at the foot submits itself
        page.select_option("footer select[name=language]", "en")
    page.goto(f"{live_server.url}/campaigns/")

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    for link in page.locator("#nav-main .nav-link").all():
        box = link.bounding_box()
        assert box and box["x"] + box["width"] <= 1280, link.inner_text()
    # The account's links sit under the user's name, and the menu is one row (the bar 56 px).
    tops = {link.bounding_box()["y"] for link in page.locator("#nav-main .nav-link").all()}
    assert len(tops) == 1
    assert page.locator("nav.navbar").bounding_box()["height"] <= 60
    page.get_by_role("button", name="王建国").click()
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert page.get_by_role("link", name="Two-step verification").is_visible()


def sign_in_in_english(browser, live_server, user):
    """A page of ``user`` signed in on a phone, in English (the longer labels)."""
    return signed_in(browser, live_server, user, language="en")


def signed_in(browser, live_server, user, *, language="zh-hans", viewport=PHONE):
    """A page of ``user`` signed in, in ``language``, on a screen of ``viewport`` (a phone's
    below Bootstrap's md breakpoint)."""
    user.set_password(PASSWORD)
    user.save()
    context = browser.new_context(viewport=viewport, is_mobile=viewport["width"] < 768)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    return page


def test_the_committee_table_scrolls_inside_its_container_on_a_phone(browser, live_server):
    """A reviewer with no linked member says so at length in English: the committee table was
    560 px wide at 390 px, with its Remove buttons off-screen and no way to scroll to them."""
    city = OrganizationFactory(code="JC", name="江城市委", kind=OrgKind.CITY)
    admin = UserFactory(username="phoneadmin", full_name="手机管理员")
    assign_role(admin, Role.ADMIN, city)
    campaign = CampaignFactory(owner=city, phase="reviewing")
    reviewer = UserFactory(username="unlinked", full_name="未关联评委")
    assign_role(reviewer, Role.REVIEWER, city)
    add_reviewer(campaign, reviewer, cap=None, by=admin)

    page = sign_in_in_english(browser, live_server, admin)
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/review/")

    remove = page.get_by_role("button", name="Remove")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert remove.evaluate("button => button.closest('.table-responsive') !== null")
    remove.scroll_into_view_if_needed()
    box = remove.bounding_box()
    assert box and box["x"] + box["width"] <= PHONE["width"]


def _city_with_a_submitted_nomination(username: str, full_name: str, role: str):
    """A city with one branch whose secretary submitted a nomination; returns a user with
    ``role`` over the city."""
    city = OrganizationFactory(code="JC", name="江城市委", kind=OrgKind.CITY)
    branch = OrganizationFactory(code="JC01", name="江城一支部", parent=city)
    user = UserFactory(username=username, full_name=full_name)
    assign_role(user, role, city)
    secretary = UserFactory(username="phonesecretary", full_name="手机书记")
    assign_role(secretary, Role.SECRETARY, branch)
    campaign = CampaignFactory(owner=city, quota_value=5)
    workflow.submit(NominationFactory(campaign=campaign, member__organization=branch), by=secretary)
    return user


def test_the_integrity_queue_fits_a_phone(browser, live_server):
    """The verdict's visually hidden legend (position: absolute) sat past the edge of the table's
    scroll container and made the page 461 px wide at 390 px."""
    officer = _city_with_a_submitted_nomination("phoneintegrity", "手机纪检", Role.INTEGRITY)

    page = sign_in_in_english(browser, live_server, officer)
    page.goto(f"{live_server.url}/nominations/integrity/")

    assert page.locator("form legend").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_screening_queue_table_scrolls_inside_its_container_on_a_phone(browser, live_server):
    """The queue's table (seven columns, English labels) sat in no scroll container."""
    admin = _city_with_a_submitted_nomination("phonescreener", "手机管理员", Role.ADMIN)

    page = sign_in_in_english(browser, live_server, admin)
    page.goto(f"{live_server.url}/nominations/screening/")

    table = page.locator("table.screening")
    assert table.count() == 1
    assert table.evaluate("table => table.closest('.table-responsive') !== null")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


PHONE_390 = {"width": 390, "height": 844}


def _single_line(locator) -> bool:
    """The element's text sits on one line (one box per line of a text's range)."""
    return locator.evaluate(
        "cell => { const range = document.createRange(); range.selectNodeContents(cell);"
        " return range.getClientRects().length === 1; }"
    )


def test_a_secretary_on_a_phone_reads_each_candidates_name_on_one_line(browser, live_server):
    """The member picker squeezed the names to one character a line at 390 px, beside a long
    branch name; then, in English, its table was 486 px wide in a 366 px box with the Choose
    button off screen. Each member is a card (table-cards), the probationary member marked."""
    city = OrganizationFactory(code="JC", name="江城市委", kind=OrgKind.CITY)
    branch = OrganizationFactory(
        code="JC01", name="江城市发展和改革委员会机关第一党支部", parent=city
    )
    secretary = UserFactory(username="phonepicker", full_name="手机书记")
    assign_role(secretary, Role.SECRETARY, branch)
    campaign = CampaignFactory(owner=city)
    MemberFactory(organization=branch, name="欧阳明华", status=MemberStatus.PROBATIONARY)

    page = sign_in_in_english(browser, live_server, secretary)  # 375 px, the longer labels
    page.goto(f"{live_server.url}/nominations/new/?campaign={campaign.pk}")

    name = page.locator("td.member-name")
    assert name.inner_text() == "欧阳明华"
    assert _single_line(name)
    choose = page.get_by_role("link", name="Choose").bounding_box()
    assert choose and choose["x"] >= 0 and choose["x"] + choose["width"] <= PHONE["width"]
    assert page.locator(".not-full-member").inner_text() == "This campaign requires a full member"
    assert page.evaluate("document.querySelector('table').scrollWidth") <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_public_notice_on_a_phone_shows_each_persons_deeds_on_screen(browser, live_server):
    """The notice's 主要事迹 column sat off-screen at 390 px (an eight-column table): on a phone
    each person is a card, each fact under its column's name."""
    city = OrganizationFactory(code="JC", name="江城市委", kind=OrgKind.CITY)
    branch = OrganizationFactory(code="JC01", name="江城一支部", parent=city)
    admin = UserFactory(username="noticeadmin")
    assign_role(admin, Role.ADMIN, city)
    campaign = CampaignFactory(owner=city, phase="reviewing")
    NominationFactory(
        campaign=campaign,
        member__organization=branch,
        member__name="李秀英",
        state="shortlisted",
        deeds_summary="扎根社区二十年，" * 8,
    )
    notice.open_notice(
        campaign, starts_on=datetime.date.today(), working_days=5, contact="组织部", by=admin
    )
    page = browser.new_context(locale="zh-CN", viewport=PHONE_390, is_mobile=True).new_page()

    page.goto(f"{live_server.url}/notice/{campaign.pk}/")

    deeds = page.locator("td.notice-deeds")
    box = deeds.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_390["width"]
    assert deeds.evaluate("cell => getComputedStyle(cell, '::before').content") == '"主要事迹"'
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_roster_on_a_phone_shows_each_member_as_a_card(browser, live_server, language):
    """/members/ at 390 px: in Chinese the names were squeezed to a character a line (29 px,
    正式党员 over four lines); in English the table was 581 px in a 366 px box, the organisation
    and the phone off screen. Each member is a card (table-cards); the phone stays masked."""
    city = OrganizationFactory(code="JC", name="江城市委", kind=OrgKind.CITY)
    branch = OrganizationFactory(
        code="JC01", name="江城市发展和改革委员会机关第一党支部", parent=city
    )
    secretary = UserFactory(username="phoneroster", full_name="手机书记")
    assign_role(secretary, Role.SECRETARY, branch)
    MemberFactory(organization=branch, name="欧阳明华", phone="13912345678")

    page = signed_in(browser, live_server, secretary, language=language, viewport=PHONE_390)
    page.goto(f"{live_server.url}/members/")

    assert _single_line(page.locator("td.member-name a"))
    phone = page.locator("td[data-label]").last
    box = phone.bounding_box()
    assert phone.inner_text() == "139****5678"
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_390["width"]
    assert page.evaluate("document.querySelector('table').scrollWidth") <= PHONE_390["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
