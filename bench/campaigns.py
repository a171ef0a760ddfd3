"""The campaigns of the benchmark's world (bench.generate): one in review with its submitted
cards and surveys, ten past years with their published profiles, and a district's campaign in
screening. Everything through bulk_create in batches."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal

from django.utils import timezone

from evaluations.models import Score, Scorecard, Survey, SurveyCode, SurveyResponse
from evaluations.services import ensure_criteria
from members.choices import OrgKind, Role
from members.models import (
    AssessmentRecord,
    DisciplineRecord,
    Member,
    Organization,
    RoleAssignment,
    User,
)
from selection.models import (
    Campaign,
    ExemplarProfile,
    IntegrityOpinion,
    Nomination,
    PublicNotice,
    Stage,
    StageEntry,
)

from .pgcopy import BATCH, bulk

DEEDS = "长期扎根基层一线，带头完成重点任务，多次获得表彰，在群众中威信较高。" * 12


def review(scale, prefix: str, owner, nominees, creator, rng, *, title: str, insert=bulk):
    """A campaign of ``owner`` in review: a nomination for each of ``nominees`` ((member, branch)
    pairs) carrying ``scale.cards_per_nomination`` submitted cards from ``scale.reviewers``
    reviewers of its own, and a survey of ``scale.responses_per_nomination`` answers out of
    ``scale.codes_per_nomination`` codes, its rows written by ``insert`` (bench.pgcopy). Returns
    the campaign and its reviewers."""
    campaign = Campaign.objects.create(
        title=title,
        year=2026,
        owner=owner,
        phase="reviewing",
        reference_date=datetime.date(2026, 11, 1),
        exemplar_count=50,
    )
    start = timezone.now() - datetime.timedelta(days=30)
    insert(
        Nomination,
        (
            Nomination(
                campaign=campaign,
                member_id=pk,
                branch_id=branch,
                state="in_review",
                created_by=creator,
                submitted_at=start + datetime.timedelta(seconds=i),
                deeds_summary="理想信念坚定，岗位业绩突出，群众公认。",
                # About a page of text, as real nominations have.
                deeds=DEEDS,
                evidence_political="按时参加组织生活，认真学习党的创新理论。",
                evidence_performance="牵头完成年度重点项目，业绩考核优秀。",
                evidence_public="群众满意度高，多次受到服务对象书面表扬。",
                evidence_integrity="严守廉洁纪律，如实报告个人有关事项。",
                branch_opinion="经支部大会讨论，同意推荐。",
            )
            for i, (pk, branch) in enumerate(nominees)
        ),
    )
    nominations = list(
        Nomination.objects.filter(campaign=campaign).order_by("pk").values_list("pk", flat=True)
    )
    criteria = ensure_criteria(campaign)
    reviewers = User.objects.bulk_create(
        User(username=f"{prefix.lower()}-rev-{i}") for i in range(scale.reviewers)
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=r, role=Role.REVIEWER, organization=owner) for r in reviewers
    )
    now = timezone.now()
    _cards(nominations, reviewers, criteria, scale.cards_per_nomination, rng, insert=insert)
    satisfied_each = {pk: 0 for pk in nominations}
    answers = []
    ratings = ["good", "good", "good", "fairly_good", "fairly_good", "fair", "poor"]
    for pk in nominations:
        for _ in range(scale.responses_per_nomination):
            overall = rng.choice(ratings)
            satisfied_each[pk] += overall in ("good", "fairly_good")
            answers.append((pk, overall))
    insert(
        Survey,
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
    )
    surveys = list(
        Survey.objects.filter(nomination__campaign=campaign).values_list("pk", flat=True)
    )
    insert(
        SurveyCode,
        (
            SurveyCode(
                survey_id=s,
                code=secrets.token_urlsafe(16),
                used_at=now if i < scale.responses_per_nomination else None,
            )
            for s in surveys
            for i in range(scale.codes_per_nomination)
        ),
    )
    survey_of = dict(
        Survey.objects.filter(nomination__campaign=campaign).values_list("nomination_id", "pk")
    )
    insert(
        SurveyResponse,
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
    )
    return campaign, reviewers


def past_campaigns(scale, prefix: str, root, creator, nominees: list[int]) -> Campaign:
    """Ten past years, each with its published exemplars and their profiles (the gallery), and
    its ended public notice."""
    years = 10
    per_year = max(scale.profiles // years, 1)
    latest = None
    for y in range(years):
        year = 2025 - y
        campaign = Campaign.objects.create(
            title=f"{year}年度{prefix}四好党员选树",
            year=year,
            owner=root,
            phase="concluded",
            reference_date=datetime.date(year, 11, 1),
        )
        chosen = nominees[y * per_year : (y + 1) * per_year]
        made = Nomination.objects.bulk_create(
            Nomination(
                campaign=campaign,
                member_id=pk,
                branch_id=branch,
                state="published",
                created_by=creator,
                deeds_summary="理想信念坚定，岗位业绩突出，群众公认。",
            )
            for pk, branch in chosen
        )
        ExemplarProfile.objects.bulk_create(
            ExemplarProfile(
                nomination=n,
                slug=f"{prefix.lower()}-{year}-{n.pk}",
                title=f"第{n.pk}号先进党员",
                # As long as a nomination's summary tends to be (up to 300 characters): the
                # gallery's cards cut it to 80.
                summary="扎根基层二十年，带头完成重点任务，在急难险重任务中发挥先锋模范作用。" * 5,
                story="<p>"
                + "长期扎根基层一线，带头完成重点任务，在群众中威信较高。" * 20
                + "</p>",
                organization_id=n.branch_id,
                year=year,
                published_at=timezone.now(),
            )
            for n in made
        )
        PublicNotice.objects.create(
            campaign=campaign,
            starts_on=datetime.date(year, 11, 10),
            ends_on=datetime.date(year, 11, 16),
            working_days=5,
            contact="组织部",
            opened_by=creator,
        )
        latest = latest or campaign
    return latest


def opinions(nominations, by, *, keep=lambda i: True, vetoes: bool = False) -> None:
    """The integrity officer's opinion on each of ``nominations`` (in id order) for which
    ``keep(i)`` holds; with ``vetoes``, one in 150 of them a veto."""
    IntegrityOpinion.objects.bulk_create(
        (
            IntegrityOpinion(
                nomination_id=pk,
                verdict="veto" if vetoes and i % 150 == 1 else "pass",
                reason="基准测试：一票否决" if vetoes and i % 150 == 1 else "",
                by=by,
            )
            for i, pk in enumerate(nominations.order_by("pk").values_list("pk", flat=True))
            if keep(i)
        ),
        batch_size=BATCH,
    )


def screening_campaign(scale, prefix: str, district: Organization, creator) -> Campaign:
    """A district's own campaign in screening: a tenth as many submitted nominations as the
    city's, from its members, each with three years of assessments (one in a hundred with a
    discipline record), two in three with the integrity officer's opinion (one in a hundred
    of those a veto), so that the screening queue has a page of real eligibility facts."""
    campaign = Campaign.objects.create(
        title=f"{prefix}资格审查基准活动",
        year=2026,
        owner=district,
        phase="screening",
        reference_date=datetime.date(2026, 11, 1),
        exemplar_count=10,
    )
    members = list(
        Member.objects.filter(organization__path__startswith=district.path)
        .order_by("member_no")
        .values_list("pk", "organization_id")[: scale.nominations // 10]
    )
    submitted_nominations(campaign, members, "submitted", creator)
    queued = Nomination.objects.filter(campaign=campaign)
    opinions(queued, creator, keep=lambda i: i % 3, vetoes=True)
    AssessmentRecord.objects.bulk_create(
        (
            AssessmentRecord(member_id=pk, year=year, grade="excellent" if i % 3 else "competent")
            for i, (pk, _branch) in enumerate(members)
            for year in (2023, 2024, 2025)
        ),
        batch_size=BATCH,
    )
    DisciplineRecord.objects.bulk_create(
        DisciplineRecord(member_id=pk, kind="warning", decided_on=datetime.date(2025, 3, 1))
        for pk, _branch in members[::100]
    )
    return campaign


def _cards(nominations: list[int], reviewers, criteria, per: int, rng, *, insert=bulk) -> None:
    """``per`` submitted first-stage cards for each nomination, its scores with them (``insert``:
    ``bulk_create`` in batches, or COPY for the province)."""
    now = timezone.now()
    planned = []
    for j, pk in enumerate(nominations):
        for k in range(per):
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
    insert(Scorecard, (card for card, _ in planned))
    insert(
        Score,
        (
            Score(scorecard=card, criterion=c, points=points[c.code])
            for card, points in planned
            for c in criteria
        ),
    )


def staged_campaign(scale, prefix: str, root, committee, creator, reviewers, rng) -> Campaign:
    """The city's campaign run level by level (党委 → 区委 → 市委), in review: a twentieth as
    many nominations as the city's, all from ``committee``'s branches, so that its pool at the
    first stage holds a few hundred at city scale, each with three submitted cards."""
    campaign = Campaign.objects.create(
        title=f"{prefix}逐级推荐基准活动",
        year=2026,
        owner=root,
        phase="reviewing",
        reference_date=datetime.date(2026, 11, 1),
        exemplar_count=10,
        min_reviewers=1,
        min_responses=0,
    )
    first, *_above = Stage.objects.bulk_create(
        Stage(campaign=campaign, position=i, level=level, quota_value=Decimal(places))
        for i, (level, places) in enumerate(
            [(OrgKind.COMMITTEE, 5), (OrgKind.DISTRICT, 3), (OrgKind.CITY, 10)], 1
        )
    )
    members = list(
        Member.objects.filter(organization__path__startswith=committee.path)
        .order_by("member_no")
        .values_list("pk", "organization_id")[: scale.nominations // 20]
    )
    nominations = submitted_nominations(campaign, members, "in_review", creator)
    StageEntry.objects.bulk_create(
        (StageEntry(stage=first, nomination=n, node=committee) for n in nominations),
        batch_size=BATCH,
    )
    criteria = ensure_criteria(campaign)
    _cards([n.pk for n in nominations], reviewers, criteria, 3, rng)
    return campaign


def submitted_nominations(campaign, members, state: str, creator) -> list[Nomination]:
    """A submitted nomination in ``state`` for each (member id, branch id) of ``members``."""
    return Nomination.objects.bulk_create(
        (
            Nomination(
                campaign=campaign,
                member_id=pk,
                branch_id=branch,
                state=state,
                created_by=creator,
                submitted_at=timezone.now(),
                deeds_summary="理想信念坚定，岗位业绩突出，群众公认。",
                deeds=DEEDS,
                branch_opinion="经支部大会讨论，同意推荐。",
            )
            for pk, branch in members
        ),
        batch_size=BATCH,
    )
