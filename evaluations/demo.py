"""Demo data of the review: one campaign scored with survey results and a confirmed shortlist
(now in its 公示), one whose confirmed shortlist waits for its 公示 (the admin opens it), one
still being scored (the demo reviewer has cards waiting). Built through the services."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from members.choices import Role
from members.demo import ROOT_CODE
from members.models import Organization, User
from members.services import assign_role
from selection import gallery, notice, workflow
from selection import services as selection_services
from selection.choices import IntegrityVerdict, Phase, QuotaKind
from selection.demo import _eligible_members, _nominate, this_minute
from selection.models import Campaign

from . import services
from .models import Scorecard

SCORED_TITLE = "2026年度教育系统“四好”党员选树"
PAST_TITLE = "2025年度国资系统“四好”党员选树"
SCORING_TITLE = "2026年度卫生健康系统“四好”党员选树"
SHORTLISTED_TITLE = "2026年度国资系统“四好”党员选树"
EXTRA_REVIEWERS = ["reviewer2", "reviewer3", "reviewer4", "reviewer5", "reviewer6"]
REVIEWER_NAMES = ["陈立新", "刘晓燕", "黄国平", "周文静", "吴志刚"]


def _user(username: str, full_name: str, role: str, org: Organization) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "email": f"{username}@example.org"}
    )
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
    assign_role(user, role, org)
    return user


def secretary_of(username: str, full_name: str, branches) -> User:
    """A demo 支部书记: secretary of each of ``branches`` (they nominate from their own
    branches, DESIGN.md §2), not of the 党委 above them."""
    branches = list(branches)
    user = _user(username, full_name, Role.SECRETARY, branches[0])
    for branch in branches[1:]:
        assign_role(user, Role.SECRETARY, branch)
    return user


def _reviewed_campaign(
    title: str,
    committee_code: str,
    *,
    admin,
    integrity,
    reviewers,
    year=2026,
    per_branch=2,
    exemplars=3,
) -> Campaign:
    committee = Organization.objects.get(code=committee_code)
    branches = Organization.objects.filter(path__startswith=committee.path, kind="branch").order_by(
        "path"
    )[:4]
    secretary = secretary_of(f"sec_{committee_code.lower()}", "赵支书", branches)
    now = this_minute()
    campaign = Campaign(
        title=title,
        year=year,
        owner=committee,
        quota_kind=QuotaKind.FIXED,
        quota_value=Decimal(per_branch),
        exemplar_count=exemplars,
        reference_date=datetime.date(year, 11, 1),
        opens_at=now - datetime.timedelta(days=40),
        nominating_deadline=now - datetime.timedelta(days=20),
        screening_deadline=now - datetime.timedelta(days=10),
        reviewing_deadline=now + datetime.timedelta(days=10),
    )
    selection_services.save_campaign(campaign, by=admin)
    selection_services.set_phase(campaign, Phase.NOMINATING, by=admin)
    nominations = []
    for branch in branches:
        for member in _eligible_members(campaign, branch, per_branch):
            nominations.append(_nominate(campaign, member, secretary, submit=True))
    into_review(campaign, nominations, admin=admin, integrity=integrity, reviewers=reviewers)
    return campaign


def into_review(
    campaign: Campaign, nominations, *, admin, integrity, reviewers, assign: bool = True
) -> None:
    """Screen the submitted nominations eligible (the integrity officer passing each), open the
    review, form the campaign's committee and (``assign``) give every nomination its cards from
    it."""
    selection_services.set_phase(campaign, Phase.SCREENING, by=admin)
    for nomination in nominations:
        workflow.give_integrity_opinion(nomination, by=integrity, verdict=IntegrityVerdict.PASS)
        workflow.declare_eligible(nomination, by=admin)
    selection_services.set_phase(campaign, Phase.REVIEWING, by=admin)
    for reviewer in reviewers:
        services.add_reviewer(campaign, reviewer, cap=None, by=admin)
    services.ensure_criteria(campaign)
    if assign:
        services.auto_assign(campaign, by=admin)


def _score_cards(campaign: Campaign, *, skip_user=None) -> None:
    rng = random.Random(campaign.pk)
    criteria = list(campaign.criteria.all())
    strength = {}
    for card in Scorecard.objects.filter(nomination__campaign=campaign).select_related(
        "reviewer", "nomination"
    ):
        if card.reviewer == skip_user:
            continue
        base = strength.setdefault(card.nomination_id, rng.uniform(17, 23))
        values = {}
        for criterion in criteria:
            points = Decimal(round(min(max(base + rng.uniform(-2, 2), 10.5), 23.5) * 2)) / 2
            values[criterion.pk] = (str(points), "事迹材料翔实，评价客观。")
        services.save_card(card, by=card.reviewer, scores=values)
        services.submit_card(card, by=card.reviewer)


def _survey(campaign: Campaign, admin, *, warm=False, one_short=False) -> None:
    """15 codes per nomination, 12 answered (the quorum: ⅔ of the codes and at least 10);
    ``one_short``: the last nomination has 9 answers, to show the quorum's flag."""
    rng = random.Random(7)
    nominations = list(campaign.nominations.all())
    for nomination in nominations:
        codes = services.issue_codes(nomination, 15, by=admin)
        answered = 9 if one_short and nomination == nominations[-1] else 12
        for code in codes[:answered]:
            overall = rng.choices(["good", "fairly_good", "fair"], [6, 3, 0 if warm else 1])[0]
            services.respond(
                code.code,
                {
                    "political": "good",
                    "performance": rng.choice(["good", "fairly_good"]),
                    "public": rng.choice(["good", "fairly_good"]),
                    "integrity": "good",
                    "overall": overall,
                },
            )


