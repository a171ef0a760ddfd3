"""On a 375 px phone the staff tables with many columns (a stage's pool, the stages form and the
organisations of each stage, the results, the integrity queue, the notice's management, the audit
log, a review committee's reviewers and its assignment) are stacks of cards (``table-cards`` in
static/css/app.css), so no column sits off-screen and no name is squeezed to a character a line; on
a desktop they stay tables. The English header keeps the portal's name and the menu button on one
row."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from evaluations.models import Conflict
from evaluations.services import add_reviewer, confirm_stage
from members.choices import OrgKind, Role
from members.services import assign_role
from selection import notice
from tests.factories import (
    CampaignFactory,
    NominationFactory,
    OrganizationFactory,
    UserFactory,
    in_review,
    staged_campaign,
    survey_answers,
    user_with_role,
)

from .test_phone_width import PHONE, _city_with_a_submitted_nomination, _single_line, signed_in

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}
LAPTOP = {"width": 992, "height": 800}


def on_screen(locator, width: int = PHONE["width"]) -> bool:
    box = locator.bounding_box()
    return bool(box) and box["x"] >= 0 and box["x"] + box["width"] <= width


def fits(page, width: int = PHONE["width"]) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth") <= width


@pytest.fixture
def staged_pool(city, city_admin, committee_a, branch_a1):
    """A 党委's first-stage pool of three ranked candidates, its admin, and the pool's URL."""
    staged = staged_campaign(
        city, [(OrgKind.COMMITTEE, 2), (OrgKind.CITY, 2)], by=city_admin, exemplar_count=2
    )
    for i, total in enumerate((90, 80, 70), start=1):
        in_review(
            staged, total, by=city_admin, member__organization=branch_a1, member__name=f"欧阳明{i}"
        )
    admin = user_with_role(Role.ADMIN, committee_a, username="cardadmin")
    return admin, reverse("evaluations:stage_pool", args=[staged.pk, 1, committee_a.pk])


def test_an_english_stage_pool_on_a_phone_shows_the_decision_of_every_candidate(
    browser, live_server, staged_pool
):
    admin, url = staged_pool
    page = signed_in(browser, live_server, admin, language="en")
    page.goto(f"{live_server.url}{url}")

    decisions = page.locator('td[data-label="Decision at this stage"]')
    assert decisions.count() == 3
    for i in range(3):
        assert on_screen(decisions.nth(i)), i
    assert page.locator('td[data-label="From the levels below"]').count() == 3
    assert page.get_by_role("checkbox", name="欧阳明3").is_visible()
    assert fits(page)
    # The header: the portal's name and the menu button on one row.
    brand = page.locator(".navbar-brand").bounding_box()
    toggler = page.locator(".navbar-toggler").bounding_box()
    assert toggler["y"] < brand["y"] + brand["height"]
    assert page.locator("nav.navbar").bounding_box()["height"] <= 60


def test_a_stage_pool_on_a_desktop_stays_a_table(browser, live_server, staged_pool):
    admin, url = staged_pool
    page = signed_in(browser, live_server, admin, viewport=DESKTOP)
    page.goto(f"{live_server.url}{url}")

    assert page.locator("table.stage-pool thead").is_visible()
    row = page.locator("table.stage-pool tbody tr").first
    assert row.evaluate("row => getComputedStyle(row).display") == "table-row"
    name = page.locator("table.stage-pool td.cell-head").first  # the name, then the branch
    assert name.evaluate(
        "cell => { const range = document.createRange(); range.selectNodeContents(cell.firstChild);"
        " return range.getClientRects().length === 1; }"
    )
    assert fits(page, DESKTOP["width"])


def test_a_pool_above_the_first_stage_keeps_each_chinese_heading_whole_on_a_desktop(
    browser, live_server, city, city_admin
):
    """At 1280 px the city's pool (a long branch name under each nominee, the levels below, the
    reason none can be chosen) squeezed 本级名次 to 本级名 over 次, 推荐 to 推 over 荐."""
    committee = OrganizationFactory(
        code="KF", name="江城经济开发区党工委", kind=OrgKind.COMMITTEE, parent=city
    )
    branch = OrganizationFactory(
        code="KF0201", name="江城经济开发区党工委第2党总支第1党支部", parent=committee
    )
    staged = staged_campaign(
        city, [(OrgKind.COMMITTEE, 2), (OrgKind.CITY, 2)], by=city_admin, exemplar_count=2
    )
    chosen = [
        in_review(staged, total, by=city_admin, member__organization=branch).pk
        for total in (90, 80)
    ]
    confirm_stage(staged.stages.get(position=1), committee, chosen, by=city_admin)
    page = signed_in(browser, live_server, city_admin, viewport=DESKTOP)
    page.goto(f"{live_server.url}{reverse('evaluations:stage_pool', args=[staged.pk, 2, city.pk])}")

    headings = page.locator("table.stage-pool thead th")
    assert headings.count() == 9
    for heading in headings.all():
        assert _single_line(heading), heading.inner_text()
    assert page.locator("table.stage-pool .not-counted").count() == 2  # unscored at this stage
    assert fits(page, DESKTOP["width"])


def test_the_stages_form_on_a_phone_shows_every_field_of_a_stage(browser, live_server, city):
    admin = user_with_role(Role.ADMIN, city, username="stagesadmin")
    campaign = CampaignFactory(owner=city, phase="nominating")
    page = signed_in(browser, live_server, admin)
    page.goto(f"{live_server.url}{reverse('evaluations:stages', args=[campaign.pk])}")

    first = page.locator("table.stage-config tbody tr").first
    fields = first.locator("select, input:not([type=hidden])")
    assert fields.count() == 8
    for i in range(8):
        assert on_screen(fields.nth(i)), i
    assert fits(page)


@pytest.mark.parametrize("width", [1280, 992])
def test_the_english_stages_form_on_a_desktop_shows_its_last_column(
    browser, live_server, city, width
):
    """Nine columns of long English names were wider than the page at 1280 px: the last one,
    whether a level screens eligibility again, sat cut off at the form's edge."""
    admin = user_with_role(Role.ADMIN, city, username=f"stagesdesk{width}")
    campaign = CampaignFactory(owner=city, phase="nominating")
    viewport = {"width": width, "height": 800}
    page = signed_in(browser, live_server, admin, language="en", viewport=viewport)
    page.goto(f"{live_server.url}{reverse('evaluations:stages', args=[campaign.pk])}")

    frame = page.locator("table.stage-config").locator("xpath=..")
    assert frame.evaluate("box => box.scrollWidth <= box.clientWidth")
    last = page.get_by_role("checkbox", name="Eligibility screened again at this stage")
    assert last.count() == 4
    assert on_screen(last.first, width)
    assert fits(page, width)


