"""An admin reopens a submitted card only while its review is open (``rules.reopen_refused``):
once the 公示 is published, the shortlist confirmed, the campaign archived or — level by level
(逐级推荐) — the card's stage has sent the nomination up, the card stays as submitted and the
cards page offers no 重新打开. A card reopened during the 公示 could never be submitted again,
and the results page would count one card fewer."""

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from evaluations import services
from evaluations.choices import CardState
from evaluations.errors import EvaluationError
from evaluations.models import Scorecard
from selection.choices import Phase, State
from tests.factories import card, scores

from .test_unranked_at_notice import open_notice_form

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("next_year_entered")]

REOPEN_FORM = 'name="reason"'


@pytest.fixture
def scored(one_place, make_nomination, panel):
    """张三, with one submitted card."""
    nomination = make_nomination(member__name="张三")
    card(nomination, panel[0], scores(20, 20, 20, 20))
    return nomination


def _reopen(client, nomination, reason="分值录入有误"):
    submitted = Scorecard.objects.get(nomination=nomination)
    return client.post(
        reverse("evaluations:reopen", args=[nomination.campaign_id, submitted.pk]),
        {"reason": reason},
        follow=True,
    )


def _cards_page(client, nomination) -> str:
    url = reverse("evaluations:cards", args=[nomination.campaign_id, nomination.pk])
    return client.get(url).content.decode()


def test_during_the_review_the_admin_reopens_a_card_from_the_cards_page(client, city_admin, scored):
    client.force_login(city_admin)
    assert REOPEN_FORM in _cards_page(client, scored)

    response = _reopen(client, scored)

    assert "评分表已重新打开，评委可修改后再次提交。" in response.content.decode()
    assert Scorecard.objects.get(nomination=scored).state == CardState.DRAFT


def test_once_the_notice_is_published_a_card_is_not_reopened_nor_offered(
    client, city_admin, one_place, scored
):
    client.force_login(city_admin)
    services.confirm_shortlist(one_place, [scored.pk], by=city_admin)
    assert "公示已发布" in open_notice_form(client, one_place).content.decode()

    page = _cards_page(client, scored)
    response = _reopen(client, scored)

    assert REOPEN_FORM not in page
    assert "活动已不在评审阶段（当前为“公示”），评分表不能再重新打开。" in page
    assert "活动已不在评审阶段（当前为“公示”），评分表不能再重新打开。" in [
        str(m) for m in response.context["messages"]
    ]
    submitted = Scorecard.objects.get(nomination=scored)
    assert (submitted.state, submitted.reopened_reason) == (CardState.SUBMITTED, "")
    assert not AuditEvent.objects.filter(verb="review.card_reopened").exists()


def test_a_shortlisted_nominee_s_card_is_not_reopened_while_the_campaign_is_in_review(
    client, city_admin, one_place, scored
):
    """The shortlist decided it: a card reopened now could not be submitted again."""
    services.confirm_shortlist(one_place, [scored.pk], by=city_admin)
    client.force_login(city_admin)

    page = _cards_page(client, scored)
    response = _reopen(client, scored)

    refusal = "这份推荐已不在评审中（当前为“拟推荐”），评分表不能再重新打开。"
    assert REOPEN_FORM not in page
    assert refusal in page
    assert refusal in [str(m) for m in response.context["messages"]]
    assert Scorecard.objects.get(nomination=scored).state == CardState.SUBMITTED


def test_an_archived_campaign_offers_no_reopening(client, city_admin, one_place, scored):
    one_place.phase, one_place.archived_at = Phase.CONCLUDED, timezone.now()
    one_place.save(update_fields=["phase", "archived_at"])
    client.force_login(city_admin)

    page = _cards_page(client, scored)
    response = _reopen(client, scored)

    assert REOPEN_FORM not in page
    assert "已于" in " ".join(str(m) for m in response.context["messages"])  # the archive's
    assert Scorecard.objects.get(nomination=scored).state == CardState.SUBMITTED


def test_a_card_not_submitted_is_not_reopened(city_admin, make_nomination, panel):
    draft = card(make_nomination(), panel[0], scores(20, 20, 20, 20), submitted=False)

    with pytest.raises(EvaluationError, match="评分表尚未提交，无需重新打开。"):
        services.reopen_card(draft, by=city_admin, reason="分值录入有误")


@pytest.mark.parametrize("count", [1, 3])
def test_the_cards_page_reads_in_the_same_queries_for_1_and_3_cards(
    client, city_admin, one_place, make_nomination, panel, count, django_assert_num_queries
):
    """Whether a card may be reopened is read once for the nomination (``reopen_standing``),
    not once per card."""
    nomination = make_nomination(member__name="张三")
    for reviewer in panel[:count]:
        card(nomination, reviewer, scores(20, 20, 20, 20))
    client.force_login(city_admin)

    # the user, the campaign, their roles, the nomination, its cards, their scores, criteria
    # and revisions, the stage it is scored at, whether its list is confirmed, the criteria
    with django_assert_num_queries(11):
        page = _cards_page(client, nomination)

    assert page.count(REOPEN_FORM) == count


# --- 逐级推荐 ----------------------------------------------------------------------------------


def test_a_stage_s_cards_are_reopened_while_its_pool_is_pending(client, city_admin, staged, noms):
    client.force_login(city_admin)
    assert REOPEN_FORM in _cards_page(client, noms["n1"])

    _reopen(client, noms["n1"])

    assert Scorecard.objects.get(nomination=noms["n1"]).state == CardState.DRAFT


def test_once_sent_up_a_nomination_s_lower_card_stays_and_the_stage_above_s_is_reopened(
    client, city_admin, staged, noms, second
):
    """n1 went up from 东区机关党委 to 区委 (``second``): its 党委 card is the basis of a choice
    made; its 区委 card, scored while 区委's pool is pending, may still be corrected."""
    client.force_login(city_admin)
    lower = Scorecard.objects.get(nomination=noms["n1"], stage=None)
    upper = Scorecard.objects.get(nomination=noms["n1"], stage=second)
    cards_url = reverse("evaluations:cards", args=[staged.pk, noms["n1"].pk])

    page = client.get(cards_url).content.decode()
    refused = client.post(
        reverse("evaluations:reopen", args=[staged.pk, lower.pk]), {"reason": "笔误"}, follow=True
    )
    reopened = client.post(
        reverse("evaluations:reopen", args=[staged.pk, upper.pk]), {"reason": "笔误"}, follow=True
    )

    assert page.count(REOPEN_FORM) == 1
    assert "这份推荐已由这一级推荐到上一级评审，这一级的评分表不能再重新打开。" in page
    assert "这份推荐已由这一级推荐到上一级评审，这一级的评分表不能再重新打开。" in [
        str(m) for m in refused.context["messages"]
    ]
    assert "评分表已重新打开，评委可修改后再次提交。" in [
        str(m) for m in reopened.context["messages"]
    ]
    lower.refresh_from_db()
    upper.refresh_from_db()
    assert (lower.state, upper.state) == (CardState.SUBMITTED, CardState.DRAFT)


def test_a_nomination_left_out_at_a_stage_keeps_its_cards_as_submitted(
    city_admin, staged, noms, second
):
    left_out = noms["n3"]  # 东区机关党委 sent n1 and n2 up
    left_out.refresh_from_db()
    assert left_out.state == State.NOT_SELECTED

    with pytest.raises(EvaluationError, match="当前为“未入选”"):
        services.reopen_card(
            Scorecard.objects.get(nomination=left_out), by=city_admin, reason="笔误"
        )

    assert Scorecard.objects.get(nomination=left_out).state == CardState.SUBMITTED
