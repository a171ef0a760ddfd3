"""The integrity queue opens, without ?campaign=, on a campaign whose opinions are awaited — of
several, the one whose screening ends first — not on a newer campaign with nothing waiting
(the walk: an admin opened a new campaign, and the queue said nothing awaited an opinion while
two older campaigns had opinions due). The picker says how many are awaited in each campaign,
counted in the page's own queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.choices import Role
from selection import workflow
from selection.choices import Phase
from tests.factories import CampaignFactory, NominationFactory, user_with_role

pytestmark = pytest.mark.django_db

SOON = timezone.make_aware(datetime.datetime(2026, 12, 21, 17, 0))
LATER = timezone.make_aware(datetime.datetime(2027, 1, 11, 17, 0))


def _awaiting(city, branch, secretary, count: int, **fields):
    """A campaign with ``count`` nominations of ``branch`` submitted, no opinion given."""
    phase = fields.pop("phase", Phase.NOMINATING)
    campaign = CampaignFactory(owner=city, quota_value=5, **fields)
    for _ in range(count):
        workflow.submit(
            NominationFactory(campaign=campaign, member__organization=branch), by=secretary
        )
    campaign.phase = phase  # submitted while nominating, then on to ``phase``
    campaign.save()
    return campaign


def _queue(client, user, **params):
    client.force_login(user)
    return client.get(reverse("selection:integrity_queue"), params)


def test_the_queue_opens_on_the_older_campaign_with_opinions_awaited(
    client, city, branch_a1, secretary, integrity_officer
):
    older = _awaiting(city, branch_a1, secretary, 2, screening_deadline=LATER)
    CampaignFactory(owner=city, title="新建的活动")  # newer, nothing submitted

    response = _queue(client, integrity_officer)

    assert response.context["campaign"] == older
    assert "没有需要出具意见的推荐" not in response.content.decode()


def test_of_two_campaigns_awaiting_it_opens_on_the_one_whose_screening_ends_first(
    client, city, branch_a1, secretary, integrity_officer
):
    _awaiting(city, branch_a1, secretary, 1, screening_deadline=LATER)
    sooner = _awaiting(city, branch_a1, secretary, 1, screening_deadline=SOON, phase="screening")
    _awaiting(city, branch_a1, secretary, 1)  # no deadline: last

    assert _queue(client, integrity_officer).context["campaign"] == sooner


def test_with_nothing_awaited_anywhere_it_opens_on_the_newest(
    client, city, branch_a1, secretary, integrity_officer, admin
):
    CampaignFactory(owner=city)
    newest = CampaignFactory(owner=city)

    assert _queue(client, integrity_officer).context["campaign"] == newest


def test_a_chosen_campaign_is_shown_even_with_nothing_awaited(
    client, city, branch_a1, secretary, integrity_officer
):
    _awaiting(city, branch_a1, secretary, 1)
    empty = CampaignFactory(owner=city)

    response = _queue(client, integrity_officer, campaign=empty.pk)

    assert response.context["campaign"] == empty
    assert "没有需要出具意见的推荐。" in response.content.decode()


def test_the_picker_says_how_many_opinions_each_campaign_awaits(
    client, city, branch_a1, secretary, integrity_officer
):
    awaiting = _awaiting(city, branch_a1, secretary, 2, title="甲活动")
    given = _awaiting(city, branch_a1, secretary, 1, title="乙活动")
    for nomination in given.nominations.all():
        workflow.give_integrity_opinion(nomination, by=integrity_officer, verdict="pass")

    page = _queue(client, integrity_officer).content.decode()

    assert f'<option value="{awaiting.pk}" selected>甲活动（推荐，2 份意见待出具）</option>' in page
    assert f'<option value="{given.pk}">乙活动（推荐）</option>' in page


def test_the_picker_counts_only_the_officer_s_own_scope(
    client, city, branch_a1, branch_b1, secretary, integrity_officer
):
    other = user_with_role(Role.SECRETARY, branch_b1, username="sec_b1")
    campaign = _awaiting(city, branch_a1, secretary, 1, title="甲活动")
    for _ in range(2):
        workflow.submit(
            NominationFactory(campaign=campaign, member__organization=branch_b1), by=other
        )
    CampaignFactory(owner=city, title="乙活动")

    page = _queue(client, integrity_officer).content.decode()

    assert "甲活动（推荐，1 份意见待出具）" in page


@pytest.mark.parametrize("count", [1, 3])
def test_the_counts_cost_no_query_per_campaign(
    client, city, branch_a1, secretary, integrity_officer, count, django_assert_num_queries
):
    for _ in range(count):
        _awaiting(city, branch_a1, secretary, count, phase=Phase.SCREENING)
    client.force_login(integrity_officer)

    # The campaigns with their counts, the page's count and rows, the opinions given, and the
    # session's two: as before the counts.
    with django_assert_num_queries(6):
        response = client.get(reverse("selection:integrity_queue"))

    # One campaign has no picker; three are each told their three.
    labels = response.content.decode().count("（资格审查，3 份意见待出具）</option>")
    assert labels == (3 if count == 3 else 0)


def test_in_english_the_picker_counts_in_the_singular_and_the_plural(
    client, city, branch_a1, secretary, integrity_officer
):
    one = _awaiting(city, branch_a1, secretary, 1, title="A")
    two = _awaiting(city, branch_a1, secretary, 2, title="B")
    client.cookies["django_language"] = "en"

    page = _queue(client, integrity_officer).content.decode()

    assert f'<option value="{one.pk}">A (Nominations, 1 opinion pending)</option>' in page
    assert f'<option value="{two.pk}" selected>B (Nominations, 2 opinions pending)</option>' in page


def test_the_last_opinion_of_a_campaign_comes_back_to_that_campaign(
    client, city, branch_a1, secretary, integrity_officer
):
    """Opened without ?campaign=, the queue's forms still come back to the campaign shown, with
    the opinion just given listed, not to another campaign that has opinions awaited."""
    sooner = _awaiting(city, branch_a1, secretary, 1, screening_deadline=SOON)
    _awaiting(city, branch_a1, secretary, 1, screening_deadline=LATER)
    nomination = sooner.nominations.get()
    client.force_login(integrity_officer)
    queue = reverse("selection:integrity_queue")
    page = client.get(queue).content.decode()
    assert f'name="next" value="{queue}?campaign={sooner.pk}"' in page

    response = client.post(
        reverse("selection:nomination_integrity", args=[nomination.pk]),
        {"verdict": "pass", "next": f"{queue}?campaign={sooner.pk}"},
        follow=True,
    )

    assert response.context["campaign"] == sooner
    assert [opinion.nomination for opinion in response.context["given"]] == [nomination]


def test_the_opinions_given_open_on_the_newest_campaign_not_where_opinions_are_awaited(
    client, city, branch_a1, secretary, integrity_officer
):
    """All the opinions given (reached from the queue with ?campaign=) open, without a choice,
    as every picker does: on the newest campaign. The queue's default is the queue's own."""
    _awaiting(city, branch_a1, secretary, 1, screening_deadline=SOON)
    newest = CampaignFactory(owner=city)
    client.force_login(integrity_officer)

    response = client.get(reverse("selection:integrity_opinions"))

    assert response.context["campaign"] == newest