@pytest.mark.parametrize(
    ("role", "path", "key", "one_line"),
    [
        # The nominee's name, one character a line before.
        (Role.INTEGRITY, "/nominations/integrity/", "td.cell-head a", True),
        # A row's changes, off-screen to the right before.
        (Role.AUDITOR, "/audit/", "dl.audit-changes", False),
    ],
)
def test_a_queue_on_a_phone_shows_its_key_column_on_screen(
    browser, live_server, role, path, key, one_line
):
    user = _city_with_a_submitted_nomination(f"card{role}", "手机用户", role)
    page = signed_in(browser, live_server, user)
    page.goto(f"{live_server.url}{path}")

    shown = page.locator(key).first
    assert on_screen(shown)
    if one_line:
        assert _single_line(shown)
    assert fits(page)


def test_the_notice_management_on_a_phone_shows_the_consent_form(browser, live_server, city):
    branch = OrganizationFactory(
        code="JC09", name="江城市发展和改革委员会机关第一党支部", parent=city
    )
    admin = UserFactory(username="cardnotice")
    assign_role(admin, Role.ADMIN, city)
    campaign = CampaignFactory(owner=city, phase="reviewing")
    NominationFactory(
        campaign=campaign, member__organization=branch, member__name="欧阳秀英", state="shortlisted"
    )
    notice.open_notice(
        campaign, starts_on=datetime.date.today(), working_days=5, contact="组织部", by=admin
    )
    page = signed_in(browser, live_server, admin)
    page.goto(f"{live_server.url}{reverse('selection:notice_manage', args=[campaign.pk])}")

    assert _single_line(page.locator("table.notice-finalists td.cell-head"))
    assert on_screen(page.get_by_role("button", name="记录本人同意"))
    assert fits(page)


