"""A card the reviewer has open goes away under them: the organisation department takes it back
(×, asked first when it holds saved scores), or confirms the list it would count for. The
reviewer is told, on the card's page and in the autosave's line, and loses nothing typed from
view; a nomination never theirs stays a 404."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from evaluations import rules, services
from evaluations.errors import EvaluationError
from evaluations.models import Score, Scorecard, WithdrawnCard
from selection.choices import State
from tests.evaluations.test_review_views import _post_scores
from tests.evaluations.test_unranked_at_notice import story  # noqa: F401 (a fixture)
from tests.factories import UserFactory, card, in_review, scores, user_with_role

pytestmark = pytest.mark.django_db

WITHDRAWN = "这份评分表已由组织部门收回"
CONFIRMED = "本活动的拟推荐名单已确定，这份评分表不能再修改或提交"


def _unassign(client, card_, **data):
    url = reverse("evaluations:unassign", args=[card_.nomination.campaign_id, card_.pk])
    return client.post(url, data)


@pytest.fixture
def saved_card(reviewer_card, reviewer):
    criterion = reviewer_card.nomination.campaign.criteria.order_by("position").first()
    return services.save_card(reviewer_card, by=reviewer, scores={criterion.pk: ("18", "好")})


def test_removing_a_card_with_saved_scores_asks_first_and_says_so(client, city_admin, saved_card):
    client.force_login(city_admin)

    asked = _unassign(client, saved_card)

    assert asked.status_code == 200
    page = asked.content.decode()
    assert f"已在“{saved_card.nomination.member.name}”的评分表上保存了 1 项草稿评分" in page
    assert "仍然取消分配" in page
    assert Scorecard.objects.filter(pk=saved_card.pk).exists()  # nothing done yet

    done = _unassign(client, saved_card, confirmed="1")

    assert done.status_code == 302
    assert not Scorecard.objects.filter(pk=saved_card.pk).exists()
    event = AuditEvent.objects.get(verb="review.unassigned")
    assert event.before == {"reviewer": saved_card.reviewer.get_username(), "saved_scores": 1}


def test_a_card_nothing_was_saved_on_is_removed_at_one_click(client, city_admin, reviewer_card):
    client.force_login(city_admin)

    assert _unassign(client, reviewer_card).status_code == 302

    assert not Scorecard.objects.filter(pk=reviewer_card.pk).exists()


def test_the_reviewer_of_a_removed_card_is_told_and_keeps_what_they_typed(
    client, city_admin, reviewer, saved_card
):
    services.unassign(saved_card, by=city_admin, confirmed=True)
    client.force_login(reviewer)
    nomination_pk = saved_card.nomination_id
    typed = _post_scores(saved_card, scores(19.5, 20, 20, 24), action="submit")
    criterion = saved_card.nomination.campaign.criteria.order_by("position").first()
    typed[f"comment_{criterion.pk}"] = "表现突出的评语"

    autosaved = client.post(reverse("evaluations:autosave", args=[nomination_pk]), typed)
    submitted = client.post(reverse("evaluations:score", args=[nomination_pk]), typed)
    opened = client.get(reverse("evaluations:score", args=[nomination_pk]))

    assert autosaved.status_code == 422
    assert "这份评分表已由组织部门收回。本页的改动没有保存。" in autosaved.content.decode()
    assert submitted.status_code == 410
    page = submitted.content.decode()
    assert WITHDRAWN in page
    assert "19.5" in page and "表现突出的评语" in page  # what was typed, in view
    assert saved_card.nomination.member.name not in page  # nothing of the nomination
    assert opened.status_code == 410
    assert WITHDRAWN in opened.content.decode()


def test_a_reload_leaves_app_js_the_rows_to_list_what_the_tab_kept(
    client, city_admin, reviewer, reviewer_card
):
    """A reload posts nothing: the page has the card's rows, empty and hidden, for app.js to
    fill with what this tab's save-on-leave kept; the autosave's answer says nothing was saved
    (data-not-saved), so that what was typed is kept as the page is left."""
    services.unassign(reviewer_card, by=city_admin)
    client.force_login(reviewer)
    autosave = reverse("evaluations:autosave", args=[reviewer_card.nomination_id])

    reloaded = client.get(reverse("evaluations:score", args=[reviewer_card.nomination_id]))
    answer = client.post(autosave, {})

    page = reloaded.content.decode()
    assert reloaded.status_code == 410
    assert f'<div class="typed-kept" data-kept-from="{autosave}" hidden>' in page
    criterion = reviewer_card.nomination.campaign.criteria.order_by("position").first()
    assert f'<td data-kept="points_{criterion.pk}">—</td>' in page
    assert answer.status_code == 422 and "data-not-saved" in answer.content.decode()


def test_a_nomination_never_theirs_stays_a_404(client, city_admin, reviewer_card, district_a):
    services.unassign(reviewer_card, by=city_admin)
    stranger = user_with_role("reviewer", district_a, username="rev_other")
    client.force_login(stranger)
    nomination_pk = reviewer_card.nomination_id

    assert client.get(reverse("evaluations:score", args=[nomination_pk])).status_code == 404
    assert client.post(reverse("evaluations:autosave", args=[nomination_pk]), {}).status_code == 404


def test_the_photo_of_a_removed_card_is_a_404(client, city_admin, reviewer, reviewer_card):
    services.unassign(reviewer_card, by=city_admin)
    client.force_login(reviewer)

    response = client.get(reverse("evaluations:photo", args=[reviewer_card.nomination_id]))

    assert response.status_code == 404


def test_a_removed_card_leaves_a_trace_for_its_reviewer_only(city_admin, reviewer, saved_card):
    services.unassign(saved_card, by=city_admin, confirmed=True)

    assert list(WithdrawnCard.objects.values_list("nomination_id", "reviewer_id")) == [
        (saved_card.nomination_id, reviewer.pk)
    ]


@pytest.fixture
def confirmed_over_a_draft(request):
    """张三 is scored; 李四's only card, the reviewer's, holds a saved draft (``story``)."""
    scored, unscored = request.getfixturevalue("story")
    return scored, Scorecard.objects.get(nomination=unscored)


def test_the_results_page_warns_of_cards_still_open_before_confirming(
    client, city_admin, confirmed_over_a_draft
):
    client.force_login(city_admin)
    url = reverse("evaluations:results", args=[confirmed_over_a_draft[0].campaign_id])

    page = client.get(url).content.decode()

    assert (
        "还有 1 份评分表未提交（待评分或草稿）；名单确定后，这些评分表不能再提交，不计入排名。"
    ) in page


def test_a_draft_cannot_be_submitted_once_the_shortlist_is_confirmed(
    client, city_admin, reviewer, confirmed_over_a_draft
):
    scored, draft = confirmed_over_a_draft
    services.confirm_shortlist(scored.campaign, [scored.pk], by=city_admin)
    client.force_login(reviewer)
    url = reverse("evaluations:score", args=[draft.nomination_id])
    typed = _post_scores(draft, scores(21, 20, 20, 20), action="submit")

    submitted = client.post(url, typed)
    autosaved = client.post(reverse("evaluations:autosave", args=[draft.nomination_id]), typed)

    assert submitted.status_code == 409
    page = submitted.content.decode()
    assert CONFIRMED in page
    assert "本页的改动没有保存，仍显示在下方，请自行留存。" in page
    assert 'value="21"' in page  # as typed
    assert autosaved.status_code == 422
    assert CONFIRMED in autosaved.content.decode()
    draft.refresh_from_db()
    assert draft.state == "draft"  # the draft stays, as saved
    assert list(Score.objects.filter(scorecard=draft).values_list("points", flat=True)) == [20]
    assert draft.nomination.state == State.IN_REVIEW


def test_the_service_refuses_the_submit_too(city_admin, reviewer, confirmed_over_a_draft):
    scored, draft = confirmed_over_a_draft
    services.confirm_shortlist(scored.campaign, [scored.pk], by=city_admin)

    with pytest.raises(EvaluationError, match=CONFIRMED):
        services.submit_card(draft, by=reviewer)


def test_a_vetoing_card_is_not_reopened_under_a_confirmed_list(
    city_admin, one_place, make_nomination, panel
):
    kept, vetoed = make_nomination(), make_nomination()
    card(kept, panel[0], scores(20, 20, 20, 20))
    veto = card(vetoed, UserFactory(), scores(20, 20, 20, 20), veto=True)
    assert rules.reopen_refused(veto, rules.reopen_standing(vetoed)) == ""
    services.confirm_shortlist(one_place, [kept.pk], by=city_admin)

    assert (
        rules.reopen_refused(veto, rules.reopen_standing(vetoed))
        == "本活动的拟推荐名单已确定，评分表不能再重新打开。"
    )


def test_a_stage_s_draft_is_closed_once_its_node_confirms_its_list(
    client, staged, committee_a, committee_admin, branch_a1, city_admin
):
    """逐级推荐: 王强 is chosen at the first stage over a card still a draft there."""
    chosen = in_review(
        staged, 90, by=city_admin, member__organization=branch_a1, member__name="王强"
    )
    draft = card(chosen, UserFactory(), scores(20, 20, 20, 20), submitted=False)
    client.force_login(committee_admin)
    pool_url = reverse("evaluations:stage_pool", args=[staged.pk, 1, committee_a.pk])

    page = client.get(pool_url).content.decode()
    assert "本级尚有 1 名人选的评分表未全部提交；确定名单后，这些评分表不能再提交" in page
    assert rules.card_closed(draft) == ""

    confirmed = client.post(
        reverse("evaluations:stage_confirm", args=[staged.pk, 1, committee_a.pk]),
        {"chosen": [chosen.pk], "reason": "按排名推荐"},
    )

    assert confirmed.status_code == 302
    draft = Scorecard.objects.select_related("nomination").get(pk=draft.pk)
    assert rules.card_closed(draft).startswith("这一级的推荐名单已确定，这份评分表不能再修改或提交")


def test_a_later_stage_s_card_taken_back_is_not_mistaken_for_the_earlier_submitted_one(
    client, reviewer, reviewer_card
):
    """逐级推荐: the reviewer submitted the nomination's card at a lower stage, then held its
    card at the stage above, which was taken back. What is left is the submitted card; their
    page, open on the later card, says it was taken back and keeps what they typed, rather than
    "已提交，不能再修改". A card submitted after an older withdrawal reads as usual."""
    from datetime import timedelta

    from django.utils import timezone

    earlier = WithdrawnCard.objects.create(
        nomination=reviewer_card.nomination, reviewer=reviewer
    )  # taken back before the card was submitted: not about this card
    WithdrawnCard.objects.filter(pk=earlier.pk).update(
        withdrawn_at=timezone.now() - timedelta(days=1)
    )
    Scorecard.objects.filter(pk=reviewer_card.pk).update(
        state="submitted", submitted_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(reviewer)
    url = reverse("evaluations:score", args=[reviewer_card.nomination_id])
    assert client.get(url).status_code == 200

    WithdrawnCard.objects.create(nomination=reviewer_card.nomination, reviewer=reviewer)
    typed = _post_scores(reviewer_card, scores(19.5, 20, 20, 24), action="save")
    saved = client.post(url, typed)

    assert saved.status_code == 410
    assert WITHDRAWN in saved.content.decode() and "19.5" in saved.content.decode()
