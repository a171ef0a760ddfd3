"""A nomination the ranking leaves out (no submitted card, or a reviewer's veto) does not stay
评审中 for ever: the results page and the notice page name it, and when the 公示 opens it ends
as 未入选 with the reason, audited, its open cards gone from the reviewers' queues. The same at
the final stage of a campaign run level by level (逐级推荐)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from evaluations import services
from evaluations.choices import CardState
from evaluations.models import Scorecard
from evaluations.queries import InReview, reviewer_campaigns, warning
from evaluations.queries.unranked import SHOWN
from evaluations.services import confirm_shortlist
from members.choices import Role
from selection import notice, workflow
from selection.choices import Phase, State
from selection.models import Nomination, Stage, Transition
from tests.factories import NominationFactory, UserFactory, card, scores, user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("next_year_entered")]

NO_CARD = "未参与排名（无已提交的评分），公示时记为未入选"


@pytest.fixture
def story(one_place, make_nomination, panel, reviewer, city_admin, branch_a2):
    """张三 is scored; 李四's only card, the reviewer's, holds a saved draft, never submitted."""
    scored = make_nomination(member__name="张三")
    card(scored, panel[0], scores(20, 20, 20, 20))
    unscored = make_nomination(member__name="李四", member__organization=branch_a2)
    services.add_reviewer(one_place, reviewer, cap=None, by=city_admin)
    draft = services.assign(unscored, reviewer, by=city_admin)
    criterion = one_place.criteria.order_by("position").first()
    services.save_card(draft, by=reviewer, scores={criterion.pk: ("20", "")})
    return scored, unscored


def open_notice_form(client, campaign):
    return client.post(
        reverse("selection:notice_open", args=[campaign.pk]),
        {"starts_on": timezone.localdate().isoformat(), "working_days": 5, "contact": "市委组织部"},
        follow=True,
    )


def test_the_results_page_names_who_will_be_recorded_not_selected(client, city_admin, story):
    client.force_login(city_admin)

    page = client.get(reverse("evaluations:results", args=[story[0].campaign_id]))

    assert (
        "1 名推荐未参与排名（没有已提交的评分，或被评审委员一票否决），"
        "发布公示时将记为未入选：李四。"
    ) in page.content.decode()


def test_an_unscored_nominee_ends_not_selected_when_the_notice_opens(
    client, city_admin, reviewer, story
):
    scored, unscored = story
    campaign = scored.campaign
    client.force_login(city_admin)

    client.post(
        reverse("evaluations:shortlist", args=[campaign.pk]), {"chosen": [scored.pk]}, follow=True
    )
    unscored.refresh_from_db()
    assert unscored.state == State.IN_REVIEW  # the shortlist decides the ranked only
    notice_page = client.get(reverse("selection:notice_manage", args=[campaign.pk]))
    assert "发布公示时将记为未入选：李四。" in notice_page.content.decode()

    response = open_notice_form(client, campaign)

    assert "公示已发布" in response.content.decode()
    states = dict(Nomination.objects.values_list("member__name", "state"))
    assert states == {"张三": State.IN_NOTICE, "李四": State.NOT_SELECTED}
    campaign.refresh_from_db()
    assert campaign.phase == Phase.NOTICE
    moved = Transition.objects.get(nomination=unscored, action="not_select")
    assert (moved.source, moved.reason, moved.by) == (State.IN_REVIEW, NO_CARD, city_admin)
    audited = AuditEvent.objects.get(verb="nomination.not_select", target_id=str(unscored.pk))
    assert audited.after == {"state": State.NOT_SELECTED, "reason": NO_CARD, "cards_withdrawn": 1}
    ended = AuditEvent.objects.get(verb="review.unranked_ended")
    assert ended.after == {"not_selected": [unscored.pk], "cards_withdrawn": 1}
    assert not Scorecard.objects.filter(nomination=unscored).exists()
    assert Scorecard.objects.filter(nomination=scored).count() == 1  # submitted: kept

    client.force_login(reviewer)
    queue = client.get(reverse("evaluations:queue")).content.decode()
    assert "李四" not in queue
    # the card's page says it was withdrawn (410), nothing of the nomination
    gone = client.get(reverse("evaluations:score", args=[unscored.pk]))
    assert gone.status_code == 410
    assert "该推荐未入选，评分表已收回。" in gone.content.decode()


def test_a_reviewer_s_veto_is_the_reason_given(city_admin, one_place, make_nomination, panel):
    kept = make_nomination(member__name="张三")
    card(kept, panel[0], scores(20, 20, 20, 20))
    vetoed = make_nomination(member__name="王五")
    card(vetoed, panel[1], scores(20, 20, 20, 20), veto=True)
    confirm_shortlist(one_place, [kept.pk], by=city_admin)

    notice.open_notice(
        one_place,
        starts_on=datetime.date(2026, 12, 7),
        working_days=5,
        contact="市委组织部",
        by=city_admin,
    )

    moved = Transition.objects.get(nomination=vetoed, action="not_select")
    assert moved.reason == "评审委员一票否决，未参与排名，公示时记为未入选"
    assert Scorecard.objects.filter(nomination=vetoed).count() == 1  # the submitted card stays


def test_a_refused_notice_leaves_everyone_in_review(client, city_admin, story):
    scored, unscored = story
    client.force_login(city_admin)

    response = open_notice_form(client, scored.campaign)  # no shortlist yet

    assert "还没有确定拟推荐人选。" in response.content.decode()
    unscored.refresh_from_db()
    assert unscored.state == State.IN_REVIEW
    assert Scorecard.objects.filter(nomination=unscored).count() == 1


def test_a_veto_withdraws_the_open_cards_and_keeps_the_submitted_ones(
    client, city_admin, reviewer, panel, story
):
    """A nomination whose course ends (here by its 廉洁 veto) takes no more scores: the card
    still open leaves the reviewer's queue, the submitted one stays as the review's record."""
    _scored, unscored = story
    card(unscored, panel[0], scores(18, 18, 18, 18))
    officer = user_with_role(Role.INTEGRITY, unscored.campaign.owner, username="int_city")

    workflow.give_integrity_opinion(unscored, by=officer, verdict="veto", reason="有违纪线索")

    cards = Scorecard.objects.filter(nomination=unscored)
    assert list(cards.values_list("reviewer", "state")) == [(panel[0].pk, CardState.SUBMITTED)]
    assert reviewer_campaigns(reviewer) == []
    client.force_login(reviewer)
    # the card's page says it was withdrawn (410), nothing of the nomination
    gone = client.get(reverse("evaluations:score", args=[unscored.pk]))
    assert gone.status_code == 410
    assert "该推荐已被一票否决，评分表已收回。" in gone.content.decode()
    veto = AuditEvent.objects.get(verb="nomination.veto", target_id=str(unscored.pk))
    assert veto.after["cards_withdrawn"] == 1


def test_a_card_left_open_on_a_shortlisted_nomination_is_shown_closed(
    client, city_admin, reviewer, story
):
    """A card still open on a nomination the committee has decided is not to be filled in: the
    page says why, saving is refused with the reason."""
    scored, _unscored = story
    draft = services.assign(scored, reviewer, by=city_admin)
    confirm_shortlist(scored.campaign, [scored.pk], by=city_admin)
    client.force_login(reviewer)
    url = reverse("evaluations:score", args=[scored.pk])

    page = client.get(url).content.decode()
    posted = client.post(url, {"action": "submit"}, follow=True).content.decode()
    autosave = client.post(reverse("evaluations:autosave", args=[scored.pk]), {})

    closed = "这份推荐已不在评审中（当前为“拟推荐”），评分表不能再填写或提交。"
    assert closed in page
    assert "提交评分" not in page
    assert closed in posted
    assert autosave.status_code == 422
    assert closed in autosave.content.decode()
    draft.refresh_from_db()
    assert draft.state != CardState.SUBMITTED


def test_the_warning_names_ten_then_counts():
    rows = [InReview(pk, f"人选{pk:02d}", scored=False, vetoed=False) for pk in range(1, 13)]

    text = warning(rows)

    assert text.startswith("12 名推荐未参与排名")
    assert text.endswith(
        "：人选01、人选02、人选03、人选04、人选05、人选06、人选07、人选08、人选09、人选10等 12 名。"
    )
    assert SHOWN == 10
    assert warning([]) == ""


def test_the_final_stage_of_a_staged_campaign_ends_its_unscored_nominee_too(
    staged, noms, admins, committee_a, committee_a2, committee_b, district_a, district_b
):
    first, second, final = Stage.objects.filter(campaign=staged).order_by("position")
    confirm_stage = services.confirm_stage
    confirm_stage(first, committee_a, [noms["n1"].pk, noms["n2"].pk], by=admins["DQ01"])
    confirm_stage(first, committee_a2, [noms["n4"].pk], by=admins["DQ02"])
    confirm_stage(first, committee_b, [noms["n6"].pk], by=admins["XQ01"])
    for name, points in [("n1", 70), ("n2", 60), ("n4", 90), ("n6", 80)]:
        card(noms[name], UserFactory(), scores(*[points / 4] * 4), stage=second)
    confirm_stage(second, district_a, [noms["n4"].pk], by=admins["DQ"])
    confirm_stage(second, district_b, [noms["n6"].pk], by=admins["XQ"])
    # At the city: n6 is scored; n4's card was given but never submitted.
    card(noms["n6"], UserFactory(), scores(23, 23, 23, 23), stage=final)
    final_reviewer = user_with_role(Role.REVIEWER, staged.owner, username="rev_city")
    card(noms["n4"], final_reviewer, scores(20, 20, 20, 20), stage=final, submitted=False)

    confirm_shortlist(staged, [noms["n6"].pk], by=admins["JC"])
    assert "：n4。" in notice.unranked_warning(staged)
    notice.open_notice(
        staged,
        starts_on=datetime.date(2026, 12, 7),
        working_days=5,
        contact="市委组织部",
        by=admins["JC"],
    )

    n4 = Nomination.objects.get(pk=noms["n4"].pk)
    assert n4.state == State.NOT_SELECTED
    assert Transition.objects.get(nomination=n4, action="not_select").reason == NO_CARD
    assert AuditEvent.objects.filter(verb="nomination.not_select", target_id=str(n4.pk)).exists()
    # The open card at the city is gone; the cards submitted below are the record and stay.
    assert not Scorecard.objects.filter(nomination=n4, stage=final).exists()
    assert Scorecard.objects.filter(nomination=n4, state=CardState.SUBMITTED).count() == 2
    assert reviewer_campaigns(final_reviewer) == []  # nothing left in the queue
    assert Nomination.objects.get(pk=noms["n6"].pk).state == State.IN_NOTICE


@pytest.mark.parametrize("count", [1, 3])
def test_the_notice_page_names_them_in_the_same_queries_for_1_and_3(
    client, city_admin, one_place, make_nomination, panel, count, django_assert_num_queries
):
    kept = make_nomination(member__name="张三")
    card(kept, panel[0], scores(20, 20, 20, 20))
    for i in range(count):
        make_nomination(member__name=f"未评{i}")
    confirm_shortlist(one_place, [kept.pk], by=city_admin)
    client.force_login(city_admin)
    url = reverse("selection:notice_manage", args=[one_place.pk])

    # the user, their roles, the campaign, its notice, whether a shortlist is confirmed, the
    # nominations in review, those waiting for screening, the finalists
    with django_assert_num_queries(8):
        page = client.get(url).content.decode()

    assert f"{count} 名推荐未参与排名" in page


def test_the_warning_reads_in_english():
    from django.utils import translation

    rows = [InReview(1, "李四", scored=False, vetoed=False)]
    with translation.override("en"):
        text = warning(rows)

    assert text == (
        "1 nomination took no part in the ranking (no submitted scorecard, or a reviewer's "
        "veto) and will be recorded not selected when the public notice opens: 李四."
    )


def test_a_nomination_screened_eligible_but_never_given_a_card_ends_too(
    client, city_admin, story, branch_a2
):
    scored, _unscored = story
    campaign = scored.campaign
    forgotten = NominationFactory(
        campaign=campaign, member__name="王五", member__organization=branch_a2, state=State.ELIGIBLE
    )
    confirm_shortlist(campaign, [scored.pk], by=city_admin)
    client.force_login(city_admin)

    warned = client.get(reverse("selection:notice_manage", args=[campaign.pk])).content.decode()
    open_notice_form(client, campaign)

    assert "王五" in warned
    forgotten.refresh_from_db()
    assert forgotten.state == State.NOT_SELECTED
    moved = Transition.objects.get(nomination=forgotten, action="not_select")
    assert (moved.source, moved.reason) == (State.ELIGIBLE, NO_CARD)


def test_before_a_shortlist_the_notice_page_offers_no_form_and_warns_of_no_one(
    client, city_admin, story
):
    """Before the shortlist every nomination is still in review: none is to be named as left
    out, and the 公示 cannot open yet."""
    client.force_login(city_admin)

    page = client.get(reverse("selection:notice_manage", args=[story[0].campaign_id]))

    body = page.content.decode()
    assert "评审阶段确定拟推荐名单后，可在此发布公示。" in body
    assert "未参与排名" not in body
    assert "发布公示</button>" not in body