@pytest.fixture
def results_url(city, city_admin):
    """A campaign in review with three nominees scored, from branches with long names; the
    third surveyed below the satisfaction line (a flag: it cannot be chosen)."""
    campaign = CampaignFactory(
        owner=city, phase="reviewing", min_reviewers=1, min_responses=0, exemplar_count=2
    )
    branch = OrganizationFactory(
        code="JC09", name="江城市发展和改革委员会机关第一党支部", parent=city
    )
    for i, total in enumerate((90, 80, 70), start=1):
        last = in_review(
            campaign, total, by=city_admin, member__organization=branch, member__name=f"欧阳明{i}"
        )
    survey_answers(last, issued=15, satisfied=6, responses=12, by=city_admin)
    return reverse("evaluations:results", args=[campaign.pk])


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_results_on_a_phone_show_each_nominee_as_a_card(
    browser, live_server, city_admin, results_url, language
):
    """The name column was squeezed to a character a line beside fifteen columns."""
    page = signed_in(browser, live_server, city_admin, language=language)
    page.goto(f"{live_server.url}{results_url}")

    for i in range(1, 4):
        name = page.get_by_role("link", name=f"欧阳明{i}")
        assert on_screen(name) and _single_line(name), i
    rows = page.locator("table.results tbody tr")
    filled = "td:not(:empty)"  # a card leaves out an empty cell
    for cell in rows.first.locator(filled).all() + rows.last.locator(filled).all():
        assert on_screen(cell), cell.text_content()
    assert on_screen(rows.last.locator(".badge"))  # the third one's flag
    # Each figure under its column's name, in the reader's language.
    total = "Total" if language == "en" else "总分"
    criterion = "Good integrity" if language == "en" else "廉洁自律好"
    for label in (total, criterion):
        assert page.locator(f'table.results td[data-label="{label}"]').count() == 3, label
    assert page.get_by_role("checkbox", name="欧阳明2").is_visible()
    assert fits(page)


@pytest.mark.parametrize("viewport", [DESKTOP, LAPTOP])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_results_on_a_desktop_stay_a_table_without_scrolling_sideways(
    browser, live_server, city_admin, results_url, language, viewport
):
    """Fifteen columns made the English table 1,316-1,529 px wide in a 1280 px window: the
    statistics of the cards' totals now share one column, and long words wrap. At 992 px the
    table still scrolled sideways (by 177 px in English, 52 in Chinese on the demo's data)."""
    page = signed_in(browser, live_server, city_admin, language=language, viewport=viewport)
    page.goto(f"{live_server.url}{results_url}")

    assert page.locator("table.results thead").is_visible()
    row = page.locator("table.results tbody tr").first
    assert row.evaluate("row => getComputedStyle(row).display") == "table-row"
    assert fits(page, viewport["width"])
    box = page.locator(".table-responsive:has(table.results)")
    assert box.evaluate("box => box.scrollWidth <= box.clientWidth")
    assert page.locator("table.results thead th").count() == 12


