import pytest

from evaluations import services
from evaluations.services import confirm_stage
from members.choices import OrgKind, Role
from selection.choices import IntegrityVerdict, State
from selection.models import IntegrityOpinion, Stage
from tests.factories import (
    AssessmentFactory,
    CampaignFactory,
    NominationFactory,
    OrganizationFactory,
    UserFactory,
    card,
    in_review,
    scores,
    staged_campaign,
    survey_answers,
    user_with_role,
)


@pytest.fixture
def review_campaign(city):
    """A city campaign in its reviewing phase."""
    return CampaignFactory(owner=city, phase="reviewing", quota_value=10, title="评审中的活动")


@pytest.fixture
def one_place(review_campaign):
    """The campaign has one place; one card and no survey are enough to rank."""
    review_campaign.exemplar_count = 1
    review_campaign.min_reviewers = 1
    review_campaign.min_responses = 0
    review_campaign.save(update_fields=["exemplar_count", "min_reviewers", "min_responses"])
    return review_campaign


@pytest.fixture
def small_result_pages(monkeypatch):
    """The results page shows two rows a page."""
    from evaluations.queries import pages

    monkeypatch.setattr(pages, "RESULTS_PAGE", 2)


@pytest.fixture
def panel(db):
    """Seven reviewers (signed-up users; their role is set where a test needs it)."""
    return [UserFactory(username=f"panel{i}") for i in range(7)]


@pytest.fixture
def make_nomination(review_campaign, branch_a1):
    def make(**kwargs):
        kwargs.setdefault("member__organization", branch_a1)
        return NominationFactory(campaign=review_campaign, state=State.IN_REVIEW, **kwargs)

    return make


@pytest.fixture
def ranked(review_campaign, make_nomination, panel, admin, branch_a1, branch_a2):
    """Make ``n`` shortlistable nominations (five cards, a survey with its quorum), ranked in
    the order made, of 东区一支部 and 东区二支部 in turn; the campaign has two places."""
    review_campaign.exemplar_count = 2
    review_campaign.save(update_fields=["exemplar_count"])

    def make(n):
        made = []
        for i in range(n):
            nomination = make_nomination(
                member__name=f"人选{i + 1:02d}", member__organization=(branch_a1, branch_a2)[i % 2]
            )
            for reviewer in panel[:5]:
                card(nomination, reviewer, scores(24 - i, 24 - i, 24 - i, 24 - i))
            survey_answers(nomination, issued=12, satisfied=11, responses=11, by=admin)
            made.append(nomination)
        return made

    return make


@pytest.fixture
def staged(city, city_admin):
    """A city campaign of three stages (逐级推荐): 党委 2 places, 区委 1, 市委 picks the two
    exemplars."""
    return staged_campaign(
        city,
        [(OrgKind.COMMITTEE, 2), (OrgKind.DISTRICT, 1), (OrgKind.CITY, 2)],
        by=city_admin,
        exemplar_count=2,
    )


@pytest.fixture
def zongzhi_staged(city, city_admin):
    """A city campaign of three stages from the 党总支 up: 党总支 3 places, 党(工)委 1, 市委 1."""
    levels = [(OrgKind.GENERAL_BRANCH, 3), (OrgKind.COMMITTEE, 1), (OrgKind.CITY, 1)]
    return staged_campaign(city, levels, by=city_admin, exemplar_count=1)


@pytest.fixture
def zongzhi_tree(committee_a):
    """东区机关党委's two 党总支, a branch under each, and the admins of the three."""
    first = OrganizationFactory(
        code="DQ01-Z1", name="第一党总支", kind=OrgKind.GENERAL_BRANCH, parent=committee_a
    )
    second = OrganizationFactory(
        code="DQ01-Z2", name="第二党总支", kind=OrgKind.GENERAL_BRANCH, parent=committee_a
    )
    return {
        "first": first,
        "second": second,
        "branch1": OrganizationFactory(code="DQ01-Z1-01", name="一支部", parent=first),
        "branch2": OrganizationFactory(code="DQ01-Z2-01", name="二支部", parent=second),
        "zongzhi": user_with_role(Role.ADMIN, first, username="zongzhi_t"),
        "zongzhi2": user_with_role(Role.ADMIN, second, username="zongzhi2_t"),
        "dangwei": user_with_role(Role.ADMIN, committee_a, username="dangwei_t"),
    }


