"""The benchmark's survey-code rows (``bench.survey``): issuing 500 codes and opening their
printable sheet. Their one-second targets are judged by ``make bench``, not here."""

import pytest

from bench import survey
from members.choices import Role
from tests.factories import CampaignFactory, NominationFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_the_bench_issues_500_codes_and_opens_their_sheet(city, branch_a1):
    campaign = CampaignFactory(owner=city, phase="reviewing")
    nomination = NominationFactory(
        campaign=campaign, member__organization=branch_a1, state="in_review"
    )
    secretary = user_with_role(Role.SECRETARY, branch_a1, username="sec_speed")

    issued, sheet = survey.rows(nomination, secretary)

    assert issued["name"] == "survey codes: issue 500"
    assert sheet["name"] == "survey codes: printable sheet of 500"
    assert nomination.survey.codes.count() == 500