@pytest.mark.parametrize(("language", "viewport"), [("en", PHONE), ("zh-hans", DESKTOP)])
def test_the_organisations_of_each_stage_show_their_status(
    browser, live_server, city, city_admin, committee_a, branch_a1, language, viewport
):
    """In English on a phone the organisations' table of a stage was wider than its box: the
    status column sat cut off at its edge. On a desktop it stays a table."""
    staged = staged_campaign(city, [(OrgKind.COMMITTEE, 2), (OrgKind.CITY, 2)], by=city_admin)
    in_review(staged, 80, by=city_admin, member__organization=branch_a1)
    # Eligible but not yet scored: the node's status says one waits for scoring, at length.
    NominationFactory(campaign=staged, state="eligible", member__organization=branch_a1)
    page = signed_in(browser, live_server, city_admin, language=language, viewport=viewport)
    page.goto(f"{live_server.url}{reverse('evaluations:stages', args=[staged.pk])}")

    status = page.locator("table.stage-nodes tbody tr").first.locator("td").last
    assert status.locator(".stage-node-waiting").is_visible()
    assert on_screen(status, viewport["width"])
    assert status.get_attribute("data-label") == ("Status" if language == "en" else "状态")
    for frame in page.locator(".table-responsive:has(table.stage-nodes)").all():
        assert frame.evaluate("box => box.scrollWidth <= box.clientWidth")
    shown = "table-row" if viewport is DESKTOP else "flex"
    row = page.locator("table.stage-nodes tbody tr").first
    assert row.evaluate("row => getComputedStyle(row).display") == shown
    assert fits(page, viewport["width"])


#: Nominees a reviewer declared conflicts with: a list that wraps on a phone.
CONFLICTS = ("欧阳明华", "司马秀英", "上官建国", "诸葛晓燕", "东方志强", "慕容立新")


@pytest.fixture
def committee_url(city, city_admin, branch_a1):
    """A campaign in review, its committee of two reviewers (neither linked to a member: a note
    at length each), one of whom declared conflicts with the six nominees waiting for reviewers."""
    campaign = CampaignFactory(owner=city, phase="reviewing", min_reviewers=1)
    declaring = UserFactory(username="rev_declaring", full_name="张志强")
    for user in (declaring, UserFactory(username="rev_other", full_name="陈立新")):
        assign_role(user, Role.REVIEWER, city)
        add_reviewer(campaign, user, cap=None, by=city_admin)
    for name in CONFLICTS:
        nomination = NominationFactory(
            campaign=campaign, state="eligible", member__organization=branch_a1, member__name=name
        )
        Conflict.objects.create(nomination=nomination, reviewer=declaring, reason="亲属")
    return reverse("evaluations:committee", args=[campaign.pk])


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_committee_on_a_phone_shows_each_reviewer_and_nominee_as_a_card(
    browser, live_server, city_admin, committee_url, language
):
    """At 390 px the reviewers' table is no wider than the phone in English, "Submitted", the
    conflicts and Remove buttons on screen; in Chinese no name breaks in the middle (张志/强)."""
    english = language == "en"
    page = signed_in(browser, live_server, city_admin, language=language)
    page.goto(f"{live_server.url}{committee_url}")

    seats = page.locator("table.committee-seats tbody tr")
    assert seats.count() == 2
    for row in seats.all():
        assert _single_line(row.locator("td.cell-head"))
        assert on_screen(row.locator(f'td[data-label="{"Submitted" if english else "已提交"}"]'))
        assert on_screen(row.get_by_role("button", name="Remove" if english else "移出"))
    # The conflicts wrap between names, never inside one.
    for name in CONFLICTS:
        conflict = page.locator(".declared-conflict", has_text=name)
        assert on_screen(conflict), name
        assert conflict.evaluate(
            "(span, n) => { const range = document.createRange();"
            " range.setStart(span.firstChild, 0); range.setEnd(span.firstChild, n);"
            " return range.getClientRects().length === 1; }",
            len(name),
        ), name
    nominees = page.locator("table.committee-assign tbody tr")
    assert nominees.count() == len(CONFLICTS)
    assign = "Assign" if english else "分配"
    for row in nominees.all():
        assert _single_line(row.locator("td.cell-head"))
        assert on_screen(row.locator("select"))
        assert on_screen(row.get_by_role("button", name=assign, exact=True))
    assert fits(page)
