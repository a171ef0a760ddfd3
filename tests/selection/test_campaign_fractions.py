"""最低满意率 and 群众评价中评委评分权重 are fractions (0.80): the campaign form says so under each,
and an admin who types a percentage (80) is told what to type, the rest of the form kept."""

import re

import pytest
from django.urls import reverse

from selection.models import Campaign
from tests.factories import CampaignFactory, campaign_form

pytestmark = pytest.mark.django_db


def feedback(body: str, field_id: str) -> list[str]:
    """The invalid-feedback messages crispy renders under the field ``field_id``."""
    return re.findall(rf'id="error_\d+_{field_id}"><strong>(.*?)</strong>', body)


@pytest.fixture
def campaign(city):
    return CampaignFactory(owner=city, title="2026年度四好党员选树", phase="draft")


def test_the_form_explains_that_both_settings_are_fractions(client, city_admin, campaign):
    client.force_login(city_admin)

    body = client.get(reverse("selection:campaign_edit", args=[campaign.pk])).content.decode()

    help_texts = re.findall(r'id="id_(\w+)_helptext"[^>]*>(.*?)</div>', body)
    assert ("public_weight", "0 至 1 之间的小数，如 0.80 表示 80%。") in help_texts
    assert ("min_satisfaction", "0 至 1 之间的小数，如 0.80 表示 80%。") in help_texts


@pytest.mark.parametrize("typed", ["80", "1.5", "-0.1", "0.805", "八成"])
def test_an_admin_who_types_a_percentage_is_told_to_type_a_fraction(
    client, city_admin, campaign, typed
):
    client.force_login(city_admin)

    response = client.post(
        reverse("selection:campaign_edit", args=[campaign.pk]),
        campaign_form(campaign, title="改过的名称", min_satisfaction=typed),
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert feedback(body, "id_min_satisfaction") == ["请填写 0 至 1 之间的小数，如 0.80。"]
    assert 'value="改过的名称"' in body
    assert f'value="{typed}"' in body
    assert Campaign.objects.get(pk=campaign.pk).title == "2026年度四好党员选树"


def test_a_weight_of_50_is_refused_with_the_same_words(client, city_admin, campaign):
    client.force_login(city_admin)

    response = client.post(
        reverse("selection:campaign_edit", args=[campaign.pk]),
        campaign_form(campaign, public_weight="50"),
    )

    assert feedback(response.content.decode(), "id_public_weight") == [
        "请填写 0 至 1 之间的小数，如 0.80。"
    ]


def test_a_fraction_is_saved(client, city_admin, campaign):
    client.force_login(city_admin)

    response = client.post(
        reverse("selection:campaign_edit", args=[campaign.pk]),
        campaign_form(campaign, min_satisfaction="0.85", public_weight="0.6"),
    )

    assert response.status_code == 302
    saved = Campaign.objects.get(pk=campaign.pk)
    assert (str(saved.min_satisfaction), str(saved.public_weight)) == ("0.85", "0.60")
