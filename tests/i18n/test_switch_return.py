"""The language switch brings the user back to the page they were on, in the other language."""

import re

import pytest
from django.urls import reverse

from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def review_campaign(city):
    return CampaignFactory(owner=city, phase="reviewing", title="评审中的活动")


def _switch_next(response) -> str:
    html = response.content.decode()
    form = re.search(r'<form action="/i18n/setlang/".*?</form>', html, re.S).group(0)
    return re.search(r'name="next" type="hidden" value="([^"]*)"', form).group(1)


def test_a_page_comes_back_with_its_query(client, city_admin, review_campaign):
    client.force_login(city_admin)
    page = reverse("evaluations:committee", args=[review_campaign.pk]) + "?q=%E5%BC%A0"

    assert _switch_next(client.get(page)).replace("&amp;", "&") == page


def test_a_refused_form_switches_back_to_the_page_it_was_sent_from(
    client, city_admin, review_campaign
):
    """The admin's criteria do not add up to 100: the committee page is shown again at the
    form's address, which only takes the form. Switching the language there must not lead to
    a 405 but back to the committee page."""
    client.force_login(city_admin)
    committee = reverse("evaluations:committee", args=[review_campaign.pk])
    save = reverse("evaluations:save_criteria", args=[review_campaign.pk])

    refused = client.post(save, {}, HTTP_REFERER=f"http://testserver{committee}")
    back = _switch_next(refused)
    switched = client.post(reverse("set_language"), {"language": "en", "next": back})

    assert refused.status_code == 400
    assert back == committee
    assert switched.status_code == 302 and switched["Location"] == committee
    assert client.get(committee).status_code == 200


def test_a_refused_form_without_a_referer_stays_where_it_is(client, city_admin, review_campaign):
    client.force_login(city_admin)
    save = reverse("evaluations:save_criteria", args=[review_campaign.pk])

    assert _switch_next(client.post(save, {})) == save


def test_a_visitors_switch_keeps_no_query(client):
    assert _switch_next(client.get(reverse("public:notice_list") + "?page=2")) == reverse(
        "public:notice_list"
    )
