"""Bulk generators for the benchmark, by named scale. Everything through bulk_create: a city's
data loads in a minute, not hours."""

from __future__ import annotations

import datetime
import random
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from evaluations.models import Score, Scorecard, Survey, SurveyCode, SurveyResponse
from evaluations.services import ensure_criteria
from members.choices import Education, Gender, OrgKind
from members.models import Member, Organization, User
from members.services import save_organization
from selection.models import Campaign, Nomination


@dataclass(frozen=True)
class Scale:
    name: str
    branches: int
    nominations: int
    reviewers: int
    cards_per_nomination: int
    codes_per_nomination: int
    responses_per_nomination: int


SCALES = {
    "small": Scale("small", 10, 200, 20, 15, 40, 30),
    "city": Scale("city", 100, 5000, 60, 15, 40, 30),
}
BATCH = 10_000


def review_campaign(scale: Scale, *, seed: int = 2026) -> Campaign:
    """A campaign in review: nominations with ``cards_per_nomination`` submitted cards each and
    a survey of ``responses_per_nomination`` answers out of ``codes_per_nomination`` codes."""
    rng = random.Random(seed)
    root = save_organization(Organization(code="BENCH", name="基准测试市委", kind=OrgKind.CITY))
    # Ten branches under each 党委 (committee): a committee's batch of forms is ~1/10 of the
    # campaign (500 forms at city scale).
    committees = [
        save_organization(
            Organization(
                code=f"BENCH-C{i:03d}", name=f"第{i}党委", kind=OrgKind.COMMITTEE, parent=root
            )
        )
        for i in range(max(scale.branches // 10, 1))
    ]
    branches = [
        save_organization(
            Organization(
                code=f"BENCH-{i:04d}",
                name=f"第{i}党支部",
                kind=OrgKind.BRANCH,
                parent=committees[i // 10 % len(committees)],
            )
        )
        for i in range(scale.branches)
    ]
    Member.objects.bulk_create(
        (
            Member(
                member_no=f"B{i:08d}",
                name=f"党员{i}",
                gender=Gender.MALE if i % 2 else Gender.FEMALE,
                birth_date=datetime.date(1980, 1, 1) + datetime.timedelta(days=i % 7000),
                education=Education.BACHELOR,
                joined_on=datetime.date(2005, 7, 1),
                full_member_on=datetime.date(2006, 7, 1),
                organization=branches[i % len(branches)],
            )
            for i in range(scale.nominations)
        ),
        batch_size=BATCH,
    )
    members = list(Member.objects.filter(member_no__startswith="B").order_by("pk"))
    creator = User.objects.create(username="bench-secretary")
    campaign = Campaign.objects.create(
        title="基准测试活动",
        year=2026,
        owner=root,
        phase="reviewing",
        reference_date=datetime.date(2026, 11, 1),
        exemplar_count=50,
    )
    start = timezone.now() - datetime.timedelta(days=30)
    Nomination.objects.bulk_create(
        (
            Nomination(
                campaign=campaign,
                member=m,
                branch_id=m.organization_id,
                state="in_review",
                created_by=creator,
                submitted_at=start + datetime.timedelta(seconds=i),
                deeds_summary="理想信念坚定，岗位业绩突出，群众公认。",
                # About a page of text, as real nominations have.
                deeds="长期扎根基层一线，带头完成重点任务，多次获得表彰，在群众中威信较高。" * 12,
                evidence_political="按时参加组织生活，认真学习党的创新理论。",
                evidence_performance="牵头完成年度重点项目，业绩考核优秀。",
                evidence_public="群众满意度高，多次受到服务对象书面表扬。",
                evidence_integrity="严守廉洁纪律，如实报告个人有关事项。",
                branch_opinion="经支部大会讨论，同意推荐。",
            )
            for i, m in enumerate(members)
        ),
        batch_size=BATCH,
    )
    nominations = list(
        Nomination.objects.filter(campaign=campaign).order_by("pk").values_list("pk", flat=True)
    )
    criteria = ensure_criteria(campaign)
    reviewers = User.objects.bulk_create(
        User(username=f"bench-rev-{i}") for i in range(scale.reviewers)
    )
    now = timezone.now()
    planned = []
    for j, pk in enumerate(nominations):
        for k in range(scale.cards_per_nomination):
            card = Scorecard(
                nomination_id=pk,
                reviewer=reviewers[(j * 7 + k) % len(reviewers)],
                state="submitted",
                submitted_at=now,
                veto=(veto := rng.random() < 0.0005),
                veto_reason="基准测试" if veto else "",
            )
            points = {c.code: Decimal(rng.randint(24, 50)) / 2 for c in criteria}
            card.record_points(points)  # what submit_card records on the card
            planned.append((card, points))
    Scorecard.objects.bulk_create((card for card, _ in planned), batch_size=BATCH)
    Score.objects.bulk_create(
        (
            Score(scorecard=card, criterion=c, points=points[c.code])
            for card, points in planned
            for c in criteria
        ),
        batch_size=BATCH,
    )
    satisfied_each = {pk: 0 for pk in nominations}
    answers = []
    ratings = ["good", "good", "good", "fairly_good", "fairly_good", "fair", "poor"]
    for pk in nominations:
        for _ in range(scale.responses_per_nomination):
            overall = rng.choice(ratings)
            satisfied_each[pk] += overall in ("good", "fairly_good")
            answers.append((pk, overall))
    Survey.objects.bulk_create(
        (
            Survey(
                nomination_id=pk,
                created_by=creator,
                issued_count=scale.codes_per_nomination,
                response_count=scale.responses_per_nomination,
                satisfied_count=satisfied_each[pk],
            )
            for pk in nominations
        ),
        batch_size=BATCH,
    )
    surveys = list(
        Survey.objects.filter(nomination__campaign=campaign).values_list("pk", flat=True)
    )
    SurveyCode.objects.bulk_create(
        (
            SurveyCode(
                survey_id=s,
                code=secrets.token_urlsafe(16),
                used_at=now if i < scale.responses_per_nomination else None,
            )
            for s in surveys
            for i in range(scale.codes_per_nomination)
        ),
        batch_size=BATCH,
    )
    survey_of = dict(
        Survey.objects.filter(nomination__campaign=campaign).values_list("nomination_id", "pk")
    )
    SurveyResponse.objects.bulk_create(
        (
            SurveyResponse(
                survey_id=survey_of[pk],
                political="good",
                performance="good",
                public="fairly_good",
                integrity="good",
                overall=overall,
            )
            for pk, overall in answers
        ),
        batch_size=BATCH,
    )
    return campaign
