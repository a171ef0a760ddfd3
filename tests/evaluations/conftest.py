import pytest

from members.choices import OrgKind
from selection.choices import State
from tests.factories import CampaignFactory, NominationFactory, UserFactory, staged_campaign


@pytest.fixture
def review_campaign(city):
    """A city campaign in its reviewing phase."""
    return CampaignFactory(owner=city, phase="reviewing", quota_value=10, title="评审中的活动")


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
def staged(city, city_admin):
    """A city campaign of three stages (逐级推荐): 党委 2 places, 区委 1, 市委 picks the two
    exemplars."""
    return staged_campaign(
        city,
        [(OrgKind.COMMITTEE, 2), (OrgKind.DISTRICT, 1), (OrgKind.CITY, 2)],
        by=city_admin,
        exemplar_count=2,
    )
