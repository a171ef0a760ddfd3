"""The final stage's pool (逐级推荐, the top level, here 市委): its choice is the shortlist. A
refused choice comes back with the reason typed, the confirm dialog says what confirming does
there, and once confirmed the page points to the 公示."""

import pytest
from django.urls import reverse

from evaluations.services import confirm_stage
from selection.choices import State
from selection.models import Campaign, Nomination, Stage
from tests.evaluations.choosing import ticked
from tests.factories import UserFactory, card, scores

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_top(second, staged, noms, district_a, district_b, admins):
    """The 区委s sent n1 and n6 up to 市委, whose reviewers scored them (n1 first)."""
    confirm_stage(second, district_a, [noms["n1"].pk], by=admins["DQ"])
    confirm_stage(second, district_b, [noms["n6"].pk], by=admins["XQ"])
    final = Stage.objects.get(campaign=staged, position=3)
    for name, points in (("n1", 22), ("n6", 20)):
        card(noms[name], UserFactory(), scores(points, points, points, points), stage=final)
    return final


def pool_url(campaign) -> str:
    return reverse("evaluations:stage_pool", args=[campaign.pk, 3, campaign.owner_id])


def confirm(client, campaign, chosen, reason=""):
    return client.post(
        reverse("evaluations:stage_confirm", args=[campaign.pk, 3, campaign.owner_id]),
        {"chosen": [n.pk for n in chosen], "reason": reason},
        follow=True,
    )


def test_ticking_more_than_the_places_keeps_the_ticks_and_the_reason_typed(
    client, at_top, staged, noms, admins
):
    """市委 has one place; its admin ticks both, explains why and presses 确定本级推荐名单."""
    Campaign.objects.filter(pk=staged.pk).update(exemplar_count=1)
    Stage.objects.filter(pk=at_top.pk).update(quota_value=1)
    client.force_login(admins["JC"])

    response = confirm(client, staged, [noms["n1"], noms["n6"]], reason="两人事迹同样突出")
    page = response.content.decode()

    assert response.status_code == 400
    assert page.count("拟推荐人数不能超过 1 名。") == 1
    assert ">两人事迹同样突出</textarea>" in page
    assert ticked(page) == 2
    assert not Nomination.objects.filter(state=State.SHORTLISTED).exists()


def test_the_final_stage_says_its_choice_is_the_shortlist_not_sent_up(
    client, at_top, staged, admins
):
    client.force_login(admins["JC"])

    page = client.get(pool_url(staged)).content.decode()

    assert "本级为最后一级：选中的人选即为拟推荐名单，下一步发布公示" in page
    assert "上报上一级" not in page


def test_a_stage_below_the_top_still_sends_its_choice_up(
    client, staged, committee_a, committee_admin, nominees
):
    nominees(1)
    client.force_login(committee_admin)

    page = client.get(
        reverse("evaluations:stage_pool", args=[staged.pk, 1, committee_a.pk])
    ).content.decode()

    assert "选中的人选上报上一级" in page
    assert "本级为最后一级" not in page


def test_once_the_final_stage_confirms_the_page_points_to_the_notice(
    client, at_top, staged, noms, admins
):
    client.force_login(admins["JC"])
    notice = reverse("selection:notice_manage", args=[staged.pk])

    before = client.get(pool_url(staged)).content.decode()
    page = confirm(client, staged, [noms["n1"], noms["n6"]]).content.decode()

    assert "下一步：发布公示。" not in before
    assert "本级推荐名单已确定：2 名。" in page
    assert f'拟推荐名单已确定。下一步：发布公示。 <a class="alert-link" href="{notice}">' in page
    assert "发布公示</button>" in client.get(notice).content.decode()
