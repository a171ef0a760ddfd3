"""The integrity officer's year (issue 37 item 1, security S11): every campaign under eligibility
review in their scope is pickable, whoever owns it; nothing else of theirs is readable."""

import pytest
from django.urls import reverse

from members.choices import Role
from selection import rules, services, workflow
from selection.choices import Phase, State
from tests.factories import (
    AssessmentFactory,
    CampaignFactory,
    MemberFactory,
    NominationFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_integrity(city):
    """纪检监察 of the whole city, as the demo's ``integrity`` account."""
    return user_with_role(Role.INTEGRITY, city, username="int_city", full_name="市纪检")


def _submitted_in(campaign, branch, secretary, name):
    member = MemberFactory(organization=branch, name=name)
    AssessmentFactory(member=member)
    nomination = NominationFactory(campaign=campaign, member=member, created_by=secretary)
    workflow.submit(nomination, by=secretary)
    return nomination


def test_integrity_officer_picks_a_campaign_owned_by_a_district(
    client, city, district_a, branch_a1, secretary, city_integrity
):
    CampaignFactory(owner=city, title="全市选树", phase=Phase.NOMINATING)
    district = CampaignFactory(owner=district_a, title="东区选树", phase=Phase.NOMINATING)
    nomination = _submitted_in(district, branch_a1, secretary, "区里推荐的")
    services.set_phase(district, Phase.SCREENING, by=user_with_role(Role.ADMIN, district_a))
    client.force_login(city_integrity)

    queue = client.get(reverse("selection:integrity_queue"), {"campaign": district.pk})
    dashboard = client.get(reverse("selection:dashboard"), {"campaign": district.pk})

    assert [c.title for c in queue.context["campaigns"]] == ["东区选树", "全市选树"]
    assert queue.context["campaign"] == district
    assert "区里推荐的" in queue.content.decode()
    assert dashboard.context["campaign"] == district
    assert "区里推荐的" in dashboard.content.decode()
    response = client.post(
        reverse("selection:nomination_integrity", args=[nomination.pk]), {"verdict": "pass"}
    )
    assert response.status_code == 302
    assert nomination.integrity_opinion.verdict == "pass"


def test_integrity_officer_cannot_read_a_concluded_campaigns_nominations(
    client, city, branch_a1, secretary, city_integrity, city_admin
):
    past = CampaignFactory(owner=city, title="2025年度选树", year=2025)
    nomination = _submitted_in(past, branch_a1, secretary, "去年的人选")
    past.phase = Phase.CONCLUDED
    past.save()
    client.force_login(city_integrity)

    detail = client.get(reverse("selection:nomination_detail", args=[nomination.pk]))
    listed = client.get(reverse("selection:dashboard"), {"campaign": past.pk})

    assert detail.status_code == 404
    assert "去年的人选" not in listed.content.decode()
    assert past not in (listed.context or {}).get("campaigns", [])


@pytest.mark.parametrize(
    ("phase", "sees"),
    [
        (Phase.NOMINATING, True),
        (Phase.SCREENING, True),
        (Phase.REVIEWING, False),
        (Phase.NOTICE, False),
        (Phase.CONCLUDED, False),
    ],
)
def test_the_integrity_rule_is_one_predicate_and_its_filter_agrees(
    city, branch_a1, secretary, city_integrity, phase, sees
):
    campaign = CampaignFactory(owner=city)
    nomination = _submitted_in(campaign, branch_a1, secretary, "某人")
    campaign.phase = phase
    campaign.save()
    nomination.refresh_from_db()

    assert rules.integrity_may_see(city_integrity, nomination) is sees
    assert rules.visible_nominations(city_integrity).filter(pk=nomination.pk).exists() is sees
    assert rules.can_give_integrity_opinion(city_integrity, nomination) is sees


def test_integrity_officer_never_sees_a_draft(city, branch_a1, secretary, city_integrity):
    campaign = CampaignFactory(owner=city, phase=Phase.SCREENING)
    draft = NominationFactory(campaign=campaign, member__organization=branch_a1)

    assert draft.state == State.DRAFT
    assert not rules.integrity_may_see(city_integrity, draft)
    assert not rules.visible_nominations(city_integrity).filter(pk=draft.pk).exists()


def test_a_district_integrity_officer_does_not_see_the_other_districts_campaign(
    client, district_b, integrity_officer
):
    other = CampaignFactory(owner=district_b, title="西区选树", phase=Phase.SCREENING)
    client.force_login(integrity_officer)

    queue = client.get(reverse("selection:integrity_queue"), {"campaign": other.pk})

    assert other not in queue.context["campaigns"]


def test_the_officer_is_told_whom_the_opinion_was_for_and_what_a_veto_does(
    client, city, branch_a1, secretary, city_integrity
):
    campaign = CampaignFactory(owner=city, phase=Phase.NOMINATING)
    passed = _submitted_in(campaign, branch_a1, secretary, "通过的人")
    vetoed = _submitted_in(campaign, branch_a1, secretary, "否决的人")
    services.set_phase(campaign, Phase.SCREENING, by=user_with_role(Role.ADMIN, city))
    client.force_login(city_integrity)
    url = reverse("selection:nomination_integrity", args=[passed.pk])

    first = client.post(url, {"verdict": "pass"}, follow=True).content.decode()
    second = client.post(
        reverse("selection:nomination_integrity", args=[vetoed.pk]),
        {"verdict": "veto", "reason": "收到违反廉洁纪律的问题线索。"},
        follow=True,
    ).content.decode()

    assert "廉洁意见已记录：通过的人，同意。" in first
    assert "廉洁意见已记录：否决的人，一票否决，该推荐不再参加评选。" in second
