import pytest

from selection.choices import State
from tests.factories import CampaignFactory, NominationFactory, UserFactory


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
