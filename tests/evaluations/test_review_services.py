"""Committee, assignment and cards (DESIGN.md §4, §5); the shortlist is in
test_shortlist_services.py."""

from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.models import AuditEvent
from evaluations import services
from evaluations.errors import EvaluationError
from evaluations.models import Conflict, Score, Scorecard, ScoreRevision
from evaluations.queries import coverage
from members.choices import Role
from members.services import assign_role
from selection.choices import State
from tests.factories import (
    CampaignFactory,
    MemberFactory,
    NominationFactory,
    OrganizationFactory,
    UserFactory,
    scores,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(review_campaign, city, city_admin):
    """Six reviewers of the city; the first is a member of branch A1."""
    users = [user_with_role(Role.REVIEWER, city, username=f"rv{i}") for i in range(6)]
    for user in users:
        services.add_reviewer(review_campaign, user, cap=None, by=city_admin)
    return users


def _scores_for(card_, values):
    criteria = {c.code: c.pk for c in card_.nomination.campaign.criteria.all()}
    return {criteria[code]: (str(v), "评语" if v in (0, 25) else "") for code, v in values.items()}


# --- Assignment ---------------------------------------------------------------------------------


def test_auto_assignment_gives_each_nomination_min_reviewers_balanced(
    review_campaign, committee, city_admin, branch_a1
):
    nominations = [
        NominationFactory(
            campaign=review_campaign, member__organization=branch_a1, state="eligible"
        )
        for _ in range(6)
    ]

    created = services.auto_assign(review_campaign, by=city_admin)

    assert created == 30
    assert {n.scorecards.count() for n in nominations} == {5}
    loads = [Scorecard.objects.filter(reviewer=u).count() for u in committee]
    assert max(loads) - min(loads) <= 1
    assert {
        n.state for n in type(nominations[0]).objects.filter(pk__in=[n.pk for n in nominations])
    } == {State.IN_REVIEW}
    assert list(coverage(review_campaign)) == []
    assert services.auto_assign(review_campaign, by=city_admin) == 0  # idempotent


def test_a_reviewer_never_gets_their_own_or_their_branchs_nomination(
    review_campaign, committee, city_admin, branch_a1, branch_a2
):
    me = MemberFactory(organization=branch_a1)
    committee[0].member = me
    committee[0].save()
    own = NominationFactory(campaign=review_campaign, member=me, state="eligible")
    same_branch = NominationFactory(
        campaign=review_campaign, member__organization=branch_a1, state="eligible"
    )
    other_branch = NominationFactory(
        campaign=review_campaign, member__organization=branch_a2, state="eligible"
    )

    services.auto_assign(review_campaign, by=city_admin)

    assert not own.scorecards.filter(reviewer=committee[0]).exists()
    assert not same_branch.scorecards.filter(reviewer=committee[0]).exists()
    assert other_branch.scorecards.filter(reviewer=committee[0]).exists()
    with pytest.raises(EvaluationError, match="利益冲突"):
        services.assign(own, committee[0], by=city_admin)


def test_a_declared_conflict_is_honoured(review_campaign, committee, city_admin, branch_a1):
    nomination = NominationFactory(
        campaign=review_campaign, member__organization=branch_a1, state="eligible"
    )
    services.auto_assign(review_campaign, by=city_admin)
    mine = nomination.scorecards.get(reviewer=committee[1])

    services.declare_conflict(mine, by=committee[1], reason="被推荐人是我的近亲属。")
    services.auto_assign(review_campaign, by=city_admin)

    assert Conflict.objects.filter(reviewer=committee[1]).count() == 1
    assert not nomination.scorecards.filter(reviewer=committee[1]).exists()
    assert nomination.scorecards.count() == 5  # the sixth reviewer took the place


def test_the_cap_limits_a_reviewers_load_and_coverage_lists_the_gap(
    review_campaign, city, city_admin, branch_a1
):
    users = [user_with_role(Role.REVIEWER, city, username=f"capped{i}") for i in range(5)]
    for user in users:
        services.add_reviewer(review_campaign, user, cap=1, by=city_admin)
    first, second = (
        NominationFactory(
            campaign=review_campaign, member__organization=branch_a1, state="eligible"
        )
        for _ in range(2)
    )

    services.auto_assign(review_campaign, by=city_admin)

    assert first.scorecards.count() + second.scorecards.count() == 5
    assert [n.pk for n in coverage(review_campaign)] == [second.pk]


def test_only_users_with_the_reviewer_role_join_the_committee(
    review_campaign, city_admin, outsider
):
    with pytest.raises(EvaluationError, match="评审委员角色"):
        services.add_reviewer(review_campaign, outsider, cap=None, by=city_admin)


def test_a_district_admin_cannot_run_a_city_review(review_campaign, admin):
    with pytest.raises(EvaluationError) as error:
        services.auto_assign(review_campaign, by=admin)

    assert error.value.status == 403


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    layout=st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=12),
    homes=st.lists(st.integers(min_value=-1, max_value=3), min_size=6, max_size=6),
)
def test_no_reviewer_is_ever_assigned_own_or_own_branch_nomination(city, city_admin, layout, homes):
    """Over generated campaigns: branches, nominations spread over them, reviewers who are
    members of some branch (or of none)."""
    campaign = CampaignFactory(owner=city, phase="reviewing", quota_value=50)
    branches = [OrganizationFactory(parent=city) for _ in range(4)]
    nominations = [
        NominationFactory(campaign=campaign, member__organization=branches[i], state="eligible")
        for i in layout
    ]
    taken = set()
    for index, home in enumerate(homes):
        user = UserFactory()
        assign_role(user, Role.REVIEWER, city)
        if home >= 0:
            # Some reviewers are nominees themselves; the others are members of a branch.
            own = [
                n.member
                for n in nominations
                if n.branch == branches[home] and n.member_id not in taken
            ]
            user.member = (
                own[0] if own and index % 2 else MemberFactory(organization=branches[home])
            )
            taken.add(user.member.pk)
            user.save()
        services.add_reviewer(campaign, user, cap=None, by=city_admin)

    services.auto_assign(campaign, by=city_admin)

    for scorecard in Scorecard.objects.filter(nomination__campaign=campaign).select_related(
        "reviewer__member", "nomination"
    ):
        member = scorecard.reviewer.member
        if member is not None:
            assert member.pk != scorecard.nomination.member_id
            assert member.organization_id != scorecard.nomination.branch_id