@pytest.fixture
def admins(committee_a, committee_a2, committee_b, district_a, district_b, city):
    return {
        org.code: user_with_role(Role.ADMIN, org, username=f"admin_{org.code}")
        for org in (committee_a, committee_a2, committee_b, district_a, district_b, city)
    }


@pytest.fixture
def noms(staged, city_admin, branch_a1, branch_a2, branch_a3, branch_b1):
    """Six nominations in review, in the first stage's pools; stage-1 cards rank them in the
    order of their names within each 党委."""
    return {
        name: in_review(
            staged, total, by=city_admin, member__organization=branch, member__name=name
        )
        for name, branch, total in [
            ("n1", branch_a1, 90),
            ("n2", branch_a1, 80),
            ("n3", branch_a2, 70),
            ("n4", branch_a3, 60),
            ("n5", branch_b1, 85),
            ("n6", branch_b1, 95),
        ]
    }


@pytest.fixture
def reviewer_card(review_campaign, reviewer, city_admin, branch_a2):
    services.add_reviewer(review_campaign, reviewer, cap=None, by=city_admin)
    services.ensure_criteria(review_campaign)
    nomination = NominationFactory(
        campaign=review_campaign, member__organization=branch_a2, state="eligible"
    )
    return services.assign(nomination, reviewer, by=city_admin)


@pytest.fixture
def three_cards(review_campaign, reviewer, city_admin, branch_a2):
    """Three cards assigned to the reviewer, oldest first (the queue opens the newest
    first)."""
    services.add_reviewer(review_campaign, reviewer, cap=None, by=city_admin)
    services.ensure_criteria(review_campaign)
    return assigned_cards(review_campaign, reviewer, city_admin, branch_a2, 3)


def assigned_cards(campaign, reviewer, by, branch, n: int) -> list:
    """``n`` cards of new eligible nominations of ``branch`` assigned to ``reviewer``, oldest
    first."""
    return [
        services.assign(
            NominationFactory(campaign=campaign, member__organization=branch, state="eligible"),
            reviewer,
            by=by,
        )
        for _ in range(n)
    ]


@pytest.fixture
def committee_admin(committee_a):
    return user_with_role(Role.ADMIN, committee_a, username="admin_dq01")


@pytest.fixture
def nominees(staged, branch_a1, city_admin):
    """Make ``n`` nominations 人选01, 人选02, … in 东区机关党委's first-stage pool (2 places),
    ranked in the order made."""

    def make(n):
        return [
            in_review(
                staged,
                99 - i,
                by=city_admin,
                member__organization=branch_a1,
                member__name=f"人选{i + 1:02d}",
            )
            for i in range(n)
        ]

    return make


@pytest.fixture
def second(staged, noms, committee_a, committee_a2, committee_b, admins, integrity_officer):
    """Every entrant passed the integrity check and holds a good assessment; the 党委s sent n1,
    n2, n4 and n6 up; 区委 reviewers have scored them at stage 2 (n1 first)."""
    for nomination in noms.values():
        IntegrityOpinion.objects.create(
            nomination=nomination, verdict=IntegrityVerdict.PASS, by=integrity_officer
        )
        AssessmentFactory(member=nomination.member, year=staged.year - 1, grade="excellent")
    first = Stage.objects.get(campaign=staged, position=1)
    confirm_stage(first, committee_a, [noms["n1"].pk, noms["n2"].pk], by=admins["DQ01"])
    confirm_stage(first, committee_a2, [noms["n4"].pk], by=admins["DQ02"])
    confirm_stage(first, committee_b, [noms["n6"].pk], by=admins["XQ01"])
    at_two = Stage.objects.get(campaign=staged, position=2)
    for name, total in [("n1", 90), ("n2", 80), ("n4", 70), ("n6", 60)]:
        card(noms[name], UserFactory(), scores(*[total / 4] * 4), stage=at_two)
    return at_two
