"""逐级推荐: a stage reminder's banner counts the nodes the reminder was about for its reader,
by the rule its digest chose them (``queries.told_of``), so banner and e-mail say the same
number. An admin is told of its own nodes (and of those below it with no admins of their own),
not of the nodes below it that have admins of their own, though it may see them all.

A campaign of two stages, 党委 then 市委: at the first, the 东区区委 acts as the 党委 of the
branch directly under it (its own node), beside 东区机关党委 and 东区教育党委, each with
admins of its own. After the deadline the city's admin, above the 区委, is told of its node
only, the 区委's admin of the two 党委s.
"""

import datetime

import pytest
from django.urls import reverse

from members.choices import OrgKind
from reminders.models import ReminderLog
from selection.models import Stage
from tests.factories import OrganizationFactory, in_review, staged_campaign

from .arrange import DEADLINE, hours_before
from .stages import admin_of


@pytest.fixture
def campaign(city, city_admin, district_a, branch_a1, branch_a3):
    direct = OrganizationFactory(code="DQ-JG", name="区直机关支部", parent=district_a)
    made = staged_campaign(city, [(OrgKind.COMMITTEE, 1), (OrgKind.CITY, 1)], by=city_admin)
    Stage.objects.filter(campaign=made, position=1).update(deadline=DEADLINE)
    for total, branch in enumerate((direct, branch_a1, branch_a3), start=70):
        in_review(made, total, by=city_admin, member__organization=branch)
    return made


@pytest.fixture
def people(committee_a, committee_a2, district_a):
    return {
        "quwei": admin_of(district_a, "quwei_a"),
        "dangwei": admin_of(committee_a, "dangwei_a"),
        "dangwei2": admin_of(committee_a2, "dangwei_a2"),
    }


def _mail_to(mailoutbox, user):
    [mail] = [m for m in mailoutbox if m.to == [user.email]]
    return mail.body


def _banner(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


def test_before_the_deadline_the_district_s_banner_counts_its_own_node_as_its_e_mail_does(
    client, campaign, people, run, mailoutbox
):
    run(hours_before(23))

    mailed = _mail_to(mailoutbox, people["quwei"])
    banner = _banner(client, people["quwei"])

    assert "东区区委（第1级）" in mailed
    assert "东区机关党委" not in mailed and "东区教育党委" not in mailed
    assert ReminderLog.objects.get(recipient=people["quwei"]).items == 1
    assert "还有 1 个组织尚未确定本级推荐名单" in banner
    assert "还有 1 个组织尚未确定本级推荐名单" in _banner(client, people["dangwei"])


def test_after_the_deadline_each_admin_above_counts_the_late_nodes_it_was_told_of(
    client, campaign, people, city_admin, run, mailoutbox
):
    run(DEADLINE + datetime.timedelta(minutes=5))

    to_city = _mail_to(mailoutbox, city_admin)
    to_district = _mail_to(mailoutbox, people["quwei"])

    assert "东区区委（第1级）" in to_city and "东区机关党委" not in to_city
    assert "东区机关党委（第1级）" in to_district and "东区教育党委（第1级）" in to_district
    assert "有 1 个下级组织逾期未确定，可由您代为确定" in _banner(client, city_admin)
    assert "有 2 个下级组织逾期未确定，可由您代为确定" in _banner(client, people["quwei"])