# --- Cards --------------------------------------------------------------------------------------


@pytest.fixture
def my_card(review_campaign, committee, city_admin, branch_a2):
    nomination = NominationFactory(
        campaign=review_campaign, member__organization=branch_a2, state="eligible"
    )
    services.ensure_criteria(review_campaign)
    return services.assign(nomination, committee[0], by=city_admin)


def test_a_reviewer_saves_a_draft_then_submits_and_the_card_locks(my_card, committee):
    reviewer = committee[0]
    services.save_card(my_card, by=reviewer, scores=_scores_for(my_card, {"political": 20}))
    services.save_card(my_card, by=reviewer, scores=_scores_for(my_card, scores(21, 20, 19, 22)))

    services.submit_card(my_card, by=reviewer)

    my_card.refresh_from_db()
    assert my_card.state == "submitted"
    assert sorted(Score.objects.filter(scorecard=my_card).values_list("points", flat=True)) == [
        Decimal("19.0"),
        Decimal("20.0"),
        Decimal("21.0"),
        Decimal("22.0"),
    ]
    assert ScoreRevision.objects.filter(score__scorecard=my_card).count() == 1  # 20 → 21
    with pytest.raises(EvaluationError, match="已提交，不能再修改"):
        services.save_card(my_card, by=reviewer, scores=_scores_for(my_card, scores(0, 0, 0, 0)))
    with pytest.raises(EvaluationError, match="不能重复提交"):
        services.submit_card(my_card, by=reviewer)


