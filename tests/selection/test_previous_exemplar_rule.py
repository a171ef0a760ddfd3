"""上一届已选树的不再推荐: whether a member was commended in last year's campaign of the same owner
is one rule (``eligibility.was_previous_exemplar``), asked of each nomination's own campaign (a
nomination's page), of the campaign a whole page is in (the screening queue), and as the set of
last year's exemplars (a move's guard): all three say the same of every member."""

import pytest

from selection import eligibility
from selection.choices import Phase, State
from selection.models import Nomination
from tests.factories import CampaignFactory, NominationFactory

pytestmark = pytest.mark.django_db


def test_every_way_of_asking_names_the_same_members(campaign, branch_a1):
    last_year = CampaignFactory(owner=campaign.owner, year=campaign.year - 1, phase=Phase.CONCLUDED)
    two_years_ago = CampaignFactory(
        owner=campaign.owner, year=campaign.year - 2, phase=Phase.CONCLUDED
    )
    elsewhere = CampaignFactory(year=campaign.year - 1, phase=Phase.CONCLUDED)
    history = {
        "published last year": (last_year, State.PUBLISHED),
        "approved last year": (last_year, State.APPROVED),
        "shortlisted last year": (last_year, State.SHORTLISTED),
        "published two years ago": (two_years_ago, State.PUBLISHED),
        "published elsewhere": (elsewhere, State.PUBLISHED),
        "never nominated": (None, None),
    }
    names = {}
    for name, (then, state) in history.items():
        now = NominationFactory(campaign=campaign, member__organization=branch_a1)
        if then is not None:
            NominationFactory(campaign=then, member=now.member, state=state)
        names[now.member_id] = name
    this_year = Nomination.objects.filter(campaign=campaign)

    own_campaign = this_year.annotate(was=eligibility.was_previous_exemplar())
    page_campaign = this_year.annotate(was=eligibility.was_previous_exemplar(campaign))
    by_set = eligibility.previous_exemplar_ids(campaign)

    commended = {"published last year", "approved last year"}
    assert {names[n.member_id] for n in own_campaign if n.was} == commended
    assert {names[n.member_id] for n in page_campaign if n.was} == commended
    assert {names[member] for member in by_set} == commended