@transaction.atomic
def seed() -> None:
    if Campaign.objects.filter(title__in=[SCORED_TITLE, SCORING_TITLE, PAST_TITLE]).exists():
        return
    admin = User.objects.get(username="admin")
    integrity = User.objects.get(username="integrity")
    reviewer = User.objects.get(username="reviewer")
    reviewers = _reviewers()

    scored = _reviewed_campaign(
        SCORED_TITLE, "JC02", admin=admin, integrity=integrity, reviewers=reviewers
    )
    _score_cards(scored)
    _survey(scored, admin)
    _confirm_top(scored, admin)
    # …now in its public notice, with an objection waiting for the admin.
    running = notice.open_notice(
        scored,
        starts_on=timezone.localdate(),
        working_days=5,
        contact="市委组织部干部科 电话 027-00000000",
        by=admin,
    )
    notice.file_objection(
        running,
        scored.nominations.filter(state="in_notice").first(),
        name="王群众",
        contact="13900000000",
        text="反映该同志在单位评优中存在材料不实的情况，请组织核实。",
    )

    _published_campaign(admin, integrity, reviewers)

    scoring = _reviewed_campaign(
        SCORING_TITLE, "JC03", admin=admin, integrity=integrity, reviewers=reviewers
    )
    _score_cards(scoring, skip_user=reviewer)  # the demo reviewer's cards are left to do
    # Its survey in: all but one reach the quorum, so its shortlist can be shown being made.
    _survey(scoring, admin, one_short=True)


def _reviewers() -> list[User]:
    """The demo reviewer and the five others of the city's committees."""
    root = Organization.objects.get(code=ROOT_CODE)
    return [User.objects.get(username="reviewer")] + [
        _user(username, name, Role.REVIEWER, root)
        for username, name in zip(EXTRA_REVIEWERS, REVIEWER_NAMES, strict=True)
    ]


def _confirm_top(campaign: Campaign, admin) -> None:
    """The committee confirms as 拟推荐 the shortlistable at the top of the ranking, as many as
    the campaign's exemplars."""
    from .queries import ranking

    top = [row.nomination_id for row in ranking(campaign) if row.shortlistable]
    services.confirm_shortlist(campaign, top[: campaign.exemplar_count], by=admin)


@transaction.atomic
def seed_shortlisted() -> None:
    """This year's campaign of the 国资委党委 (last year's is concluded), in review with its
    shortlist confirmed: the admin opens its 公示 on the campaign's 公示 page. A seeder of its
    own, so that a demo database seeded before it gains it (idempotent by its title)."""
    if Campaign.objects.filter(title=SHORTLISTED_TITLE).exists():
        return
    admin = User.objects.get(username="admin")
    campaign = _reviewed_campaign(
        SHORTLISTED_TITLE,
        "JC04",
        admin=admin,
        integrity=User.objects.get(username="integrity"),
        reviewers=_reviewers(),
    )
    _score_cards(campaign)
    _survey(campaign, admin)
    _confirm_top(campaign, admin)


def _published_campaign(admin, integrity, reviewers) -> None:
    """Last year's campaign, concluded: six exemplars published in the gallery."""
    past = _reviewed_campaign(
        PAST_TITLE,
        "JC04",
        admin=admin,
        integrity=integrity,
        reviewers=reviewers,
        year=2025,
        per_branch=3,
        exemplars=6,
    )
    _score_cards(past)
    _survey(past, admin, warm=True)
    _confirm_top(past, admin)
    notice.open_notice(
        past, starts_on=datetime.date(2025, 12, 1), working_days=5, contact="市委组织部", by=admin
    )
    notice.approve_all(past, by=admin)
    tags = ["教育", "医疗卫生", "乡村振兴", "国企改革", "社区服务", "科技创新"]
    for i, nomination in enumerate(past.nominations.filter(state="approved").order_by("pk")):
        gallery.record_consent(nomination, wording=str(gallery.DEFAULT_CONSENT_WORDING), by=admin)
        profile = gallery.create_profile(nomination, by=admin)
        profile.tags = tags[i % len(tags)]
        profile.save(update_fields=["tags"])
        gallery.publish(profile, by=admin)
    selection_services.set_phase(past, Phase.CONCLUDED, by=admin)
