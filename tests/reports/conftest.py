import datetime

import pytest

from evaluations.services import confirm_shortlist, confirm_stage
from members.choices import Gender, OrgKind, Role
from selection.models import Nomination, Objection, PublicNotice, Stage
from tests.factories import (
    CampaignFactory,
    MemberFactory,
    NominationFactory,
    UserFactory,
    card,
    in_review,
    scores,
    staged_campaign,
    survey_answers,
    user_with_role,
)


@pytest.fixture
def panel(city):
    return [user_with_role(Role.REVIEWER, city, username=f"rev{i}") for i in range(5)]


@pytest.fixture
def year(city, branch_a1, branch_a2, branch_b1, panel, admin):
    """A campaign after its notice: three nominations in district A (two approved, one not
    selected), one in district B; five cards each; a survey on one; an objection dismissed."""
    campaign = CampaignFactory(owner=city, phase="concluded", title="2026年度全市四好党员选树")
    nominations = {
        "王建国": NominationFactory(
            campaign=campaign,
            state="scored",
            member=MemberFactory(name="王建国", organization=branch_a1, gender=Gender.MALE),
        ),
        "李秀英": NominationFactory(
            campaign=campaign,
            state="published",
            member=MemberFactory(
                name="李秀英",
                organization=branch_a2,
                gender=Gender.FEMALE,
                birth_date=datetime.date(1997, 3, 1),
                phone="13911112222",
            ),
        ),
        "张伟": NominationFactory(
            campaign=campaign,
            state="not_selected",
            member=MemberFactory(name="张伟", organization=branch_a1),
        ),
        "赵敏": NominationFactory(
            campaign=campaign,
            state="approved",
            member=MemberFactory(name="赵敏", organization=branch_b1, gender=Gender.FEMALE),
        ),
    }
    points = {
        "王建国": [
            (24, 23, 23, 24),
            (23, 22, 24, 23),
            (25, 24, 24, 25),
            (22, 22, 22, 22),
            (24, 24, 23, 24),
        ],
        "李秀英": [
            (25, 25, 25, 25),
            (24, 24, 24, 24),
            (23, 24, 25, 24),
            (25, 23, 24, 25),
            (24, 25, 24, 23),
        ],
        "张伟": [
            (18, 19, 20, 18),
            (20, 20, 19, 20),
            (19, 18, 18, 19),
            (17, 18, 19, 20),
            (20, 19, 20, 18),
        ],
        "赵敏": [
            (21, 22, 21, 22),
            (22, 21, 22, 21),
            (21, 21, 21, 21),
            (23, 22, 22, 22),
            (22, 22, 21, 22),
        ],
    }
    for name, cards in points.items():
        for reviewer, values in zip(panel, cards, strict=True):
            card(nominations[name], reviewer, scores(*values))
    survey_answers(nominations["王建国"], issued=12, satisfied=10, responses=12, by=admin)
    Nomination.objects.filter(pk=nominations["王建国"].pk).update(state="approved")
    nominations["王建国"].refresh_from_db()
    notice = PublicNotice.objects.create(
        campaign=campaign,
        starts_on=datetime.date(2026, 11, 2),
        ends_on=datetime.date(2026, 11, 6),
        working_days=5,
        contact="市委组织部 027-00000000",
        opened_by=admin,
    )
    Objection.objects.create(
        notice=notice,
        nomination=nominations["赵敏"],
        name="匿名群众",
        contact="13700000000",
        text="材料不实",
        status=Objection.Status.DISMISSED,
        resolution="经核实，反映问题不属实。",
        resolved_by=admin,
    )
    return campaign, nominations


@pytest.fixture
def two_stages(city, city_admin, committee_a, committee_b, branch_a1, branch_b1):
    """党委 (1 place each) → 市委: 王 (man) and 李 (woman) in 东区机关党委, 赵 (woman) in 西区;
    the committees choose 王 and 赵, the city chooses 王."""
    campaign = staged_campaign(
        city, [(OrgKind.COMMITTEE, 1), (OrgKind.CITY, 1)], by=city_admin, exemplar_count=1
    )
    made = {
        name: in_review(
            campaign,
            total,
            by=city_admin,
            member=MemberFactory(name=name, organization=branch, gender=gender),
        )
        for name, branch, gender, total in [
            ("王", branch_a1, Gender.MALE, 90),
            ("李", branch_a1, Gender.FEMALE, 80),
            ("赵", branch_b1, Gender.FEMALE, 85),
        ]
    }
    first, final = Stage.objects.filter(campaign=campaign).order_by("position")
    for committee, name in ((committee_a, "王"), (committee_b, "赵")):
        confirm_stage(
            first,
            committee,
            [made[name].pk],
            by=user_with_role(Role.ADMIN, committee, username=f"adm{committee.code}"),
        )
    for name, total in (("王", 88), ("赵", 80)):
        card(made[name], UserFactory(username=f"r2{name}"), scores(*[total / 4] * 4), stage=final)
    confirm_shortlist(campaign, [made["王"].pk], by=city_admin)
    return campaign, made
