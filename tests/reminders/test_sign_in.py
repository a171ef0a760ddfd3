"""The reminder shown on the first page after signing in, until dismissed or past its deadline."""

import datetime

from django.urls import reverse
from django.utils import timezone

from reminders.models import ReminderLog

from .arrange import hours_before


def _remind_now(scoring, run):
    """Reminders given now, the deadline 23 hours away."""
    campaign, _cards = scoring
    campaign.reviewing_deadline = timezone.now() + datetime.timedelta(hours=23)
    campaign.save(update_fields=["reviewing_deadline"])
    run(timezone.now())
    return campaign


def test_the_sign_in_reminder_is_shown_on_the_first_page_after_signing_in(
    client, scoring, reviewer, run
):
    reviewer.set_password("pass-for-test-1")
    reviewer.save()
    _remind_now(scoring, run)

    page = client.post(
        reverse("login"),
        {"username": reviewer.username, "password": "pass-for-test-1"},
        follow=True,
    )

    assert page.redirect_chain == [(reverse("home"), 302)]
    text = page.content.decode()
    assert "您还有 3 份评分表未提交" in text
    assert reverse("evaluations:queue") in text


def test_a_dismissed_reminder_is_not_shown_again(client, scoring, reviewer, run):
    _remind_now(scoring, run)
    log = ReminderLog.objects.get(recipient=reviewer)
    client.force_login(reviewer)

    response = client.post(reverse("reminders:dismiss", args=[log.pk]))

    assert response.status_code == 302
    assert "份评分表未提交" not in client.get(reverse("home")).content.decode()
    log.refresh_from_db()
    assert log.dismissed_at is not None


def test_a_reminder_past_its_deadline_is_not_shown(client, scoring, reviewer, run):
    run(hours_before(23))
    ReminderLog.objects.update(show_until=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(reviewer)

    assert "份评分表未提交" not in client.get(reverse("home")).content.decode()


def test_another_users_reminder_cannot_be_dismissed(client, scoring, reviewer, city_admin, run):
    _remind_now(scoring, run)
    log = ReminderLog.objects.get(recipient=reviewer)
    client.force_login(city_admin)

    assert client.post(reverse("reminders:dismiss", args=[log.pk])).status_code == 404
    log.refresh_from_db()
    assert log.dismissed_at is None


def test_the_admin_sees_an_overdue_reminder_with_a_link_to_the_committee(
    client, scoring, city_admin, run
):
    campaign, _cards = scoring
    campaign.reviewing_deadline = timezone.now() - datetime.timedelta(hours=1)
    campaign.save(update_fields=["reviewing_deadline"])
    run(timezone.now())
    client.force_login(city_admin)

    text = client.get(reverse("home")).content.decode()

    assert "仍有 3 项待办" in text
    assert reverse("evaluations:committee", args=[campaign.pk]) in text
