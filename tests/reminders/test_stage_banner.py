"""逐级推荐: a stage's reminder on the first page after signing in, with a link to the stages
page that leads to each pool; gone once the node decided, or dismissed by its owner only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.services import confirm_stage
from reminders.models import ReminderLog
from selection.models import Stage

from .stages import admin_of, staged_at


@pytest.fixture
def dangwei(committee_a):
    return admin_of(committee_a, "dangwei_a")


@pytest.fixture
def quwei(district_a):
    return admin_of(district_a, "quwei_a")


def _campaign(hours, city, city_admin, branch_a1):
    """The campaign, its first stage due ``hours`` from now (negative: past)."""
    deadline = timezone.now() + datetime.timedelta(hours=hours)
    return staged_at(deadline, city, city_admin, [branch_a1])


def test_the_node_s_admin_sees_the_reminder_and_reaches_the_pool_from_it(
    client, city, city_admin, branch_a1, committee_a, dangwei, quwei, run
):
    campaign = _campaign(23, city, city_admin, branch_a1)
    run(timezone.now())
    client.force_login(dangwei)

    text = client.get(reverse("home")).content.decode()

    assert "还有 1 个组织尚未确定本级推荐名单" in text
    stages = reverse("evaluations:stages", args=[campaign.pk])
    assert f'href="{stages}"' in text
    pool = reverse("evaluations:stage_pool", args=[campaign.pk, 1, committee_a.pk])
    assert pool in client.get(stages).content.decode()
    assert client.get(pool).status_code == 200
    # The 区委 above is not told before the deadline.
    client.force_login(quwei)
    assert "本级推荐" not in client.get(reverse("home")).content.decode()


def test_the_reminder_goes_once_the_node_decided(
    client, city, city_admin, branch_a1, committee_a, dangwei, run
):
    campaign = _campaign(23, city, city_admin, branch_a1)
    run(timezone.now())
    first = Stage.objects.get(campaign=campaign, position=1)
    [entry] = first.entries.all()
    confirm_stage(first, committee_a, [entry.nomination_id], by=dangwei)
    client.force_login(dangwei)

    assert "尚未确定本级推荐名单" not in client.get(reverse("home")).content.decode()


def test_the_admin_above_sees_the_late_node_and_may_decide_for_it(
    client, city, city_admin, branch_a1, committee_a, dangwei, quwei, run
):
    campaign = _campaign(-1, city, city_admin, branch_a1)
    run(timezone.now())
    client.force_login(quwei)

    text = client.get(reverse("home")).content.decode()

    assert "有 1 个下级组织逾期未确定，可由您代为确定" in text
    assert f'href="{reverse("evaluations:stages", args=[campaign.pk])}"' in text
    pool = reverse("evaluations:stage_pool", args=[campaign.pk, 1, committee_a.pk])
    assert client.get(pool).status_code == 200
    client.force_login(dangwei)
    assert "逾期未确定" not in client.get(reverse("home")).content.decode()


def test_only_its_owner_dismisses_a_stage_reminder(
    client, city, city_admin, branch_a1, dangwei, quwei, run
):
    _campaign(23, city, city_admin, branch_a1)
    run(timezone.now())
    log = ReminderLog.objects.get(recipient=dangwei)

    client.force_login(quwei)
    assert client.post(reverse("reminders:dismiss", args=[log.pk])).status_code == 404
    client.force_login(dangwei)
    assert client.post(reverse("reminders:dismiss", args=[log.pk])).status_code == 302

    log.refresh_from_db()
    assert log.dismissed_at is not None
    assert "尚未确定本级推荐名单" not in client.get(reverse("home")).content.decode()
