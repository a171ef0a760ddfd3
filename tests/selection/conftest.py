import datetime

import pytest

from selection import gallery, notice
from selection.choices import Phase, State
from tests.factories import AssessmentFactory, CampaignFactory, MemberFactory, NominationFactory


@pytest.fixture
def campaign(city):
    """A city-wide campaign taking nominations, two places per branch."""
    return CampaignFactory(owner=city, title="2026年度四好党员选树")


@pytest.fixture
def good_member(branch_a1):
    """A member of branch A1 who passes every rule but the integrity opinion."""
    member = MemberFactory(organization=branch_a1, name="赵六")
    AssessmentFactory(member=member, year=2025, grade="excellent")
    return member


@pytest.fixture
def draft(campaign, good_member, secretary):
    return NominationFactory(campaign=campaign, member=good_member, created_by=secretary)


@pytest.fixture
def submitted(draft, secretary):
    from selection import workflow

    workflow.submit(draft, by=secretary)
    return draft


@pytest.fixture
def passed_integrity(submitted, integrity_officer):
    from selection import workflow

    workflow.give_integrity_opinion(submitted, by=integrity_officer, verdict="pass")
    return submitted


@pytest.fixture
def profile(approved, city_admin):
    return gallery.create_profile(approved, by=city_admin)


@pytest.fixture
def approved(city, branch_a1):
    campaign = CampaignFactory(owner=city, phase=Phase.NOTICE)
    return NominationFactory(
        campaign=campaign, member__organization=branch_a1, state=State.APPROVED
    )


@pytest.fixture
def running(shortlisted, city_admin):
    return notice.open_notice(
        shortlisted[0].campaign,
        starts_on=datetime.date.today(),
        working_days=5,
        contact="组织部 0000",
        by=city_admin,
    )


@pytest.fixture
def shortlisted(city, branch_a1):
    campaign = CampaignFactory(owner=city, phase=Phase.REVIEWING)
    return [
        NominationFactory(
            campaign=campaign, member__organization=branch_a1, state=State.SHORTLISTED
        )
        for _ in range(2)
    ]
