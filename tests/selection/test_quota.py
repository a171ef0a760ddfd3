"""A branch's places used, counted in SQL or from nominations already read: the same figures."""

import pytest

from selection.choices import QUOTA_STATES, State
from selection.models import Nomination
from selection.quota import places_used, quotas
from tests.factories import NominationFactory

pytestmark = pytest.mark.django_db


def test_places_used_counted_from_the_list_equal_the_count_in_sql(campaign, branch_a1, branch_a2):
    for index, state in enumerate(State.values):
        branch = branch_a1 if index % 2 else branch_a2
        NominationFactory(campaign=campaign, member__organization=branch, state=state)
    NominationFactory(campaign=campaign, member__organization=branch_a1, state=State.SUBMITTED)
    branches = [branch_a1, branch_a2]

    listed = list(Nomination.objects.filter(campaign=campaign, branch__in=branches))
    from_list = quotas(campaign, branches, used=places_used(listed))
    in_sql = quotas(campaign, branches)

    assert from_list == in_sql
    assert sum(q.used for q in in_sql.values()) == len(QUOTA_STATES) + 1
