"""A draft left when nominating closed (``rules.nominating_over``) can no longer be submitted,
nor deleted (``rules.can_delete_draft``): the secretary's 推荐 page says so at the draft
instead of a plain 草稿, which read as if it could still be sent, and says whom to ask."""

import pytest
from django.urls import reverse

from selection.choices import Phase, State
from tests.factories import CampaignFactory, NominationFactory
from tests.selection.test_left_over_for_secretary import dashboard_of, row_of

pytestmark = pytest.mark.django_db

TOO_LATE = (
    '<span class="badge state-draft text-bg-secondary text-wrap text-start lh-sm">{}</span> '
    '<small class="d-block text-muted draft-too-late">{}</small>'
)


def _draft(city, branch_a1, phase, name="李强"):
    campaign = CampaignFactory(owner=city, phase=phase, quota_value=10)
    NominationFactory(
        campaign=campaign, state=State.DRAFT, member__organization=branch_a1, member__name=name
    )
    return campaign


def test_a_draft_left_after_nominating_says_it_can_no_longer_be_submitted(
    client, city, branch_a1, secretary
):
    campaign = _draft(city, branch_a1, Phase.SCREENING)

    row = row_of(dashboard_of(client, secretary, campaign), "李强")
    client.cookies["django_language"] = "en"
    english = row_of(dashboard_of(client, secretary, campaign), "李强")

    assert (
        TOO_LATE.format("草稿（推荐已截止）", "不能再提交或删除；如需补报，请联系组织部门。") in row
    )
    assert (
        TOO_LATE.format(
            "Draft (nominating closed)",
            "Can no longer be submitted or deleted; to nominate late, contact the organisation "
            "department.",
        )
        in english
    )


def test_a_draft_while_nominating_is_a_plain_draft(client, city, branch_a1, secretary):
    campaign = _draft(city, branch_a1, Phase.NOMINATING)

    row = row_of(dashboard_of(client, secretary, campaign), "李强")

    assert '<span class="badge state-draft text-bg-secondary">草稿</span>' in row
    assert "推荐已截止" not in row and "draft-too-late" not in row


@pytest.mark.parametrize("count", [1, 3])
def test_the_dashboard_costs_the_same_queries_for_one_or_three_late_drafts(
    client, city, branch_a1, secretary, count, django_assert_num_queries
):
    campaign = _draft(city, branch_a1, Phase.SCREENING)
    for _ in range(count - 1):
        NominationFactory(campaign=campaign, state=State.DRAFT, member__organization=branch_a1)
    client.force_login(secretary)

    # The session with the user, campaigns, branches, their nominations.
    with django_assert_num_queries(5):
        response = client.get(reverse("selection:dashboard"), {"campaign": campaign.pk})

    assert response.content.decode().count("draft-too-late") == count


def test_the_late_draft_s_own_page_says_so_too(client, city, branch_a1, secretary):
    late, open_draft = (
        _draft(city, branch_a1, phase).nominations.get()
        for phase in (Phase.SCREENING, Phase.NOMINATING)
    )
    client.force_login(secretary)

    late_page = client.get(reverse("selection:nomination_detail", args=[late.pk]))
    open_page = client.get(reverse("selection:nomination_detail", args=[open_draft.pk]))

    assert "推荐已截止：这份草稿没有提交，不能再提交或删除。如需补报，请联系组织部门。" in (
        late_page.content.decode()
    )
    assert "推荐已截止" not in open_page.content.decode()
