"""逐级推荐: the campaign manager sets the stages on the stages form before the review; what it
refuses comes back as typed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from selection.models import Stage
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def test_the_campaign_manager_sets_three_stages_before_the_review(client, city, city_admin):
    campaign = CampaignFactory(owner=city, phase="nominating")
    client.force_login(city_admin)
    rows = {
        "s1-level": "committee",
        "s1-quota_kind": "ratio",
        "s1-quota_value": "5",
        "s1-runs_survey": "on",
        "s2-level": "district",
        "s2-quota_kind": "fixed",
        "s2-quota_value": "2",
        "s3-level": "city",
        "s3-quota_kind": "fixed",
        "s3-quota_value": "3",
        "s4-level": "",
    }

    response = client.post(reverse("evaluations:stages_configure", args=[campaign.pk]), rows)

    assert response.status_code == 302
    assert list(
        Stage.objects.filter(campaign=campaign).values_list("level", "quota_kind", "runs_survey")
    ) == [("committee", "ratio", True), ("district", "fixed", False), ("city", "fixed", False)]


def test_a_stage_deadline_shows_in_the_picker_and_survives_saving_the_form_again(
    client, city, city_admin
):
    campaign = CampaignFactory(owner=city, phase="nominating")
    client.force_login(city_admin)
    url = reverse("evaluations:stages_configure", args=[campaign.pk])
    rows = {"s1-level": "committee", "s1-quota_kind": "fixed", "s1-quota_value": "2"}
    rows |= {"s1-deadline": "2026-12-20T17:30", "s2-level": "city", "s2-quota_kind": "fixed"}
    client.post(url, rows | {"s2-quota_value": "1"})

    page = client.get(reverse("evaluations:stages", args=[campaign.pk])).content.decode()
    assert 'type="datetime-local" name="s1-deadline" value="2026-12-20T17:30"' in page
    resaved = {"s1-level": "committee", "s1-quota_kind": "fixed", "s1-quota_value": "3"}
    resaved |= {"s1-deadline": "2026-12-20T17:30", "s2-level": "city", "s2-quota_kind": "fixed"}
    client.post(url, resaved | {"s2-quota_value": "1"})

    first = Stage.objects.get(campaign=campaign, position=1)
    assert (first.quota_value, timezone.localtime(first.deadline).strftime("%m-%d %H:%M")) == (
        3,
        "12-20 17:30",
    )


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        (["city", "committee"], "从下级到上级"),
        (["committee", "district"], "主办组织所在层级"),
        (["city", "city"], "只能出现一次"),
    ],
)
def test_stages_out_of_order_or_not_ending_at_the_owner_are_refused(
    client, city, city_admin, levels, message
):
    campaign = CampaignFactory(owner=city, phase="nominating")
    client.force_login(city_admin)
    data = {}
    for i, level in enumerate(levels, 1):
        data |= {f"s{i}-level": level, f"s{i}-quota_kind": "fixed", f"s{i}-quota_value": "1"}

    response = client.post(
        reverse("evaluations:stages_configure", args=[campaign.pk]), data, follow=True
    )

    assert message in response.content.decode()
    assert Stage.objects.filter(campaign=campaign).count() == 0


def test_stages_cannot_change_once_the_review_has_started(client, staged, city_admin):
    client.force_login(city_admin)

    response = client.post(
        reverse("evaluations:stages_configure", args=[staged.pk]),
        {"s1-level": "city", "s1-quota_kind": "fixed", "s1-quota_value": "1"},
        follow=True,
    )

    assert "评审开始后不能再调整推荐层级" in response.content.decode()
    assert Stage.objects.filter(campaign=staged).count() == 3


@pytest.mark.parametrize(
    ("wrong", "message"),
    [
        ({"s2-quota_value": "-3"}, ""),  # the field's own check
        ({"s2-level": "committee"}, "只能出现一次"),  # the service's refusal
    ],
)
def test_stages_refused_come_back_as_typed(client, city, city_admin, wrong, message):
    """The manager typed three rows; one is wrong: the page shows the three rows as typed, the
    wrong one marked, not the stages saved before."""
    campaign = CampaignFactory(owner=city, phase="nominating")
    client.force_login(city_admin)
    data = {
        "s1-level": "committee",
        "s1-quota_kind": "fixed",
        "s1-quota_value": "4",
        "s1-deadline": "2026-12-20T17:30",
        "s2-level": "district",
        "s2-quota_kind": "fixed",
        "s2-quota_value": "2",
        "s3-level": "city",
        "s3-quota_kind": "fixed",
        "s3-quota_value": "1",
    } | wrong

    response = client.post(reverse("evaluations:stages_configure", args=[campaign.pk]), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert 'name="s1-quota_value" value="4"' in page
    assert 'name="s1-deadline" value="2026-12-20T17:30"' in page
    assert Stage.objects.filter(campaign=campaign).count() == 0


def test_the_last_level_needs_no_places_of_its_own(client, city, city_admin):
    """The page says the last level's places are the campaign's number of exemplars: its row
    may be left empty; a level below it may not."""
    campaign = CampaignFactory(owner=city, phase="nominating")
    client.force_login(city_admin)
    url = reverse("evaluations:stages_configure", args=[campaign.pk])
    rows = {"s1-level": "committee", "s1-quota_kind": "fixed", "s1-quota_value": ""}
    rows |= {"s2-level": "city", "s2-quota_kind": "", "s2-quota_value": ""}

    refused = client.post(url, rows)
    saved = client.post(url, rows | {"s1-quota_value": "2"})

    assert refused.status_code == 400 and "请填写本级名额。" in refused.content.decode()
    assert saved.status_code == 302
    assert list(Stage.objects.filter(campaign=campaign).values_list("level", "quota_value")) == [
        ("committee", 2),
        ("city", 1),
    ]
    page = client.get(reverse("evaluations:stages", args=[campaign.pk])).content.decode()
    assert 'name="s1-quota_value" value="2"' in page  # not 2.00
