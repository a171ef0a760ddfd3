"""逐级推荐 in a real browser: one nomination walks from its branch to the city.

Arranged in the database: a city campaign of three stages (党委 → 区委 → 市委) under review, two
nominations of one branch scored at the first stage. Through the UI: the 党委's admin finds the
campaign, opens the stages page and its pool, chooses 王建国 and confirms; the 区委's admin sees
him come up with his first-stage rank and confirms; the city's admin confirms him as the final
choice. The public notice then lists him and not the one left at the first stage; the sibling
党委's admin never finds the pool (404)."""

from __future__ import annotations

import datetime

import pytest

from members.choices import OrgKind, Role
from members.services import assign_role
from selection import notice
from selection.models import Stage
from tests.factories import (
    OrganizationFactory,
    UserFactory,
    card,
    in_review,
    scores,
    staged_campaign,
)

from .journey import PASSWORD, Portal, ok

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
TITLE = "2026年度全市逐级推荐"


def _person(username: str, org):
    user = UserFactory(username=username, full_name=f"{username}用户")
    user.set_password(PASSWORD)
    user.save()
    assign_role(user, Role.ADMIN, org)
    return user


def _card(nomination, total: int, stage=None) -> None:
    card(nomination, UserFactory(), scores(*[total / 4] * 4), stage=stage)


def test_one_nomination_walks_from_its_branch_to_the_city(browser, live_server, artifacts):
    city = OrganizationFactory(code="JC", name="江城市委", kind=OrgKind.CITY)
    district = OrganizationFactory(code="DQ", name="东区区委", kind=OrgKind.DISTRICT, parent=city)
    committee = OrganizationFactory(
        code="DQ01", name="东区机关党委", kind=OrgKind.COMMITTEE, parent=district
    )
    sibling = OrganizationFactory(
        code="DQ02", name="东区教育党委", kind=OrgKind.COMMITTEE, parent=district
    )
    branch = OrganizationFactory(code="DQ01-01", name="东区一支部", parent=committee)
    city_admin = _person("cityadmin", city)
    _person("dwadmin", committee)
    _person("siblingadmin", sibling)
    _person("qwadmin", district)
    campaign = staged_campaign(
        city,
        [(OrgKind.COMMITTEE, 1), (OrgKind.DISTRICT, 1), (OrgKind.CITY, 1)],
        by=city_admin,
        title=TITLE,
        exemplar_count=1,
    )
    made = {
        name: in_review(
            campaign, total, by=city_admin, member__organization=branch, member__name=name
        )
        for name, total in (("王建国", 92), ("李秀英", 81))
    }
    second, final = (Stage.objects.get(campaign=campaign, position=p) for p in (2, 3))
    portal = Portal(browser, live_server.url, artifacts)

    # --- The 党委's admin chooses within its quota
    dw = portal.as_("dwadmin")
    dw.goto(portal.url("/campaigns/"))
    dw.get_by_role("row", name=TITLE).get_by_role("link", name="各级推荐情况").click()
    dw.get_by_role("link", name="东区机关党委").click()
    pool_url = dw.url
    dw.get_by_role("checkbox", name="王建国").check()
    dw.get_by_role("button", name="确定名单").click()
    ok(dw, "本级推荐名单已确定")
    portal.shot(dw, "stages-committee-pool")
    sibling_page = portal.as_("siblingadmin")
    assert sibling_page.goto(pool_url).status == 404

    # --- The 区委's admin sees him come up, scored afresh, and chooses
    _card(made["王建国"], 88, stage=second)
    qw = portal.as_("qwadmin")
    qw.goto(portal.url(f"/campaigns/{campaign.pk}/stages/"))
    qw.locator("#stage-2").get_by_role("link", name="东区区委").click()
    assert "东区机关党委：第1名" in qw.locator("table.stage-pool").inner_text()
    qw.get_by_role("checkbox", name="王建国").check()
    qw.get_by_role("button", name="确定名单").click()
    ok(qw, "本级推荐名单已确定")

    # --- The city's admin makes the final choice
    _card(made["王建国"], 90, stage=final)
    ca = portal.as_("cityadmin")
    ca.goto(portal.url(f"/campaigns/{campaign.pk}/stages/"))
    ca.locator("#stage-3").get_by_role("link", name="江城市委").click()
    ca.get_by_role("checkbox", name="王建国").check()
    ca.get_by_role("button", name="确定名单").click()
    ok(ca, "本级推荐名单已确定")
    portal.shot(ca, "stages-city-pool")

    notice.open_notice(
        campaign,
        starts_on=datetime.date.today(),
        working_days=5,
        contact="市委组织部",
        by=city_admin,
    )
    public = portal.public()
    public.goto(portal.url(f"/notice/{campaign.pk}/"))
    text = public.locator("main").inner_text()
    assert "王建国" in text
    assert "李秀英" not in text
