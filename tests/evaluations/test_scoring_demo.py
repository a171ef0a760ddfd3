"""The demo campaign still being scored has its survey in: all its nominations but one reach
the quorum, so its shortlist can be made on the demo once the demo reviewer's cards are in
(until then each lacks that card), and the one short shows the flag."""

import io

import pytest
from django.core.management import call_command

from evaluations.demo import SCORING_TITLE
from evaluations.queries import ranking
from selection.models import Campaign

pytestmark = pytest.mark.django_db


def test_all_but_one_nomination_of_the_demo_campaign_in_scoring_reach_the_survey_quorum():
    call_command("seed_demo", stdout=io.StringIO())
    campaign = Campaign.objects.get(title=SCORING_TITLE)

    rows = ranking(campaign)

    assert len(rows) == campaign.nominations.count() == 8
    assert sum("no_quorum" in row.flags for row in rows) == 1
    waiting_for_the_demo_reviewer_only = [
        row for row in rows if set(row.flags) <= {"too_few_cards"}
    ]
    assert len(waiting_for_the_demo_reviewer_only) == 6
