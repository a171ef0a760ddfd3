"""A token sees the campaigns its user sees on the portal's pages, no more and no fewer: the
same rule (``selection.rules.campaigns_q``) for every role — the auditor sees none (the audit
trail is all they see), the integrity officer those under eligibility review, a reviewer those
of their cards too, a secretary those over their branches, whether they hold a 支部, a 党总支
or a 党委."""

import pytest
from django.urls import reverse

from members.choices import OrgKind, Role
from tests.factories import (
    CampaignFactory,
    NominationFactory,
    OrganizationFactory,
    card,
    scores,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaigns(city, district_a, district_b, committee_a, branch_b1):
    """One campaign per owner, and a campaign of 西区 in review with a card for 东区's
    reviewer (they sit on its committee)."""
    general = OrganizationFactory(
        code="DQ01-Z", name="东区机关第一党总支", kind=OrgKind.GENERAL_BRANCH, parent=committee_a
    )
    OrganizationFactory(code="DQ01-Z-01", name="总支一支部", parent=general)
    found = {
        "city": CampaignFactory(owner=city, phase="nominating", title="市级评选"),
        "district_a": CampaignFactory(owner=district_a, phase="screening", title="东区评选"),
        "committee_a": CampaignFactory(owner=committee_a, phase="concluded", title="机关党委评选"),
        "district_b": CampaignFactory(owner=district_b, phase="reviewing", title="西区评选"),
    }
    return found, general


def api_campaigns(client, bearer, user) -> set[str]:
    body = client.get("/api/v1/campaigns/", **bearer(user)).json()
    return {item["title"] for item in body["items"]}


def page_campaigns(client, user, url_name: str) -> set[str]:
    client.force_login(user)
    response = client.get(reverse(url_name))
    client.logout()
    assert response.status_code == 200
    shown = response.context["campaigns"]
    return {campaign.title for campaign in shown}


def test_the_auditor_sees_no_campaign_on_the_pages_nor_through_the_api(
    client, bearer, auditor, campaigns
):
    found, _general = campaigns
    client.force_login(auditor)
    list_page = client.get(reverse("selection:campaign_list"))
    home = client.get(reverse("home")).content.decode()
    client.logout()

    listed = client.get("/api/v1/campaigns/", **bearer(auditor))
    one = client.get(f"/api/v1/campaigns/{found['city'].pk}/", **bearer(auditor))

    assert list_page.status_code == 403
    assert not any(campaign.title in home for campaign in found.values())
    assert listed.status_code == 200
    assert listed.json()["items"] == []
    assert one.status_code == 404
    assert one.json()["code"] == "not_found"


def test_an_admin_sees_the_same_campaigns_as_on_the_campaign_list(client, bearer, admin, campaigns):
    client.force_login(admin)
    page = client.get(reverse("selection:campaign_list")).context["page"]
    client.logout()

    shown = {campaign.title for campaign in page.object_list}
    assert api_campaigns(client, bearer, admin) == shown == {"市级评选", "东区评选", "机关党委评选"}


def test_the_integrity_officer_sees_the_campaigns_under_eligibility_review(
    client, bearer, integrity_officer, campaigns
):
    shown = page_campaigns(client, integrity_officer, "selection:dashboard")

    assert api_campaigns(client, bearer, integrity_officer) == shown == {"市级评选", "东区评选"}


def test_a_reviewer_sees_the_campaigns_above_them_and_those_of_their_cards(
    client, bearer, reviewer, campaigns, branch_b1
):
    found, _general = campaigns
    in_review = NominationFactory(
        campaign=found["district_b"], member__organization=branch_b1, state="in_review"
    )
    card(in_review, reviewer, scores(20, 20, 20, 20), submitted=False)

    shown = page_campaigns(client, reviewer, "home")
    one = client.get(f"/api/v1/campaigns/{found['district_b'].pk}/", **bearer(reviewer))

    assert api_campaigns(client, bearer, reviewer) == shown == {"市级评选", "东区评选", "西区评选"}
    assert one.status_code == 200


@pytest.mark.parametrize(
    ("held", "expected"),
    [
        ("branch", {"市级评选", "东区评选", "机关党委评选"}),
        ("general", {"市级评选", "东区评选", "机关党委评选"}),
        ("committee", {"市级评选", "东区评选", "机关党委评选"}),
    ],
    ids=["支部", "党总支", "党委"],
)
def test_a_secretary_sees_the_campaigns_over_their_branches_at_every_level(
    client, bearer, campaigns, branch_a1, committee_a, held, expected
):
    _found, general = campaigns
    organization = {"branch": branch_a1, "general": general, "committee": committee_a}[held]
    secretary = user_with_role(Role.SECRETARY, organization, username=f"sec_{held}")

    shown = page_campaigns(client, secretary, "selection:dashboard")

    assert api_campaigns(client, bearer, secretary) == shown == expected
