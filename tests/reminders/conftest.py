"""Fixtures of the reminder tests: a campaign in review with three cards for one reviewer."""

import datetime

import pytest

from evaluations import services as review
from selection.choices import State
from tests.factories import CampaignFactory, NominationFactory

from .arrange import DEADLINE


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the reminders at a given time, their e-mails sent on commit as in production; the
    beat closes the stages whose deadline has passed first, as it does every minute."""
    from reminders import services
    from selection.stages import close_due_stages

    def run_at(now: datetime.datetime) -> int:
        close_due_stages(now)
        with django_capture_on_commit_callbacks(execute=True):
            return services.send_due_reminders(now=now)

    return run_at


@pytest.fixture
def scoring(city, reviewer, city_admin, branch_a1, branch_a2):
    """A city campaign in review, scoring due at DEADLINE; the reviewer holds three cards."""
    campaign = CampaignFactory(owner=city, phase="reviewing", reviewing_deadline=DEADLINE)
    review.add_reviewer(campaign, reviewer, cap=None, by=city_admin)
    review.ensure_criteria(campaign)
    names = ["张三", "李四", "王五"]
    cards = [
        review.assign(
            NominationFactory(
                campaign=campaign,
                member__organization=branch_a2 if i else branch_a1,
                member__name=name,
                state=State.IN_REVIEW,
            ),
            reviewer,
            by=city_admin,
        )
        for i, name in enumerate(names)
    ]
    return campaign, cards
