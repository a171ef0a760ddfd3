"""A campaign's quota in the audit trail reads as the admin typed it, not as its column stores
it: a fixed quota of 1 as "1" (stored "1.00"), a ratio quota of 12.5 per cent as "12.5"."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from audit import changes
from selection import services
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def test_an_auditor_reads_a_fixed_quota_changed_from_1_to_3(client, admin, auditor, district_a):
    campaign = CampaignFactory(owner=district_a, quota_value=1)
    campaign.quota_value = 3
    services.save_campaign(campaign, by=admin)
    client.force_login(auditor)

    page = client.get(reverse("audit:list")).content.decode()

    assert '<dt>名额</dt><dd><span class="text-muted">1</span> → 3</dd>' in page
    assert "1.00" not in page and "3.00" not in page


@pytest.mark.parametrize(
    ("stored", "read"),
    [
        ("1.00", "1"),
        ("100.00", "100"),
        ("0.00", "0"),
        ("12.50", "12.5"),
        ("0.15", "0.15"),
        ("not a number", "not a number"),
        ("NaN", "NaN"),
    ],
)
def test_a_decimal_field_reads_without_the_zeros_the_column_adds(stored, read):
    with translation.override("zh-hans"):
        [(name, before, after)] = changes.rows("campaign.saved", None, {"quota_value": stored})

    assert (name, before, after) == ("名额", None, read)


def test_a_ratio_quota_and_the_kind_read_as_the_form_shows_them():
    with translation.override("en"):
        saved = changes.rows(
            "campaign.saved",
            {"quota_kind": "fixed", "quota_value": str(Decimal("2.00"))},
            {"quota_kind": "ratio", "quota_value": "12.50"},
        )

    assert saved == [
        ("Quota kind", "Fixed number", "Share of full members"),
        ("Quota", "2", "12.5"),
    ]


def test_a_number_recorded_under_a_key_of_its_own_is_shown_as_recorded():
    """Only a decimal field of the event's model is read as one: a score, a count or a
    quota override's value (recorded as typed) stays as it is."""
    with translation.override("zh-hans"):
        override = changes.rows("campaign.quota_set", None, {"value": "3.0"})
        elsewhere = changes.rows("backup.created", None, {"quota_value": "1.00"})

    assert override == [("值", None, "3.0")]
    assert elsewhere == [("quota_value", None, "1.00")]
