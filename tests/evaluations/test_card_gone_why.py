"""A card the reviewer has open goes away under them, and their page says why: the nomination
was vetoed, found ineligible at a stage, not chosen, the level below withdrew the list that
sent it up (逐级推荐), or the organisation department took the card back. Each story ends on
the reviewer's 410 page, saving what they typed, which is kept in view."""

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.choices import (
    WITHDRAWAL_TOLD,
    WithdrawalReason,
    withdrawal_reason,
    withdrawal_told,
)
from evaluations.models import Scorecard, WithdrawnCard
from evaluations.services import confirm_stage, screen_at_stage, withdraw_stage
from selection import workflow
from selection.choices import CLOSED_STATES, IntegrityVerdict, State
from selection.models import Stage
from tests.evaluations.test_review_views import _post_scores
from tests.evaluations.test_stage_withdraw import confirmed  # noqa: F401 (a fixture)
from tests.factories import card, scores

pytestmark = pytest.mark.django_db


def stage(campaign, position: int) -> Stage:
    return Stage.objects.get(campaign=campaign, position=position)


def saved_page(client, reviewer, scorecard) -> str:
    """The reviewer saves what they typed on the card's page, after the card went: the 410
    page, with what they typed in view."""
    client.force_login(reviewer)
    typed = _post_scores(scorecard, scores(19.5, 20, 20, 24), action="save")
    response = client.post(reverse("evaluations:score", args=[scorecard.nomination_id]), typed)
    assert response.status_code == 410
    page = response.content.decode()
    assert "19.5" in page  # what was typed, in view
    assert scorecard.nomination.member.name not in page  # nothing of the nomination
    return page


def autosaved_line(client, scorecard) -> str:
    url = reverse("evaluations:autosave", args=[scorecard.nomination_id])
    response = client.post(url, _post_scores(scorecard, scores(19.5, 20, 20, 24)))
    assert response.status_code == 422
    return response.content.decode()


def test_a_vetoed_nomination_s_reviewer_is_told_it_was_vetoed(
    client, reviewer, reviewer_card, integrity_officer
):
    workflow.give_integrity_opinion(
        reviewer_card.nomination,
        by=integrity_officer,
        verdict=IntegrityVerdict.VETO,
        reason="新发现违纪线索",
    )

    page = saved_page(client, reviewer, reviewer_card)

    assert "该推荐已被一票否决，评分表已收回。您不能再保存或提交这份评分表" in page
    assert "由组织部门收回" not in page
    assert "新发现违纪线索" not in page  # the integrity officer's reason is not the reviewer's
    line = autosaved_line(client, reviewer_card)
    assert "该推荐已被一票否决，评分表已收回。本页的改动没有保存。" in line
    assert 'class="text-danger"' in line


def test_a_reviewer_at_a_stage_is_told_the_nomination_was_found_ineligible_there(
    client, reviewer, second, noms, district_a, admins
):
    Stage.objects.filter(pk=second.pk).update(recheck_eligibility=True)
    open_card = card(noms["n2"], reviewer, {}, submitted=False, stage=second)

    screen_at_stage(
        second, district_a, noms["n2"].pk, by=admins["DQ"], eligible=False, reason="受过处分"
    )

    page = saved_page(client, reviewer, open_card)
    assert "该推荐资格审查未通过，评分表已收回。" in page


def test_a_reviewer_is_told_the_nomination_was_not_chosen(
    client, reviewer, staged, noms, committee_a, admins
):
    open_card = card(noms["n2"], reviewer, {}, submitted=False)

    confirm_stage(stage(staged, 1), committee_a, [noms["n1"].pk], by=admins["DQ01"])

    assert Scorecard.objects.filter(pk=open_card.pk).exists() is False
    page = saved_page(client, reviewer, open_card)
    assert "该推荐未入选，评分表已收回。" in page


def test_a_reviewer_above_is_told_the_level_below_withdrew_its_list(
    client,
    reviewer,
    staged,
    noms,
    confirmed,  # noqa: F811
    committee_a,
    admins,
):
    open_card = card(noms["n1"], reviewer, {}, submitted=False, stage=stage(staged, 2))
    Scorecard.objects.filter(pk=open_card.pk).update(state="assigned")  # given, not begun

    withdraw_stage(confirmed, committee_a, by=admins["DQ01"], reason="名次录错")

    assert list(WithdrawnCard.objects.values_list("nomination_id", "reviewer_id", "reason")) == [
        (noms["n1"].pk, reviewer.pk, WithdrawalReason.STAGE_WITHDRAWN)
    ]
    page = saved_page(client, reviewer, open_card)
    assert "下级组织撤回了报送的推荐名单，评分表已收回。" in page
    assert "名次录错" not in page
    line = autosaved_line(client, open_card)
    assert "下级组织撤回了报送的推荐名单，评分表已收回。本页的改动没有保存。" in line


def test_a_card_the_organisation_department_took_back_says_so(
    client, reviewer, reviewer_card, city_admin
):
    services.unassign(reviewer_card, by=city_admin)

    page = saved_page(client, reviewer, reviewer_card)

    assert "这份评分表已由组织部门收回。您不能再保存或提交这份评分表" in page
    assert WithdrawnCard.objects.get().reason == WithdrawalReason.TAKEN_BACK


def test_the_english_page_says_why_in_english(client, reviewer, reviewer_card, integrity_officer):
    workflow.give_integrity_opinion(
        reviewer_card.nomination, by=integrity_officer, verdict=IntegrityVerdict.VETO, reason="x"
    )
    client.cookies["django_language"] = "en"

    page = saved_page(client, reviewer, reviewer_card)

    assert "This nomination was vetoed on integrity grounds" in page
    assert "一票否决" not in page


def test_every_way_a_nomination_ends_has_its_own_reason_and_every_reason_its_words():
    reasons = {state: withdrawal_reason(state) for state in CLOSED_STATES}

    assert reasons == {
        State.VETOED: WithdrawalReason.VETOED,
        State.INELIGIBLE: WithdrawalReason.INELIGIBLE,
        State.NOT_SELECTED: WithdrawalReason.NOT_SELECTED,
        State.WITHDRAWN: WithdrawalReason.WITHDRAWN,
    }
    assert set(WITHDRAWAL_TOLD) == set(WithdrawalReason)
    assert withdrawal_told("no_such_code") == "这份评分表已由组织部门收回。"
