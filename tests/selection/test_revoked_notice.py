"""撤销荣誉 after the 公示: the notice as published stays as it was (the revoked exemplar still
listed, marked, as on the archived 公示名单), the revocation form says what 0 公告天数
means, and a refused one comes back open, as typed, each error at its field."""

import datetime
import re

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


def feedback(body: str, field_id: str) -> list[str]:
    """The invalid-feedback messages crispy renders under the field ``field_id``."""
    return re.findall(rf'id="error_\d+_{field_id}"><strong>(.*?)</strong>', body)


def test_a_refused_revocation_comes_back_open_as_typed_each_error_at_its_field(
    client, closed, city_admin
):
    nomination = Nomination.objects.get(campaign=closed, member__name="党员甲1")
    client.force_login(city_admin)

    response = client.post(
        reverse("selection:revoke", args=[closed.pk, nomination.pk]),
        {"reason": "   ", "document": "  ", "notice_days": "-5"},
    )

    body = response.content.decode()
    nomination.refresh_from_db()
    assert response.status_code == 400
    assert nomination.state == State.APPROVED
    assert "未撤销党员甲1的荣誉：请按提示修改下面标出的项目。" in body
    assert feedback(body, f"id_reason_{nomination.pk}") == ["请填写“撤销理由”。"]
    assert feedback(body, f"id_document_{nomination.pk}") == ["请填写“撤销决定文号”。"]
    assert feedback(body, f"id_notice_days_{nomination.pk}") == ["公告天数不能少于 0 天。"]
    assert body.count('<details class="revoke" open>') == 1
    assert "这个字段是必填项" not in body


def test_a_refused_revocation_keeps_what_was_typed(client, closed, city_admin):
    nomination = Nomination.objects.get(campaign=closed, member__name="党员甲1")
    client.force_login(city_admin)

    response = client.post(
        reverse("selection:revoke", args=[closed.pk, nomination.pk]),
        {"reason": REASON, "document": "江组字〔2027〕8号", "notice_days": "400"},
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert f"{REASON}</textarea>" in body
    assert 'value="江组字〔2027〕8号"' in body
    assert re.search(r'name="notice_days" value="400"', body)
    assert feedback(body, f"id_notice_days_{nomination.pk}") == ["公告天数不超过 365 天。"]
    assert feedback(body, f"id_reason_{nomination.pk}") == []


def test_a_repeated_revocation_is_refused_on_the_page_keeping_the_first(client, closed, city_admin):
    """A second tab, or a double click: the honour is revoked already."""
    nomination = Nomination.objects.get(campaign=closed, member__name="党员甲1")
    client.force_login(city_admin)
    revoke(client, closed, "党员甲1", "5")

    response = client.post(
        reverse("selection:revoke", args=[closed.pk, nomination.pk]),
        {"reason": REASON, "document": "江组字〔2027〕9号", "notice_days": "5"},
    )

    body = response.content.decode()
    nomination.revocation.refresh_from_db()
    assert response.status_code == 400
    assert nomination.revocation.document == "江组字〔2027〕8号"
    assert "江组字〔2027〕8号 · " in body
    assert "该推荐当前为“已撤销荣誉”，不能撤销荣誉（可能已被处理）。" in body
