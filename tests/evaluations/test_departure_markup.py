"""The confirm form's warning that a choice departs from rank order follows the ticks in the
browser (static/js/pick-count.js; tests/e2e/test_departure_warning.py). The server renders it
for the ticks it renders — hidden when they keep to the rank order — with the rank order the
script reads, as far down as the page's boxes reach; the services still decide on submit."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.evaluations.choosing import departure_warning
from tests.evaluations.test_results_choice import url

pytestmark = pytest.mark.django_db


def warning_tag(order, reason_field, *, hidden):
    return (
        '<div class="alert alert-warning small py-2 choice-departs" id="choice-departs" '
        f'data-rank-order="{" ".join(str(n.pk) for n in order)}" data-boxes="chosen" '
        f'data-reason="{reason_field}"{" hidden" if hidden else ""}>'
    )


def test_the_places_ticked_by_default_render_the_warning_hidden_with_the_rank_order(
    client, city_admin, review_campaign, ranked
):
    made = ranked(3)
    client.force_login(city_admin)

    page = client.get(url(review_campaign)).content.decode()

    assert departure_warning(page) == warning_tag(made, "shortlist-reason", hidden=True)
    assert 'id="shortlist-reason"' in page
    assert "js/pick-count.js" in page


def test_a_choice_that_departs_renders_the_warning_shown_and_who_departs(
    client, city_admin, review_campaign, ranked
):
    made = ranked(3)
    client.force_login(city_admin)
    chosen = {"picked": 1, "chosen": [made[0].pk, made[2].pk]}

    page = client.get(url(review_campaign, **chosen)).content.decode()

    assert departure_warning(page) == warning_tag(made, "shortlist-reason", hidden=False)
    assert (
        "所选名单与排名顺序不一致，须写明理由。<span data-stale-on-change><br>"
        "排名顺序外选入：第3名 人选03<br>按排名应选而未选：第2名 人选02</span>"
    ) in page


def test_on_a_later_page_the_rank_order_reaches_as_far_as_its_boxes(
    client, city_admin, review_campaign, ranked, small_result_pages
):
    """On page 3 (人选05) with 人选01 ticked on page 1: two boxes, so at most two ticked, and
    the first two of the rank order tell whether they keep to it."""
    made = ranked(5)
    client.force_login(city_admin)
    chosen = {"picked": 1, "chosen": [made[0].pk], "page": 3}

    page = client.get(url(review_campaign, **chosen)).content.decode()

    assert departure_warning(page) == warning_tag(made[:2], "shortlist-reason", hidden=True)


def test_a_node_s_pool_renders_the_same_warning_for_its_reason_field(
    client, staged, committee_a, committee_admin, nominees
):
    made = nominees(3)
    client.force_login(committee_admin)
    pool = reverse("evaluations:stage_pool", args=[staged.pk, 1, committee_a.pk])

    page = client.get(f"{pool}?{urlencode({'picked': 1, 'chosen': made[2].pk})}")

    text = page.content.decode()
    assert departure_warning(text) == warning_tag(made, "stage-reason", hidden=False)
    assert 'id="stage-reason"' in text


def test_a_confirmed_list_has_no_live_warning(client, city_admin, review_campaign, ranked):
    """The confirmed list says its own departures; ticks changed there are confirmed through
    修改名单, whose form then warns."""
    from evaluations import services

    made = ranked(3)
    services.confirm_shortlist(review_campaign, [made[0].pk, made[1].pk], by=city_admin)
    client.force_login(city_admin)

    page = client.get(url(review_campaign)).content.decode()

    assert 'id="shortlist-confirmed"' in page
    assert 'id="choice-departs"' not in page
