"""逐级推荐 in a real browser: one nomination walks from its branch to the city, every step of the
selection through the UI as the people who run it would take it.

Arranged in the database (not the journey): the organisation tree (江城市委 → 东区区委 →
东区机关党委 and its sibling 东区教育党委 → 东区一支部), the people and their roles, two
members of the branch with their annual assessments, and the campaign in its nominating phase.

Through the UI: the city's admin sets the three stages (党委 → 区委 → 市委); the branch secretary
nominates 王建国 and 李秀英 and submits them; the integrity officer passes both; the 党委's admin
screens them eligible. The city's admin moves the campaign to review. The 党委's admin forms the
node committee on its page and assigns it; its reviewer scores; the admin confirms 王建国 (the
sibling 党委's admin never finds that pool: 404). The 区委's admin sees him come up in their pool
with his first stage's result, forms and assigns their committee; their reviewer scores afresh and
sees the first stage's result only after submitting; the admin confirms. The city's admin seats
the campaign's committee (the final stage's), assigns, their reviewer scores, the admin confirms
the final list and opens the 公示: the public notice lists 王建国 and not 李秀英.

Selectors lean on roles with the people's names, form fields' names and the forms' addresses
rather than on the stage pages' wording."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from members.choices import AssessmentGrade, OrgKind, Role
from members.models import AssessmentRecord
from members.services import assign_role
from tests.factories import (
    CampaignFactory,
    MemberFactory,
    OrganizationFactory,
    UserFactory,
    png_upload,
)

from .journey import PASSWORD, Portal, fill_nomination

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("next_year_entered"),
]
TITLE = "2026年度全市逐级推荐"
#: Points per criterion (four criteria of 25): under 95 % of each, so no comment is needed.
POINTS = {"王建国": (23, 23, 22, 23), "李秀英": (21, 20, 21, 20)}


# --- Arranged: the tree, the people, the campaign ------------------------------------------------


def _person(username: str, role: str, org) -> None:
    user = UserFactory(username=username, full_name=f"{username}用户")
    user.set_password(PASSWORD)
    user.save()
    assign_role(user, role, org)


def _arrange():
    city = OrganizationFactory(code="JC", name="江城市委", kind=OrgKind.CITY)
    district = OrganizationFactory(code="DQ", name="东区区委", kind=OrgKind.DISTRICT, parent=city)
    committee = OrganizationFactory(
        code="DQ01", name="东区机关党委", kind=OrgKind.COMMITTEE, parent=district
    )
    sibling = OrganizationFactory(
        code="DQ02", name="东区教育党委", kind=OrgKind.COMMITTEE, parent=district
    )
    branch = OrganizationFactory(code="DQ01-01", name="东区一支部", parent=committee)
    for name in POINTS:
        member = MemberFactory(name=name, organization=branch)
        for year in (2024, 2025):
            AssessmentRecord.objects.create(
                member=member, year=year, grade=AssessmentGrade.EXCELLENT
            )
    for username, role, org in [
        ("cityadmin", Role.ADMIN, city),
        ("qwadmin", Role.ADMIN, district),
        ("dwadmin", Role.ADMIN, committee),
        ("siblingadmin", Role.ADMIN, sibling),
        ("secretary", Role.SECRETARY, branch),
        ("integrity", Role.INTEGRITY, city),
        ("dwrev", Role.REVIEWER, committee),
        ("qwrev", Role.REVIEWER, district),
        ("cityrev", Role.REVIEWER, city),
    ]:
        _person(username, role, org)
    return CampaignFactory(
        owner=city,
        title=TITLE,
        phase="nominating",
        quota_value=2,
        exemplar_count=1,
        min_reviewers=1,
        min_responses=0,
    )


# --- Steps the people take -----------------------------------------------------------------------


def _post(page, button, *, says: str = "") -> None:
    """Click a form's submit button and wait for the page it leads to; it reports success (a
    refusal's message is the assertion's text), or with ``says`` shows that status instead."""
    with page.expect_navigation():
        button.click()
    errors = page.locator(".alert-danger")
    assert errors.count() == 0, errors.all_inner_texts()
    if says:
        expect(page.get_by_role("status")).to_contain_text(says)
    else:
        expect(page.locator(".alert-success")).to_be_visible()


def _in_form(page, action: str):
    """The submit button of the form posting to an address ending in ``action``."""
    return page.locator(f"form[action$='{action}'] [type=submit]").last


def _set_stages(page, portal, campaign_pk: int) -> None:
    page.goto(portal.url(f"/campaigns/{campaign_pk}/stages/"))
    for row, level in enumerate((OrgKind.COMMITTEE, OrgKind.DISTRICT, OrgKind.CITY), 1):
        page.select_option(f"select[name=s{row}-level]", level)
        page.select_option(f"select[name=s{row}-quota_kind]", "fixed")
        page.fill(f"input[name=s{row}-quota_value]", "1")
    _post(page, _in_form(page, "/stages/edit/"))
    for position in (1, 2, 3):
        expect(page.locator(f"#stage-{position}")).to_be_visible()


def _nominate(page, portal, name: str, photo) -> None:
    page.goto(portal.url("/nominations/new/"))
    page.get_by_role("row", name=re.compile(name)).get_by_role("link").click()
    fill_nomination(page, name, photo)
    # The nomination's page says it (no separate message repeats it).
    _post(page, page.locator("button[name=action][value=submit]"), says="已提交，等待资格审查")


def _move_phase(page, portal, campaign_pk: int, phase: str) -> None:
    page.goto(portal.url(f"/campaigns/{campaign_pk}/edit/"))
    page.select_option("select[name=phase]", phase)
    _post(page, _in_form(page, "/phase/"))


def _open_pool(page, portal, position: int, node: str, campaign_pk: int) -> str:
    """From the campaign's stages page to one node's pool at one stage."""
    page.goto(portal.url(f"/campaigns/{campaign_pk}/stages/"))
    page.locator(f"#stage-{position}").get_by_role("link", name=node).click()
    page.locator("table.stage-pool").wait_for()
    return page.url


def _seat_and_assign(page, reviewer: str) -> None:
    """From a node's pool: its committee's page (the campaign's at the final stage), a seat for
    the reviewer, back to the pool, and the stage's cards given out."""
    pool_url = page.url
    page.locator("a[href$='/committee/']").click()
    seat = page.locator("form[action$='/reviewers/']")
    seat.locator("select[name=user]").select_option(label=f"{reviewer}用户")
    _post(page, seat.locator("[type=submit]"))
    expect(page.get_by_role("cell", name=f"{reviewer}用户", exact=True)).to_be_visible()
    page.goto(pool_url)
    _post(page, _in_form(page, "/assign/"))


def _score(page, portal, name: str) -> None:
    """The reviewer opens the card from their queue, scores and submits."""
    page.goto(portal.url("/review/"))
    page.get_by_role("row", name=re.compile(name)).get_by_role("link").click()
    fields = page.locator("#scorecard input[type=number]")
    expect(fields).to_have_count(4)
    for field, value in zip(fields.all(), POINTS[name], strict=True):
        field.fill(str(value))
    _post(page, page.locator("#scorecard button[name=action][value=submit]"))


def _confirm(page, name: str) -> None:
    """In the node's pool: tick the one chosen and confirm the node's list."""
    page.get_by_role("checkbox", name=name).check()
    _post(page, page.locator("form[action$='/confirm/'] button[data-confirm]"))
    expect(page.get_by_role("checkbox")).to_have_count(0)  # decided: nothing left to tick


# --- The journey ---------------------------------------------------------------------------------


def test_one_nomination_walks_from_its_branch_to_the_city(
    browser, live_server, artifacts, tmp_path
):
    campaign = _arrange()
    pk = campaign.pk
    portal = Portal(browser, live_server.url, artifacts)
    photo = tmp_path / "photo.png"
    photo.write_bytes(png_upload().read())

    # --- The city's admin sets the stages: 党委 → 区委 → 市委, one place each
    city = portal.as_("cityadmin")
    _set_stages(city, portal, pk)

    # --- The branch secretary nominates two members and submits them
    secretary = portal.as_("secretary")
    for name in POINTS:
        _nominate(secretary, portal, name, photo)

    # --- The integrity officer passes both; the 党委's admin screens them eligible
    integrity = portal.as_("integrity")
    integrity.goto(portal.url("/nominations/integrity/"))
    for name in POINTS:
        row = integrity.get_by_role("row", name=re.compile(name))
        row.locator("input[name=verdict][value=pass]").check()
        _post(integrity, row.locator("button[type=submit]"))
    dw = portal.as_("dwadmin")
    dw.goto(portal.url("/nominations/screening/"))
    for name in POINTS:
        dw.get_by_role("checkbox", name=name).check()
    _post(dw, _in_form(dw, "/screening/approve/"))

    # --- The city's admin opens the review
    for phase in ("screening", "reviewing"):
        _move_phase(city, portal, pk, phase)

    # --- Stage 1: the 党委 forms its committee, its reviewer scores, it confirms 王建国
    dw.goto(portal.url("/campaigns/"))  # the 党委's admin finds the city's campaign
    expect(dw.get_by_role("row", name=re.compile(TITLE))).to_be_visible()
    pool_url = _open_pool(dw, portal, 1, "东区机关党委", pk)
    _seat_and_assign(dw, "dwrev")
    dwrev = portal.as_("dwrev")
    for name in POINTS:
        _score(dwrev, portal, name)
    dw.goto(pool_url)
    _confirm(dw, "王建国")
    portal.shot(dw, "stages-committee-pool")
    assert portal.as_("siblingadmin").goto(pool_url).status == 404

    # --- Stage 2: the 区委 sees him come up with his first-stage rank; its committee scores
    qw = portal.as_("qwadmin")
    _open_pool(qw, portal, 2, "东区区委", pk)
    pool = qw.locator("table.stage-pool")
    expect(pool).to_contain_text("东区机关党委")  # his first stage, in his history
    expect(pool).not_to_contain_text("李秀英")
    _seat_and_assign(qw, "qwrev")
    qwrev = portal.as_("qwrev")
    qwrev.goto(portal.url("/review/"))
    qwrev.get_by_role("row", name=re.compile("王建国")).get_by_role("link").click()
    qwrev.locator("#scorecard").wait_for()
    # Before their own card is in, the reviewer sees nothing of the first stage's result
    expect(qwrev.locator(".stage-history")).to_have_count(0)
    assert "东区机关党委" not in qwrev.locator("main").inner_text()
    _score(qwrev, portal, "王建国")
    qwrev.get_by_role("row", name=re.compile("王建国")).get_by_role("link").click()
    expect(qwrev.locator(".stage-history")).to_contain_text("东区机关党委")
    qw.reload()
    _confirm(qw, "王建国")

    # --- Stage 3: the city's committee scores; the city's admin confirms the final list
    _open_pool(city, portal, 3, "江城市委", pk)
    _seat_and_assign(city, "cityrev")
    _score(portal.as_("cityrev"), portal, "王建国")
    city.reload()
    _confirm(city, "王建国")
    portal.shot(city, "stages-city-pool")

    # --- The 公示 opens; the public notice lists him, not the one left at the first stage
    city.goto(portal.url(f"/campaigns/{pk}/notice/"))
    city.fill("#id_starts_on", timezone.localdate().isoformat())
    city.fill("#id_contact", "市委组织部干部科 027-00000000")
    _post(city, _in_form(city, "/notice/open/"))
    public = portal.public()
    public.goto(portal.url(f"/notice/{pk}/"))
    text = public.locator("main").inner_text()
    assert "王建国" in text
    assert "李秀英" not in text
