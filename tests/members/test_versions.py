"""The pickers' campaigns are kept in the process while the database says no campaign and no
organisation has been written since (members.versions): the number comes with the session, and
whatever writes the rows — a save, an update(), a delete — gives it a new one."""

import pytest
from django.db import transaction
from django.urls import reverse

from members import scope, versions
from members.models import DataVersion, Organization
from members.services import save_organization
from selection import queries, workflow
from selection.models import Campaign
from tests.factories import CampaignFactory, NominationFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def _number() -> int:
    return DataVersion.objects.get(name=versions.CAMPAIGNS).number


def test_every_write_to_the_campaigns_or_the_tree_gives_a_number_never_seen(city, district_a):
    seen = {_number()}

    def changed() -> bool:
        number = _number()
        new = number not in seen
        seen.add(number)
        return new

    campaign = CampaignFactory(owner=city)
    assert changed()
    Campaign.objects.filter(pk=campaign.pk).update(title="改过的标题")  # no save(), no signal
    assert changed()
    district_a.name = "改名的区委"
    save_organization(district_a)
    assert changed()
    OrganizationFactory(parent=district_a)
    assert changed()
    Campaign.objects.filter(pk=campaign.pk).delete()
    assert changed()
    Organization.objects.filter(pk=district_a.pk).update(name=district_a.name)
    assert changed()


def test_a_write_rolled_back_leaves_the_number_as_it_was(city):
    before = _number()

    with pytest.raises(RuntimeError), transaction.atomic():
        CampaignFactory(owner=city)
        assert _number() != before  # the writer sees its own change
        raise RuntimeError

    assert _number() == before


def _screening_campaign(city, branch_a1, secretary) -> Campaign:
    campaign = CampaignFactory(owner=city, quota_value=5)
    nomination = NominationFactory(campaign=campaign, member__organization=branch_a1)
    workflow.submit(nomination, by=secretary)
    return campaign


def test_the_queue_reads_its_campaigns_once_until_one_is_written(
    client, city, branch_a1, secretary, city_admin, django_assert_num_queries
):
    campaign = _screening_campaign(city, branch_a1, secretary)
    client.force_login(city_admin)
    url = reverse("selection:screening_queue")

    # the session, the campaigns, whether the campaign's nominations all lie in it, the page
    with django_assert_num_queries(4):
        client.get(url)
    with django_assert_num_queries(2):  # the campaigns and the answer are kept
        response = client.get(url)
    assert response.context["campaign"] == campaign

    # renamed without save(): the trigger sees it all the same
    Campaign.objects.filter(pk=campaign.pk).update(title="改过的标题")
    with django_assert_num_queries(4):
        response = client.get(url)
    assert response.context["campaign"].title == "改过的标题"
    assert "改过的标题" in response.content.decode()


def test_a_campaign_leaving_screening_leaves_the_queue_at_once(
    client, city, branch_a1, secretary, city_admin
):
    campaign = _screening_campaign(city, branch_a1, secretary)
    client.force_login(city_admin)
    url = reverse("selection:screening_queue")
    assert client.get(url).context["campaign"] == campaign

    Campaign.objects.filter(pk=campaign.pk).update(phase="reviewing")

    assert client.get(url).context["campaign"] is None


def test_each_user_is_kept_their_own_campaigns(
    client, city, district_a, district_b, admin, other_admin
):
    ours = CampaignFactory(owner=district_a)
    theirs = CampaignFactory(owner=district_b)
    url = reverse("selection:dashboard")

    client.force_login(admin)
    client.get(url)
    assert client.get(url).context["campaigns"] == [ours]
    client.force_login(other_admin)
    assert client.get(url).context["campaigns"] == [theirs]


def test_a_new_organisation_gives_the_pickers_a_new_reading(
    client, city, district_a, admin, django_assert_num_queries
):
    CampaignFactory(owner=district_a)
    client.force_login(admin)
    url = reverse("selection:dashboard")
    client.get(url)

    OrganizationFactory(parent=district_a)

    assert versions.current(versions.CAMPAIGNS) is None  # outside a request: none read
    with django_assert_num_queries(4):  # the campaigns asked again
        client.get(url)


def test_outside_a_request_nothing_is_kept(city, admin, django_assert_num_queries):
    CampaignFactory(owner=city)
    scope.roles(admin)  # read once per user object

    with django_assert_num_queries(2):
        queries.campaigns(admin)
        queries.campaigns(admin)


def test_without_the_number_nothing_is_kept(
    client, city, branch_a1, secretary, city_admin, django_assert_num_queries
):
    """A database whose versions were emptied (a test's flush) keeps nothing, rather than
    keeping it for ever."""
    _screening_campaign(city, branch_a1, secretary)
    DataVersion.objects.all().delete()
    client.force_login(city_admin)

    for _ in range(2):
        with django_assert_num_queries(4):
            client.get(reverse("selection:screening_queue"))

    CampaignFactory(owner=city)  # the next write brings the number back

    assert DataVersion.objects.filter(name=versions.CAMPAIGNS).exists()


def test_kept_values_are_made_again_when_the_number_moves():
    kept = versions.Kept("things", limit=2)
    made = []

    def make(value):
        made.append(value)
        return value

    versions.read_with_session({"things": 1})
    try:
        assert kept.get("a", lambda: make("a1")) == "a1"
        assert kept.get("a", lambda: make("a2")) == "a1"
        versions.read_with_session({"things": 2})
        assert kept.get("a", lambda: make("a3")) == "a3"
        kept.get("b", lambda: make("b"))
        kept.get("c", lambda: make("c"))  # past the limit: the values are made afresh
        assert kept.get("a", lambda: make("a4")) == "a4"
        versions.read_with_session({"things": None})
        assert kept.get("a", lambda: make("a5")) == "a5"
    finally:
        versions.read_with_session(None)
    assert made == ["a1", "a3", "b", "c", "a4", "a5"]
