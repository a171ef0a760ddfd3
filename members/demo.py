"""Demo data of the members domain: a city's organisation tree, its members and demo accounts.

Deterministic (fixed seeds) and idempotent: running it again finds everything in place and adds
nothing. Other apps add their own seeders after this one (``settings.DEMO_SEEDERS``).
"""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.db import transaction
from faker import Faker

from .choices import (
    AssessmentGrade,
    DisciplineKind,
    Education,
    Ethnicity,
    Gender,
    MemberStatus,
    OrgKind,
    Role,
)
from .idcard import make_id_number
from .models import AssessmentRecord, DisciplineRecord, Member, Organization, User
from .services import assign_role, save_organization

ROOT_CODE = "JC"
COMMITTEES = [
    ("JC01", "市直机关工委"),
    ("JC02", "市教育系统党委"),
    ("JC03", "市卫生健康系统党委"),
    ("JC04", "市国资委党委"),
    ("JC05", "江城经济开发区党工委"),
]
GENERAL_BRANCHES_PER_COMMITTEE = 2
BRANCHES_PER_GENERAL_BRANCH = 4
MEMBERS_PER_BRANCH = 45
ASSESSMENT_YEARS = 3

#: Demo accounts: username → (full name, role, organisation code or "branches").
DEMO_ACCOUNTS = {
    "admin": ("王建国", Role.ADMIN, ROOT_CODE),
    "secretary": ("李红梅", Role.SECRETARY, "branches"),
    "reviewer": ("张志强", Role.REVIEWER, ROOT_CODE),
    "integrity": ("赵清廉", Role.INTEGRITY, ROOT_CODE),
    "auditor": ("孙审计", Role.AUDITOR, ROOT_CODE),
}
#: The branches the demo secretary is secretary of.
DEMO_SECRETARY_BRANCHES = ("JC0101-01", "JC0101-02")


def _org(code: str, name: str, kind: str, parent: Organization | None) -> Organization:
    org = Organization.objects.filter(code=code).first()
    if org is None:
        org = save_organization(Organization(code=code, name=name, kind=kind, parent=parent))
    return org


def seed_tree() -> list[Organization]:
    """The organisation tree; returns the branches (党支部)."""
    root = _org(ROOT_CODE, "中共江城市委", OrgKind.CITY, None)
    branches = []
    for code, name in COMMITTEES:
        committee = _org(code, name, OrgKind.COMMITTEE, root)
        branches.append(_org(f"{code}-00", f"{name}机关党支部", OrgKind.BRANCH, committee))
        for g in range(1, GENERAL_BRANCHES_PER_COMMITTEE + 1):
            general = _org(
                f"{code}{g:02d}", f"{name}第{g}党总支", OrgKind.GENERAL_BRANCH, committee
            )
            for b in range(1, BRANCHES_PER_GENERAL_BRANCH + 1):
                branches.append(
                    _org(
                        f"{code}{g:02d}-{b:02d}",
                        f"{name}第{g}党总支第{b}党支部",
                        OrgKind.BRANCH,
                        general,
                    )
                )
    return branches


def _member_rows(branches: list[Organization]) -> list[Member]:
    fake = Faker("zh_CN")
    fake.seed_instance(2026)
    rng = random.Random(2026)
    today = datetime.date(2026, 1, 1)
    educations = [e.value for e in Education]
    education_weights = [2, 10, 40, 25, 10, 8, 5]
    minorities = [e.value for e in Ethnicity if e != Ethnicity.HAN]
    rows = []
    number = 0
    for branch in branches:
        for _i in range(MEMBERS_PER_BRANCH):
            number += 1
            gender = rng.choice([Gender.MALE, Gender.FEMALE])
            name = fake.name_male() if gender == Gender.MALE else fake.name_female()
            birth = today - datetime.timedelta(days=rng.randint(23 * 365, 60 * 365))
            joined = birth + datetime.timedelta(days=rng.randint(19 * 365, 35 * 365))
            joined = min(joined, today - datetime.timedelta(days=rng.randint(30, 400)))
            probationary = (today - joined).days < 365
            rows.append(
                Member(
                    member_no=f"JC{number:07d}",
                    name=name,
                    gender=gender,
                    ethnicity=Ethnicity.HAN if rng.random() < 0.9 else rng.choice(minorities),
                    birth_date=birth,
                    education=rng.choices(educations, education_weights)[0],
                    joined_on=joined,
                    full_member_on=None if probationary else joined + datetime.timedelta(days=365),
                    status=MemberStatus.PROBATIONARY if probationary else MemberStatus.FULL,
                    organization=branch,
                    post=fake.job()[:100],
                    work_unit=fake.company()[:100],
                    phone=f"1{rng.choice('3456789')}{rng.randint(0, 999_999_999):09d}",
                    id_number=make_id_number("420100", birth, rng.randint(0, 999), gender),
                )
            )
    return rows


def seed_members(branches: list[Organization]) -> None:
    rows = _member_rows(branches)
    existing = set(Member.objects.values_list("member_no", flat=True))
    new = [row for row in rows if row.member_no not in existing]
    if not new:
        return
    Member.objects.bulk_create(new, batch_size=1000)
    created = Member.objects.filter(member_no__in=[row.member_no for row in new]).order_by("pk")
    rng = random.Random(7)
    grades = [g.value for g in AssessmentGrade]
    assessments, disciplines = [], []
    for member in created.only("pk", "joined_on"):
        for year in range(2026 - ASSESSMENT_YEARS, 2026):
            grade = rng.choices(grades, [25, 70, 4, 1])[0]
            assessments.append(AssessmentRecord(member=member, year=year, grade=grade))
        if rng.random() < 0.01:
            decided = datetime.date(rng.randint(2019, 2025), rng.randint(1, 12), 1)
            disciplines.append(
                DisciplineRecord(
                    member=member,
                    kind=rng.choice([DisciplineKind.WARNING, DisciplineKind.SERIOUS_WARNING]),
                    decided_on=decided,
                    until=decided + datetime.timedelta(days=365),
                )
            )
    AssessmentRecord.objects.bulk_create(assessments, batch_size=2000, ignore_conflicts=True)
    DisciplineRecord.objects.bulk_create(disciplines, batch_size=1000)


def seed_accounts() -> None:
    for username, (full_name, role, where) in DEMO_ACCOUNTS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": full_name, "email": f"{username}@example.org"},
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            # The demo admin may also open Django's admin site.
            user.is_staff = user.is_superuser = username == "admin"
            user.save()
        codes = DEMO_SECRETARY_BRANCHES if where == "branches" else (where,)
        for org in Organization.objects.filter(code__in=codes):
            assign_role(user, role, org)


@transaction.atomic
def seed() -> None:
    branches = seed_tree()
    seed_members(branches)
    seed_accounts()
