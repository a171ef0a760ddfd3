"""A confirm button says what the heading of its card says, in either language: the results
page confirms the shortlist (确定拟推荐名单), a stage's pool confirms that stage's choice
(确定本级推荐名单)."""

import pytest
from django.urls import reverse

from tests.evaluations.test_stage_final import at_top, pool_url  # noqa: F401

pytestmark = pytest.mark.django_db


def both_languages(client, url) -> tuple[str, str]:
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    client.cookies["django_language"] = "zh-hans"
    return english, client.get(url).content.decode()


def test_the_results_page_confirms_the_shortlist_its_card_is_headed_with(
    client,
    city_admin,
    review_campaign,
    ranked,
):
    ranked(2)
    client.force_login(city_admin)

    english, chinese = both_languages(
        client, reverse("evaluations:results", args=[review_campaign.pk])
    )

    assert '<h2 class="h6">Confirm the shortlist</h2>' in english
    assert ">Confirm the shortlist</button>" in english
    assert '<h2 class="h6">确定拟推荐名单</h2>' in chinese
    assert ">确定拟推荐名单</button>" in chinese


def test_a_stage_s_pool_confirms_the_choice_its_card_is_headed_with(
    client,
    at_top,  # noqa: F811
    staged,
    admins,
):
    client.force_login(admins["JC"])

    english, chinese = both_languages(client, pool_url(staged))

    assert '<h2 class="h6">Confirm this stage\'s choice</h2>' in english
    assert ">Confirm this stage's choice</button>" in english
    assert '<h2 class="h6">确定本级推荐名单</h2>' in chinese
    assert ">确定本级推荐名单</button>" in chinese
