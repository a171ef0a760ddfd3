"""The people, the live portal and the checks the browser journeys share."""

from __future__ import annotations

import re

from members.choices import AssessmentGrade, OrgKind, Role
from members.models import AssessmentRecord
from tests.factories import MemberFactory, OrganizationFactory, UserFactory

from .conftest import AXE

PASSWORD = "Journey-2026!secure"
CAMPAIGN = "2026年度全市四好党员选树"
PHONE = {"width": 375, "height": 812}
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Full-width punctuation left in English text ("Phase：Public notice").
FULL_WIDTH = re.compile(r"[：，；。（）、]")


class Roster:
    """The initial roster: the city, two branches, two members and the people of the year."""

    def __init__(self):
        self.city = OrganizationFactory(code="JC", name="江城市委", kind=OrgKind.CITY)
        self.branch1 = OrganizationFactory(code="JC01", name="机关第一支部", parent=self.city)
        self.branch2 = OrganizationFactory(code="JC02", name="机关第二支部", parent=self.city)
        self.wang = MemberFactory(name="王建国", organization=self.branch1)
        self.li = MemberFactory(name="李秀英", organization=self.branch2, gender="F")
        for member in (self.wang, self.li):
            for year in (2024, 2025):
                AssessmentRecord.objects.create(
                    member=member, year=year, grade=AssessmentGrade.EXCELLENT
                )
        self.users = {}
        for username, role, org in [
            ("admin", Role.ADMIN, self.city),
            ("sec1", Role.SECRETARY, self.branch1),
            ("sec2", Role.SECRETARY, self.branch2),
            ("integrity", Role.INTEGRITY, self.city),
            *[(f"rev{i}", Role.REVIEWER, self.city) for i in range(1, 6)],
        ]:
            user = UserFactory(username=username, full_name=f"{username}用户")
            user.set_password(PASSWORD)
            user.save()
            from members.services import assign_role

            assign_role(user, role, org)
            self.users[username] = user


class Portal:
    """The live portal, and a browser context per person."""

    def __init__(self, browser, base_url, artifacts):
        self.browser, self.base, self.artifacts = browser, base_url, artifacts
        self.pages = {}

    def as_(self, username: str):
        if username not in self.pages:
            context = self.browser.new_context(locale="zh-CN", accept_downloads=True)
            page = context.new_page()
            page.set_default_timeout(15_000)
            page.on("dialog", lambda dialog: dialog.accept())
            page.goto(self.url("/accounts/login/"))
            page.fill("#id_username", username)
            page.fill("#id_password", PASSWORD)
            page.get_by_role("button", name="登录").click()
            page.wait_for_load_state()
            assert "/accounts/login/" not in page.url, f"{username} could not sign in"
            self.pages[username] = page
        return self.pages[username]

    def public(self, **options):
        context = self.browser.new_context(locale="zh-CN", bypass_csp=True, **options)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def shot(self, page, name: str) -> None:
        page.screenshot(path=str(self.artifacts / f"{name}.png"), full_page=True)


def fill_nomination(page, name: str, photo) -> None:
    """The nomination form filled in completely (the photo a file on disk)."""
    page.fill("#id_deeds_summary", f"{name}同志理想信念坚定，岗位业绩突出。")
    page.fill("#id_deeds", f"{name}同志长期扎根基层，带头完成重点任务，多次获得表彰。")
    page.fill("#id_evidence_political", "按时参加组织生活，认真学习党的创新理论。")
    page.fill("#id_evidence_performance", "牵头完成年度重点项目，考核优秀。")
    page.fill("#id_evidence_public", "群众满意度高，多次受到服务对象表扬。")
    page.fill("#id_evidence_integrity", "严守廉洁纪律，如实报告个人有关事项。")
    page.fill("#id_branch_opinion", "经支部大会讨论，同意推荐。")
    page.fill("#id_branch_meeting_date", "2026-10-20")
    page.set_input_files("#id_photo", str(photo))


def ok(page, text: str) -> None:
    """The page shows a success message containing ``text``."""
    assert text in page.locator(".alert").all_inner_texts().__str__(), page.content()[:3000]


def axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {node['target']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


def no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
