"""A branch's places used, counted in SQL or from nominations already read: the same figures."""

import pytest
from django.urls import reverse

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


def test_full_members_read_with_the_branches_equal_the_count_in_sql(
    campaign, branch_a1, branch_a2, client, secretary
):
    """The secretary's dashboard reads its branches with their full members (one query fewer);
    a ratio quota must come out as counted on its own: probationary and other branches' members
    left out, a branch without any full member at 0."""
    from members.models import Organization
    from selection.choices import QuotaKind
    from selection.quota import full_members
    from tests.factories import MemberFactory

    campaign.quota_kind, campaign.quota_value = QuotaKind.RATIO, 30
    campaign.save()
    MemberFactory.create_batch(7, organization=branch_a1, status="full")
    MemberFactory.create_batch(2, organization=branch_a1, status="probationary")
    MemberFactory.create_batch(3, organization=branch_a2, status="probationary")
    branches = list(
        Organization.objects.filter(pk__in=[branch_a1.pk, branch_a2.pk]).annotate(
            full_members=full_members()
        )
    )

    read_with = quotas(campaign, branches, full={b.pk: b.full_members for b in branches})
    in_sql = quotas(campaign, branches)

    assert read_with == in_sql
    assert (in_sql[branch_a1.pk].full_members, in_sql[branch_a1.pk].limit) == (7, 3)
    assert (in_sql[branch_a2.pk].full_members, in_sql[branch_a2.pk].limit) == (0, 0)
    client.force_login(secretary)
    shown = client.get(reverse("selection:dashboard")).context["branches"]
    assert [(row.quota.full_members, row.quota.limit) for row in shown] == [(7, 3)]


def test_the_nearest_override_read_with_the_branches_equals_the_one_found_in_python(
    campaign, district_a, committee_a, branch_a1, branch_a2, branch_b1, client, secretary
):
    """The secretary's dashboard reads each branch's nearest quota override with the branch
    (one query fewer): it must be the one ``quotas`` finds on its own — the committee's over
    the district's, the branch's own over both, another campaign's never."""
    from members.models import Organization
    from selection.choices import QuotaKind
    from selection.models import QuotaOverride
    from selection.quota import nearest_override
    from tests.factories import CampaignFactory

    QuotaOverride.objects.create(
        campaign=campaign, organization=district_a, kind=QuotaKind.RATIO, value=50
    )
    QuotaOverride.objects.create(
        campaign=campaign, organization=committee_a, kind=QuotaKind.FIXED, value=4
    )
    QuotaOverride.objects.create(
        campaign=campaign, organization=branch_a2, kind=QuotaKind.FIXED, value=1
    )
    other = CampaignFactory(owner=campaign.owner, year=campaign.year - 1)
    QuotaOverride.objects.create(
        campaign=other, organization=branch_a1, kind=QuotaKind.FIXED, value=9
    )
    branches = list(
        Organization.objects.filter(pk__in=[branch_a1.pk, branch_a2.pk, branch_b1.pk])
        .annotate(**nearest_override(campaign.pk))
        .order_by("path")
    )

    read_with = quotas(
        campaign,
        branches,
        nearest={
            b.pk: (b.override_kind, b.override_value) if b.override_kind else None for b in branches
        },
    )
    in_python = quotas(campaign, branches)

    assert read_with == in_python
    assert [(in_python[b.pk].kind, in_python[b.pk].value) for b in branches] == [
        (QuotaKind.FIXED, 4),
        (QuotaKind.FIXED, 1),
        (campaign.quota_kind, campaign.quota_value),
    ]
    client.force_login(secretary)
    shown = client.get(reverse("selection:dashboard")).context["branches"]
    assert [(row.quota.kind, row.quota.limit) for row in shown] == [(QuotaKind.FIXED, 4)]
