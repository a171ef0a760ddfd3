"""A one-stage campaign whose only candidate, 王芳, is vetoed by the integrity officer while the
committee scores: nobody is left to choose. Its results page offers the empty final list; the
admin confirms it with a reason, which ends the campaign without a 公示 (audited)."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from selection import workflow
from selection.choices import IntegrityVerdict, Phase, State
from tests.factories import NominationFactory, in_review

pytestmark = pytest.mark.django_db

REASON = "唯一的人选被一票否决，本年度不产生先进典型"


@pytest.fixture
def wang(review_campaign, city_admin, branch_a1):
    return in_review(
        review_campaign, 90, by=city_admin, member__organization=branch_a1, member__name="王芳"
    )


@pytest.fixture
def vetoed(wang, integrity_officer):
    workflow.give_integrity_opinion(
        wang, by=integrity_officer, verdict=IntegrityVerdict.VETO, reason="新发现违纪线索"
    )
    return wang


def _results(client, campaign):
    return client.get(reverse("evaluations:results", args=[campaign.pk])).content.decode()


def _confirm(client, campaign, reason):
    url = reverse("evaluations:shortlist", args=[campaign.pk])
    return client.post(url, {"reason": reason, "page": 1}, follow=True)


def test_with_nobody_left_the_results_page_offers_the_empty_final_list(
    client, review_campaign, city_admin, vetoed
):
    client.force_login(city_admin)

    page = _results(client, review_campaign)

    assert "confirm-empty" in page
    assert "确定空名单并结束活动" in page


def test_with_a_candidate_in_review_no_empty_list_is_offered(
    client, review_campaign, city_admin, wang
):
    client.force_login(city_admin)

    assert "确定空名单并结束活动" not in _results(client, review_campaign)


def test_the_empty_final_list_without_a_reason_is_refused_and_nothing_changes(
    client, review_campaign, city_admin, vetoed
):
    client.force_login(city_admin)

    response = _confirm(client, review_campaign, "")

    assert response.status_code == 400
    page = response.content.decode()
    # A one-stage campaign has no levels: the refusal does not speak of one (本级).
    assert "没有可推荐的人选，确定空名单时请写明理由。" in page
    assert "本级" not in page
    review_campaign.refresh_from_db()
    assert review_campaign.phase == Phase.REVIEWING
    assert not AuditEvent.objects.filter(verb="review.shortlist_confirmed").exists()


def test_the_empty_final_list_with_a_reason_ends_the_campaign_without_a_notice(
    client, review_campaign, city_admin, vetoed
):
    client.force_login(city_admin)

    page = _confirm(client, review_campaign, REASON).content.decode()

    assert "拟推荐名单确定为空，评选活动已结束（未经公示）。" in page
    review_campaign.refresh_from_db()
    assert review_campaign.phase == Phase.CONCLUDED
    assert review_campaign.nominations.get().state == State.VETOED
    confirmed = AuditEvent.objects.get(verb="review.shortlist_confirmed")
    assert confirmed.after["shortlisted"] == []
    assert confirmed.after["reason"] == REASON
    ended = AuditEvent.objects.get(verb="campaign.phase_changed", after__phase="concluded")
    assert ended.after["reason"] == REASON


@pytest.mark.parametrize("count", [1, 3])
def test_the_page_offering_the_empty_list_reads_the_same_queries_for_1_and_3_dropouts(
    client,
    review_campaign,
    city_admin,
    branch_a1,
    integrity_officer,
    count,
    django_assert_num_queries,
):
    for number in range(count):
        nomination = in_review(
            review_campaign,
            80,
            by=city_admin,
            member__organization=branch_a1,
            member__name=f"人选{number}",
        )
        workflow.give_integrity_opinion(
            nomination, by=integrity_officer, verdict=IntegrityVerdict.VETO, reason="违纪"
        )
    client.force_login(city_admin)
    _results(client, review_campaign)  # the campaign ranked and kept

    # the user, their roles, the campaign, the final pool, the cards still open; then what may
    # hold its end
    with django_assert_num_queries(11):
        assert "确定空名单并结束活动" in _results(client, review_campaign)


def test_while_a_nomination_waits_for_screening_the_page_says_why_not_yet(
    client, review_campaign, city_admin, branch_a1, vetoed
):
    NominationFactory(
        campaign=review_campaign, state=State.SUBMITTED, member__organization=branch_a1
    )
    client.force_login(city_admin)

    page = _results(client, review_campaign)

    assert "confirm-empty" not in page
    assert "还有 1 份推荐未完成资格审查" in page