def test_the_audit_log_names_a_submitted_card_s_scores_by_criterion_in_the_reader_s_language(
    my_card, committee, client, city
):
    reviewer = committee[0]
    services.save_card(my_card, by=reviewer, scores=_scores_for(my_card, scores(21, 20, 19, 22)))
    services.submit_card(my_card, by=reviewer)
    event = AuditEvent.objects.get(verb="review.card_submitted")
    client.force_login(user_with_role(Role.AUDITOR, city, username="aud_city"))

    chinese = client.get(reverse("audit:list")).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(reverse("audit:list"))

    assert event.after["scores"] == {
        "political": "21.0",
        "performance": "20.0",
        "public": "19.0",
        "integrity": "22.0",
    }
    # read as the reviewer typed them, as a criterion's maximum reads
    assert "政治素质好: 21, 岗位业绩好: 20, 群众评价好: 19, 廉洁自律好: 22" in chinese
    assert "Good political quality: 21," in english.content.decode()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("25.5", "0 至 25"),
        ("-1", "0 至 25"),
        ("20.3", "半分"),
        ("abc", "不是数字"),
        # a slip a number box accepts, and what Decimal reads that is no number of points
        ("1e30", "0 至 25"),
        ("1E+29", "0 至 25"),
        ("Infinity", "0 至 25"),
        ("-inf", "0 至 25"),
        ("NaN", "0 至 25"),
        ("sNaN", "0 至 25"),
    ],
)
def test_scores_must_be_half_points_within_the_maximum(my_card, committee, raw, message):
    criterion = my_card.nomination.campaign.criteria.get(code="political")

    with pytest.raises(EvaluationError, match=message):
        services.save_card(my_card, by=committee[0], scores={criterion.pk: (raw, "")})


def test_extreme_scores_need_a_comment(my_card, committee):
    values = _scores_for(my_card, scores(24, 20, 20, 20))  # 24 > 95 % of 25
    services.save_card(my_card, by=committee[0], scores=values)

    with pytest.raises(EvaluationError, match="须填写评语"):
        services.submit_card(my_card, by=committee[0])


def test_an_incomplete_card_cannot_be_submitted(my_card, committee):
    services.save_card(my_card, by=committee[0], scores=_scores_for(my_card, {"political": 20}))

    with pytest.raises(EvaluationError) as refused:
        services.submit_card(my_card, by=committee[0])

    assert refused.value.message == (
        "还不能提交：请为“岗位业绩好”评分。 请为“群众评价好”评分。 请为“廉洁自律好”评分。"
    )


def test_a_card_cannot_be_submitted_empty_when_the_campaign_has_no_criteria(my_card, committee):
    my_card.nomination.campaign.criteria.all().delete()

    with pytest.raises(EvaluationError, match="尚未设置评分项"):
        services.submit_card(my_card, by=committee[0])

    my_card.refresh_from_db()
    assert my_card.state != "submitted"


def test_a_draft_keeps_a_veto_before_its_reason_but_the_submit_needs_it(my_card, committee):
    values = _scores_for(my_card, scores(20, 20, 20, 20))
    services.save_card(my_card, by=committee[0], scores=values, veto=True, veto_reason=" ")

    with pytest.raises(EvaluationError) as refused:
        services.submit_card(my_card, by=committee[0])

    my_card.refresh_from_db()
    assert (my_card.state, my_card.veto, my_card.veto_reason) == ("draft", True, "")
    assert refused.value.message == "还不能提交：一票否决须写明理由。"


def test_another_reviewer_cannot_touch_the_card(my_card, committee):
    with pytest.raises(EvaluationError) as error:
        services.save_card(my_card, by=committee[1], scores={})

    assert error.value.status == 403


def test_admin_reopens_with_a_reason_and_old_scores_are_kept(my_card, committee, city_admin):
    reviewer = committee[0]
    services.save_card(my_card, by=reviewer, scores=_scores_for(my_card, scores(20, 20, 20, 20)))
    services.submit_card(my_card, by=reviewer)

    with pytest.raises(EvaluationError, match="理由"):
        services.reopen_card(my_card, by=city_admin, reason="")
    services.reopen_card(my_card, by=city_admin, reason="评委申请更正笔误。")
    services.save_card(my_card, by=reviewer, scores=_scores_for(my_card, scores(21, 20, 20, 20)))
    services.submit_card(my_card, by=reviewer)

    revision = ScoreRevision.objects.get(score__scorecard=my_card)
    assert revision.points == Decimal("20.0")
    assert (
        AuditEvent.objects.get(verb="review.card_reopened").after["reason"] == "评委申请更正笔误。"
    )
    assert AuditEvent.objects.filter(verb="review.card_submitted").count() == 2
