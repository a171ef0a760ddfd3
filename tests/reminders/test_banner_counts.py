"""The sign-in reminder says what is still open now, not what was open when it was sent, and
goes away once nothing is left; the log keeps the count the digest listed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import services as review
from reminders.models import ReminderLog
from selection.choices import State
from tests.factories import CampaignFactory, NominationFactory

from .arrange import submit


def _due_in_23_hours(campaign, field):
    setattr(campaign, field, timezone.now() + datetime.timedelta(hours=23))
    campaign.save(update_fields=[field])


def _banner(client) -> str:
    """The reminders' section of the home page ('' where there is none)."""
    page = client.get(reverse("home")).content.decode()
    start = page.find('aria-label="截止提醒"')
    return page[start : page.find("</section>", start)] if start >= 0 else ""


def test_a_reviewer_sees_the_cards_left_now_and_no_reminder_once_all_are_submitted(
    client, scoring, reviewer, run
):
    campaign, cards = scoring
    submit(cards[0], reviewer)
    _due_in_23_hours(campaign, "reviewing_deadline")
    run(timezone.now())
    client.force_login(reviewer)
    assert "您还有 2 份评分表未提交" in _banner(client)

    submit(cards[1], reviewer)
    assert "您还有 1 份评分表未提交" in _banner(client)

    submit(cards[2], reviewer)
    assert _banner(client) == ""
    assert ReminderLog.objects.get(recipient=reviewer).items == 2  # the record stays


def test_a_secretary_sees_the_places_left_now_and_no_reminder_once_the_quota_is_used(
    client, city, secretary, branch_a1, run
):
    campaign = CampaignFactory(owner=city, phase="nominating", quota_value=2)
    _due_in_23_hours(campaign, "nominating_deadline")
    run(timezone.now())
    client.force_login(secretary)
    assert "您负责的支部还有 2 个名额未用" in _banner(client)

    NominationFactory(campaign=campaign, member__organization=branch_a1, state=State.SUBMITTED)
    assert "您负责的支部还有 1 个名额未用" in _banner(client)

    NominationFactory(campaign=campaign, member__organization=branch_a1, state=State.SUBMITTED)
    assert _banner(client) == ""
    assert ReminderLog.objects.filter(recipient=secretary).count() == 1


def test_a_reminder_goes_away_when_its_phase_is_over_before_the_deadline(
    client, city, secretary, scoring, reviewer, run
):
    nominating = CampaignFactory(owner=city, phase="nominating", quota_value=2)
    _due_in_23_hours(nominating, "nominating_deadline")
    scored, _cards = scoring
    _due_in_23_hours(scored, "reviewing_deadline")
    run(timezone.now())
    for user in (secretary, reviewer):
        client.force_login(user)
        assert _banner(client) != ""

    for campaign, phase in ((nominating, "screening"), (scored, "notice")):
        campaign.phase = phase
        campaign.save(update_fields=["phase"])

    for user in (secretary, reviewer):
        client.force_login(user)
        assert _banner(client) == ""


def test_an_admin_sees_the_work_left_now_after_a_deadline(
    client, scoring, reviewer, city_admin, run
):
    campaign, cards = scoring
    campaign.reviewing_deadline = timezone.now() - datetime.timedelta(hours=1)
    campaign.save(update_fields=["reviewing_deadline"])
    run(timezone.now())
    submit(cards[0], reviewer)
    client.force_login(city_admin)

    assert "仍有 2 项待办" in _banner(client)


def test_two_reminders_of_one_deadline_show_as_one_and_are_dismissed_together(
    client, scoring, reviewer, run
):
    campaign, _cards = scoring
    _due_in_23_hours(campaign, "reviewing_deadline")
    run(timezone.now() - datetime.timedelta(hours=49))  # the 72 h point
    run(timezone.now())  # the 24 h point
    client.force_login(reviewer)
    assert _banner(client).count("您还有 3 份评分表未提交") == 1

    newest = ReminderLog.objects.filter(recipient=reviewer).first()
    client.post(reverse("reminders:dismiss", args=[newest.pk]))

    assert _banner(client) == ""
    assert not ReminderLog.objects.filter(recipient=reviewer, dismissed_at__isnull=True).exists()


@pytest.mark.parametrize("count", [1, 3])
def test_the_reviewer_s_reminders_cost_no_query_more_for_three_than_for_one(
    client, city, reviewer, city_admin, branch_a1, run, count, django_assert_num_queries
):
    for i in range(count):
        campaign = CampaignFactory(owner=city, phase="reviewing", title=f"评审{i}")
        review.add_reviewer(campaign, reviewer, cap=None, by=city_admin)
        nomination = NominationFactory(
            campaign=campaign, member__organization=branch_a1, state=State.IN_REVIEW
        )
        review.assign(nomination, reviewer, by=city_admin)
        _due_in_23_hours(campaign, "reviewing_deadline")
    run(timezone.now())
    client.force_login(reviewer)

    # The user, the gallery, their roles, the campaigns in reach, those of their cards, the
    # reminders with what is open now, the reopened cards.
    with django_assert_num_queries(7):
        page = client.get(reverse("home")).content.decode()

    assert page.count("您还有 1 份评分表未提交") == count


@pytest.mark.parametrize("count", [1, 3])
def test_the_secretary_s_reminders_cost_no_query_more_for_three_than_for_one(
    client, city, secretary, run, count, django_assert_num_queries
):
    for i in range(count):
        campaign = CampaignFactory(owner=city, phase="nominating", title=f"推荐{i}")
        _due_in_23_hours(campaign, "nominating_deadline")
    run(timezone.now())
    client.force_login(secretary)

    # The user, the gallery, the roles, the campaigns, the reminders, those returned; and for
    # the places left now: the secretary's branches, their full members, the places used, the
    # quota overrides.
    with django_assert_num_queries(10):
        page = client.get(reverse("home")).content.decode()

    assert page.count("您负责的支部还有 2 个名额未用") == count
