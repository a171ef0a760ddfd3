"""逐级推荐: every candidate drops out before the final stage. The only nominee sent up by
东区机关党委 is vetoed by the integrity officer at the 区委 stage: the 区委's pool shows
her as vetoed (out, not pending, not assignable) and confirms an empty list with a reason;
the city's final pool is then empty, and its admin confirms the empty final list with a
reason, which concludes the campaign with no exemplars and no 公示 (audited) instead of
leaving it in 评审 for good."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from evaluations.errors import EvaluationError
from evaluations.services import confirm_shortlist, confirm_stage
from members.choices import OrgKind
from selection import services, workflow
from selection.choices import IntegrityVerdict, Phase, StageDecision, State
from selection.errors import SelectionError
from selection.models import IntegrityOpinion, Stage, StageEntry
from tests.factories import AssessmentFactory, in_review, staged_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(city, city_admin):
    """党委 → 区委 → 市委, one place each; the 区委 stage asks for the integrity opinion again."""
    staged = staged_campaign(
        city,
        [(OrgKind.COMMITTEE, 1), (OrgKind.DISTRICT, 1), (OrgKind.CITY, 1)],
        by=city_admin,
        exemplar_count=1,
    )
    Stage.objects.filter(campaign=staged, position=2).update(recheck_integrity=True)
    return staged


@pytest.fixture
def vetoed(campaign, city_admin, branch_a1, committee_a, admins, integrity_officer):
    """王芳, the only nominee, sent up by 东区机关党委, then vetoed at the 区委 stage."""
    nominee = in_review(
        campaign, 90, by=city_admin, member__organization=branch_a1, member__name="王芳"
    )
    IntegrityOpinion.objects.create(
        nomination=nominee, verdict=IntegrityVerdict.PASS, by=integrity_officer
    )
    AssessmentFactory(member=nominee.member, year=campaign.year - 1, grade="excellent")
    confirm_stage(
        Stage.objects.get(campaign=campaign, position=1),
        committee_a,
        [nominee.pk],
        by=admins["DQ01"],
    )
    workflow.give_integrity_opinion(
        nominee, by=integrity_officer, verdict=IntegrityVerdict.VETO, reason="新发现违纪线索"
    )
    return nominee


def _pool(client, user, campaign, position, node):
    client.force_login(user)
    return client.get(
        reverse("evaluations:stage_pool", args=[campaign.pk, position, node.pk])
    ).content.decode()


# --- A vetoed nominee is out, not pending ---------------------------------------------------------


def test_the_district_sees_the_vetoed_nominee_as_out_not_pending(
    client, campaign, vetoed, district_a, admins
):
    page = _pool(client, admins["DQ"], campaign, 2, district_a)

    assert "待确定 0 名" in page
    assert "已出局 1 名" in page
    assert "尚无已提交的评分表" not in page
    assert "分配本级评审" not in page
    assert "一票否决" in page
    # Nothing is left to choose: the form asks for the empty list's reason.
    assert "本级无可推荐人选" in page


def test_the_district_confirms_its_empty_list_with_a_reason(
    client, campaign, vetoed, district_a, admins
):
    client.force_login(admins["DQ"])
    url = reverse("evaluations:stage_confirm", args=[campaign.pk, 2, district_a.pk])

    response = client.post(url, {"reason": "唯一人选被一票否决"}, follow=True)

    assert "本级推荐名单已确定：0 名" in response.content.decode()
    entry = StageEntry.objects.get(stage__campaign=campaign, stage__position=2)
    assert entry.decision == StageDecision.NOT_CHOSEN


# --- The empty final list concludes the campaign --------------------------------------------------


@pytest.fixture
def emptied(campaign, vetoed, district_a, admins):
    confirm_stage(
        Stage.objects.get(campaign=campaign, position=2),
        district_a,
        [],
        by=admins["DQ"],
        reason="唯一人选被一票否决",
    )
    return campaign


def test_the_empty_final_pool_offers_to_confirm_the_empty_list(client, emptied, city, admins):
    page = _pool(client, admins["JC"], emptied, 3, city)

    assert "本级无可推荐人选" in page
    assert 'name="reason"' in page
    assert "确定空名单并结束活动" in page


def test_the_city_confirms_the_empty_final_list_and_the_campaign_concludes(
    client, emptied, city, admins
):
    client.force_login(admins["JC"])
    url = reverse("evaluations:stage_confirm", args=[emptied.pk, 3, city.pk])

    response = client.post(url, {"reason": "各级人选均已出局，本年度不产生先进典型"}, follow=True)

    assert response.status_code == 200
    emptied.refresh_from_db()
    assert emptied.phase == Phase.CONCLUDED
    assert not emptied.nominations.filter(state=State.SHORTLISTED).exists()
    event = AuditEvent.objects.get(verb="campaign.phase_changed", after__phase="concluded")
    assert event.after["reason"] == "各级人选均已出局，本年度不产生先进典型"
    assert event.before == {"phase": "reviewing"}


def test_the_empty_final_list_needs_a_reason(emptied, admins):
    with pytest.raises(EvaluationError, match="确定空名单时请写明理由"):
        confirm_shortlist(emptied, [], by=admins["JC"])

    assert emptied.phase == Phase.REVIEWING


def test_a_final_list_with_someone_left_cannot_be_confirmed_empty(
    campaign, city_admin, branch_a1, admins
):
    in_review(campaign, 90, by=city_admin, member__organization=branch_a1)

    with pytest.raises(EvaluationError):
        confirm_shortlist(campaign, [], by=admins["JC"], reason="不推荐")
    campaign.refresh_from_db()
    assert campaign.phase == Phase.REVIEWING


def test_the_notice_page_points_to_the_empty_final_list_on_the_results_page(
    client, emptied, admins
):
    client.force_login(admins["JC"])

    page = client.get(reverse("selection:notice_manage", args=[emptied.pk])).content.decode()

    assert "没有拟推荐人选" in page
    assert reverse("evaluations:results", args=[emptied.pk]) + "#confirm-empty" in page
    assert reverse("selection:campaign_conclude", args=[emptied.pk]) not in page


def test_the_results_page_confirms_the_empty_final_list_and_records_it(client, emptied, admins):
    client.force_login(admins["JC"])
    results = reverse("evaluations:results", args=[emptied.pk])
    assert 'id="confirm-empty"' in client.get(results).content.decode()

    client.post(
        reverse("evaluations:shortlist", args=[emptied.pk]),
        {"reason": "各级人选均已出局", "page": 1},
    )

    emptied.refresh_from_db()
    assert emptied.phase == Phase.CONCLUDED
    confirmed = AuditEvent.objects.get(verb="review.shortlist_confirmed")
    assert confirmed.after["shortlisted"] == []
    assert confirmed.after["reason"] == "各级人选均已出局"


def test_concluding_in_review_without_the_empty_list_is_refused(client, emptied, admins):
    client.force_login(admins["JC"])
    url = reverse("selection:campaign_conclude", args=[emptied.pk])

    page = client.post(url, {"reason": "各级人选均已出局"}, follow=True).content.decode()

    assert "在“评审结果”页面确定空名单" in page
    emptied.refresh_from_db()
    assert emptied.phase == Phase.REVIEWING
    assert not AuditEvent.objects.filter(
        verb="campaign.phase_changed", after__phase="concluded"
    ).exists()


def test_a_campaign_with_someone_left_cannot_skip_its_notice(campaign, city_admin, branch_a1):
    in_review(campaign, 90, by=city_admin, member__organization=branch_a1)

    with pytest.raises(SelectionError, match="尚未发布公示"):
        services.end_without_notice(campaign, by=city_admin, reason="跳过公示")


def test_a_campaign_whose_review_never_began_is_not_offered_an_empty_final_list(
    client, city, city_admin
):
    never = staged_campaign(
        city,
        [(OrgKind.COMMITTEE, 1), (OrgKind.DISTRICT, 1), (OrgKind.CITY, 1)],
        by=city_admin,
        exemplar_count=1,
    )
    never.phase = Phase.REVIEWING
    never.save(update_fields=["phase"])
    client.force_login(city_admin)

    page = client.get(reverse("evaluations:stage_pool", args=[never.pk, 3, city.pk]))

    assert "确定空名单并结束活动" not in page.content.decode()
    with pytest.raises(SelectionError, match="评审尚未开始"):
        services.end_without_notice(never, by=city_admin, reason="无人推荐")
