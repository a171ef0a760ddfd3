"""One rule of "unscored" (逐级推荐): the pool page counts as unscored the candidates still in
the running with no card submitted at the stage (``queries.pools.unscored_q``), and the node's
confirmation refuses, names and records the same ones (``services.confirm_stage``), whatever
else the pool holds: a card still in draft at this stage, a card of the stage below only, a
vetoed nomination, one found ineligible at this stage.

东区区委's pool at stage 2 (which screens eligibility again): 甲 scored at stage 2; 乙 scored at
stage 1 only; 丙 with a draft card at stage 2; 丁 vetoed; 戊 found ineligible at stage 2.
"""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from evaluations.queries import ranking
from evaluations.queries.pools import unscored_q
from evaluations.services import confirm_stage, screen_at_stage
from members.choices import OrgKind
from selection import workflow
from selection.choices import IntegrityVerdict, State
from selection.models import IntegrityOpinion, Nomination, Stage, StageEntry
from tests.factories import AssessmentFactory, UserFactory, card, in_review, scores, staged_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(city, city_admin):
    """党委 3 places, 区委 1 (screening eligibility again), 市委 1."""
    made = staged_campaign(
        city,
        [(OrgKind.COMMITTEE, 3), (OrgKind.DISTRICT, 1), (OrgKind.CITY, 1)],
        by=city_admin,
        exemplar_count=1,
    )
    Stage.objects.filter(campaign=made, position=2).update(recheck_eligibility=True)
    return made


@pytest.fixture
def pool(
    campaign, city_admin, integrity_officer, admins, committee_a, committee_a2, branch_a1, branch_a3
):
    """The 区委's pool at stage 2, arranged as the module says."""
    made = {
        name: in_review(
            campaign, total, by=city_admin, member__organization=branch, member__name=name
        )
        for name, branch, total in [
            ("甲", branch_a1, 90),
            ("乙", branch_a1, 80),
            ("丙", branch_a1, 70),
            ("丁", branch_a3, 60),
            ("戊", branch_a3, 50),
        ]
    }
    for nomination in made.values():  # each would pass the screening again
        IntegrityOpinion.objects.create(
            nomination=nomination, verdict=IntegrityVerdict.PASS, by=integrity_officer
        )
        AssessmentFactory(member=nomination.member, year=campaign.year - 1, grade="excellent")
    first, second = (Stage.objects.get(campaign=campaign, position=p) for p in (1, 2))
    sent = {committee_a: ("甲", "乙", "丙"), committee_a2: ("丁", "戊")}
    for node, names in sent.items():
        admin = admins[node.code]
        confirm_stage(first, node, [made[n].pk for n in names], by=admin)
    card(made["甲"], UserFactory(), scores(22, 22, 22, 22), stage=second)
    card(made["丙"], UserFactory(), scores(20, 20, 20, 20), stage=second, submitted=False)
    workflow.give_integrity_opinion(
        made["丁"], by=integrity_officer, verdict=IntegrityVerdict.VETO, reason="新发现违纪线索"
    )
    return made


def _screen(campaign, district_a, admins, pool):
    second = Stage.objects.get(campaign=campaign, position=2)
    for name in ("甲", "乙", "丙"):
        screen_at_stage(
            second, district_a, pool[name].pk, by=admins["DQ"], eligible=True, reason="经复核"
        )
    screen_at_stage(
        second, district_a, pool["戊"].pk, by=admins["DQ"], eligible=False, reason="受处分"
    )
    return second


def test_the_page_s_count_and_the_confirmation_s_names_are_the_same_candidates(
    client, campaign, district_a, admins, pool
):
    second = _screen(campaign, district_a, admins, pool)
    assert Nomination.objects.get(pk=pool["丁"].pk).state == State.VETOED
    assert Nomination.objects.get(pk=pool["戊"].pk).state == State.INELIGIBLE
    counted = set(
        StageEntry.objects.filter(unscored_q(second), stage=second, node=district_a).values_list(
            "nomination__member__name", flat=True
        )
    )
    ranked = {row.nomination_id for row in ranking(campaign, second, district_a)}
    client.force_login(admins["DQ"])
    page = client.get(
        reverse("evaluations:stage_pool", args=[campaign.pk, 2, district_a.pk])
    ).content.decode()
    confirm = reverse("evaluations:stage_confirm", args=[campaign.pk, 2, district_a.pk])

    refused = client.post(confirm, {"chosen": [pool["甲"].pk], "reason": ""})
    confirmed = client.post(confirm, {"chosen": [pool["甲"].pk], "reason": "不再等待评分"})

    assert counted == {"乙", "丙"}
    assert ranked == {pool["甲"].pk}  # the ranking leaves out the vetoed and the ineligible too
    assert "本级尚有 2 名人选没有已提交的评分表" in page
    assert refused.status_code == 400
    refusal = refused.content.decode().split('id="choice-refusal"')[1]
    assert "以下 2 名人选尚无已提交的评分表，确定名单后将未经评分记为未推荐：丙、乙。" in refusal
    assert confirmed.status_code == 302
    event = AuditEvent.objects.get(verb="review.stage_confirmed", org_path=district_a.path)
    assert event.after["unscored"] == sorted([pool["乙"].pk, pool["丙"].pk])
    assert event.after["advanced"] == [pool["甲"].pk]
