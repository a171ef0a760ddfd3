"""Organisations in the 变更 column read by name: a report's scope (recorded as organisation
paths) and a field naming an organisation (a campaign's owner, recorded by its id), the
organisations of a whole page read in one query."""

import pytest
from django.urls import reverse
from django.utils import translation

from audit import changes
from audit.services import record

pytestmark = pytest.mark.django_db


def _report_of(admin, *organizations) -> None:
    record(
        "report.requested",
        actor=admin,
        org_path=organizations[0].path,
        after={"scope": [organization.path for organization in organizations]},
    )


def test_a_report_s_scope_reads_as_the_organisations_names_not_their_paths(
    client, auditor, admin, district_a, branch_a1
):
    _report_of(admin, district_a, branch_a1)
    client.force_login(auditor)

    page = client.get(reverse("audit:list")).content.decode()

    assert f"<dt>范围</dt><dd>东区区委, {branch_a1.name}</dd>" in page
    assert f"<dd>{district_a.path}" not in page


def test_a_campaign_s_owner_reads_as_its_name_and_a_gone_organisation_as_stored(city, district_a):
    with translation.override("en"):
        moved = changes.rows(
            "campaign.saved", {"owner": city.pk}, {"owner": district_a.pk, "scope": ["/XX/"]}
        )

    assert moved == [("Organising body", "江城市委", "东区区委"), ("Scope", None, "/XX/")]


def test_a_number_under_a_key_that_names_no_organisation_stays_a_number(city):
    assert changes.shown("campaign.saved", "min_reviewers", city.pk) == str(city.pk)
    assert changes.shown("report.requested", "nomination", city.pk) == str(city.pk)


@pytest.mark.parametrize("count", [1, 3])
def test_the_page_reads_every_scope_s_organisations_in_one_query(
    client, auditor, admin, district_a, branch_a1, count, django_assert_num_queries
):
    for _ in range(count):
        _report_of(admin, district_a, branch_a1)
    client.force_login(auditor)

    with django_assert_num_queries(5):  # the page's 4, and the organisations
        page = client.get(reverse("audit:list")).content.decode()

    assert page.count("<dt>范围</dt><dd>东区区委, ") == count
