"""撤销荣誉 after the 公示: the notice as published stays as it was (the revoked exemplar still
listed, marked, as on the archived 公示名单), and the revocation form says what 0 公告天数
means."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from selection import notice
from selection.choices import Phase, State
from selection.models import Nomination, PublicNotice
from tests.factories import CampaignFactory, NominationFactory

pytestmark = pytest.mark.django_db

REASON = "受到党内警告处分，不再符合先进条件。"


@pytest.fixture
def closed(city, branch_a1, city_admin):
    """A notice of three names (党员甲0, 党员甲1, 党员甲2) that ended last week; all three
    approved."""
    campaign = CampaignFactory(owner=city, phase=Phase.REVIEWING)
    for index in range(3):
        NominationFactory(
            campaign=campaign,
            member__name=f"党员甲{index}",
            member__organization=branch_a1,
            state=State.SHORTLISTED,
        )
    notice.open_notice(
        campaign, starts_on=timezone.localdate(), working_days=5, contact="组织部", by=city_admin
    )
    today = timezone.localdate()
    PublicNotice.objects.filter(campaign=campaign).update(
        starts_on=today - datetime.timedelta(days=14), ends_on=today - datetime.timedelta(days=7)
    )
    campaign.nominations.update(state=State.APPROVED)
    return campaign


def revoke(client, campaign, name: str, days: str):
    nomination = Nomination.objects.get(campaign=campaign, member__name=name)
    return client.post(
        reverse("selection:revoke", args=[campaign.pk, nomination.pk]),
        {"reason": REASON, "document": "江组字〔2027〕8号", "notice_days": days},
        follow=True,
    )


def test_revoking_an_honour_leaves_the_closed_notice_as_published_marking_the_name(
    client, closed, city_admin
):
    detail = reverse("public:notice_detail", args=[closed.pk])
    printable = reverse("public:notice_print", args=[closed.pk])
    before = client.get(detail).content.decode()
    client.force_login(city_admin)

    done = revoke(client, closed, "党员甲1", "0").content.decode()
    page = client.get(detail).content.decode()
    printed = client.get(printable).content.decode()

    assert "共公示 3 人" in before
    assert "已撤销党员甲1的荣誉。公告天数为 0，未发布撤销荣誉公告。" in done
    assert "共公示 3 人" in page
    marked = '党员甲1 <span class="badge text-bg-secondary notice-mark">已撤销荣誉</span>'
    for body in (page, printed):
        assert marked in body
        assert body.count("已撤销荣誉</span>") == 1
        assert "党员甲0" in body and "党员甲2" in body
        assert REASON not in body


def test_the_revocation_form_says_what_0_days_means(client, closed, city_admin):
    client.force_login(city_admin)

    page = client.get(reverse("selection:notice_manage", args=[closed.pk])).content.decode()

    assert "填 0 则不发布撤销荣誉公告。已发布的公示名单不变" in page
    assert page.count('aria-describedby="id_notice_days_') == 3


def test_a_revocation_publicised_for_some_days_says_nothing_more(client, closed, city_admin):
    client.force_login(city_admin)

    done = revoke(client, closed, "党员甲0", "30").content.decode()

    assert "已撤销党员甲0的荣誉。" in done
    assert "未发布撤销荣誉公告" not in done
