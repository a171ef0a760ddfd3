"""Bulk generators for the benchmark, by named scale (SCALE=province: bench.province). Everything
through bulk_create in batches: a city's data loads in a minute, not hours. The campaigns are
made by bench.campaigns."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from bench import campaigns
from bench.pgcopy import bulk
from members.choices import Gender, OrgKind, Role
from members.models import (
    Member,
    Organization,
    RoleAssignment,
    User,
)
from members.services import save_organization
from selection.models import (
    Campaign,
    Nomination,
)


@dataclass(frozen=True)
class Scale:
    name: str
    members: int
    districts: int
    committees_per_district: int
    branches_per_committee: int
    nominations: int
    reviewers: int
    cards_per_nomination: int
    codes_per_nomination: int
    responses_per_nomination: int
    profiles: int

    @property
    def branches(self) -> int:
        return self.districts * self.committees_per_district * self.branches_per_committee


SCALES = {
    "small": Scale("small", 2_000, 2, 2, 3, 200, 20, 15, 40, 30, 20),
    # DESIGN's city: 200,000 members in 500 branches, 5,000 nominations, 60 reviewers (1,250
    # cards each), 300,000 scores, 30 survey answers per nomination, 1,000 published profiles.
    "city": Scale("city", 200_000, 10, 5, 10, 5_000, 60, 15, 40, 30, 1_000),
    # Ten such cities (bench.province): 2,000,000 members, 50,000 nominations in ten campaigns of
    # 5,000, 3,000,000 scores.
    "province": Scale("province", 2_000_000, 10, 5, 10, 50_000, 60, 15, 40, 30, 0),
}
ETHNICITIES = ["01"] * 19 + ["03"]  # about 5 % minorities
EDUCATIONS = ["bachelor", "bachelor", "master", "college", "secondary", "high_school", "doctorate"]


@dataclass
class World:
    """What the benchmark needs to find again: the campaign in review and the people."""

    campaign: Campaign
    root: Organization
    district: Organization
    admin: User
    secretary: User
    reviewer: User
    past: Campaign
    screening: Campaign
    staged: Campaign  # run level by level (bench.campaigns.staged_campaign)
    committee: Organization  # the 党委 whose first-stage pool holds its nominations


def tree(scale: Scale, prefix: str, parent: Organization | None = None):
    """市委 → 区委 → 党委 → 党支部 (the city's realistic four levels), below ``parent`` (a
    province) when given. Returns the city and its branches."""
    root = save_organization(
        Organization(code=prefix, name=f"{prefix}市委", kind=OrgKind.CITY, parent=parent)
    )
    branches = []
    for d in range(scale.districts):
        district = save_organization(
            Organization(
                code=f"{prefix}-D{d:02d}", name=f"第{d}区委", kind=OrgKind.DISTRICT, parent=root
            )
        )
        for c in range(scale.committees_per_district):
            committee = save_organization(
                Organization(
                    code=f"{district.code}-C{c:02d}",
                    name=f"第{d}区第{c}党委",
                    kind=OrgKind.COMMITTEE,
                    parent=district,
                )
            )
            for b in range(scale.branches_per_committee):
                branches.append(
                    save_organization(
                        Organization(
                            code=f"{committee.code}-B{b:02d}",
                            name=f"第{d}区第{c}党委第{b}支部",
                            kind=OrgKind.BRANCH,
                            parent=committee,
                        )
                    )
                )
    return root, branches


#: Members made and inserted per call of ``insert``: a province's two million never sit in
#: memory at once.
CHUNK = 100_000


def members(count: int, prefix: str, branches: list[Organization], rng, insert=bulk) -> None:
    """``count`` members spread over ``branches`` (member numbers ``prefix`` + eight digits),
    written by ``insert`` (bench.pgcopy)."""
    for first in range(0, count, CHUNK):
        insert(
            Member,
            (
                Member(
                    member_no=f"{prefix}{i:08d}",
                    name=f"党员{i}",
                    gender=Gender.MALE if rng.random() < 0.55 else Gender.FEMALE,
                    ethnicity=rng.choice(ETHNICITIES),
                    birth_date=(
                        birth := datetime.date(1950, 1, 1)
                        + datetime.timedelta(days=rng.randint(0, 18000))
                    ),
                    education=rng.choice(EDUCATIONS),
                    joined_on=birth + datetime.timedelta(days=365 * 19 + rng.randint(0, 7000)),
                    organization=branches[i % len(branches)],
                )
                for i in range(first, min(first + CHUNK, count))
            ),
        )


def person(username: str, role: str, organization: Organization) -> User:
    user = User.objects.create(username=username, full_name=username)
    RoleAssignment.objects.create(user=user, role=role, organization=organization)
    return user


def review_campaign(scale: Scale, *, seed: int = 2026, prefix: str = "BENCH") -> World:
    """A city: the organisation tree and its members, a campaign in review with nominations
    carrying ``cards_per_nomination`` submitted cards each and a survey of
    ``responses_per_nomination`` answers out of ``codes_per_nomination`` codes, and ten past
    years of published profiles."""
    rng = random.Random(seed)
    root, branches = tree(scale, prefix)
    members(scale.members, prefix, branches, rng)
    step = max(scale.members // (scale.nominations + scale.profiles), 1)
    pool = list(
        Member.objects.filter(member_no__startswith=prefix)
        .order_by("member_no")
        .values_list("pk", "organization_id")[::step]
    )
    nominees, past_nominees = pool[: scale.nominations], pool[scale.nominations :]
    creator = User.objects.create(username=f"{prefix.lower()}-secretary")
    campaign, reviewers = campaigns.review(
        scale, prefix, root, nominees, creator, rng, title=f"{prefix}基准测试活动"
    )
    past = campaigns.past_campaigns(scale, prefix, root, creator, past_nominees)
    # every nomination past screening had the integrity officer's opinion
    campaigns.opinions(
        Nomination.objects.filter(campaign__owner__path__startswith=root.path), creator
    )
    district = Organization.objects.filter(parent=root).order_by("path").first()
    screening = campaigns.screening_campaign(scale, prefix, district, creator)
    committee = Organization.objects.filter(parent=district).order_by("path").first()
    staged = campaigns.staged_campaign(scale, prefix, root, committee, creator, reviewers, rng)
    return World(
        campaign=campaign,
        root=root,
        district=district,
        admin=person(f"{prefix.lower()}-admin", Role.ADMIN, root),
        secretary=person(f"{prefix.lower()}-branch-secretary", Role.SECRETARY, branches[0]),
        reviewer=reviewers[0],
        past=past,
        screening=screening,
        staged=staged,
        committee=committee,
    )


def find_world(prefix: str = "BENCH") -> World:
    """The world ``review_campaign`` built, found again in a kept database (bench.profile)."""
    campaign = Campaign.objects.get(title=f"{prefix}基准测试活动")
    lower = prefix.lower()
    return World(
        campaign=campaign,
        root=campaign.owner,
        district=Organization.objects.filter(parent=campaign.owner).order_by("path").first(),
        admin=User.objects.get(username=f"{lower}-admin"),
        secretary=User.objects.get(username=f"{lower}-branch-secretary"),
        reviewer=User.objects.get(username=f"{lower}-rev-0"),
        past=Campaign.objects.filter(title__endswith=f"{prefix}四好党员选树")
        .order_by("-year")
        .first(),
        screening=Campaign.objects.get(title=f"{prefix}资格审查基准活动"),
        staged=(staged := Campaign.objects.get(title=f"{prefix}逐级推荐基准活动")),
        committee=staged.stages.get(position=1).entries.first().node,
    )
