"""A node's list is not confirmed over candidates nobody scored without a word (逐级推荐): a
pool that still holds nominations in the running with no card submitted at this stage says how
many before the confirm button, and confirming it is refused, naming them, until a reason is
written; the reason is kept on their decision and in the audit row. Whoever confirms — the
node's admin, a 党总支's, or an admin above deciding for a late node — answers the same rule."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from selection import stages, workflow
from selection.choices import StageDecision, State
from selection.fixed_reasons import UNSCORED as UNSCORED_REASON
from selection.models import Nomination, StageEntry, Transition
from tests.evaluations.test_stage_nodes import past_deadline
from tests.factories import NominationFactory, in_review

pytestmark = pytest.mark.django_db

UNSCORED = "以下 2 名人选尚无已提交的评分表，确定名单后将未经评分记为未推荐：袁丹丹、陶桂芝。"


def unscored(campaign, branch, name, *, by):
    """A nomination gone into its first-stage pool whose cards no one has submitted."""
    nomination = NominationFactory(
        campaign=campaign, state=State.ELIGIBLE, member__organization=branch, member__name=name
    )
    workflow.start_review(nomination, by=by)
    return nomination


@pytest.fixture
def pool(staged, branch_a1, city_admin):
    """东区机关党委's first-stage pool (2 places): two nominees scored, two nobody scored."""
    return {
        "scored": [
            in_review(staged, total, by=city_admin, member__organization=branch_a1, member__name=n)
            for n, total in (("王强", 90), ("李娜", 80))
        ],
        "unscored": [
            unscored(staged, branch_a1, name, by=city_admin) for name in ("陶桂芝", "袁丹丹")
        ],
    }


def pool_url(campaign, node) -> str:
    return reverse("evaluations:stage_pool", args=[campaign.pk, 1, node.pk])


def confirm(client, campaign, node, chosen, reason=""):
    return client.post(
        reverse("evaluations:stage_confirm", args=[campaign.pk, 1, node.pk]),
        {"chosen": [nomination.pk for nomination in chosen], "reason": reason},
    )


def nothing_decided(campaign) -> bool:
    entries = StageEntry.objects.filter(stage__campaign=campaign)
    return (
        not entries.exclude(decision=StageDecision.PENDING).exists()
        and not Transition.objects.filter(target=State.NOT_SELECTED).exists()
        and not AuditEvent.objects.filter(verb="review.stage_confirmed").exists()
    )


def test_the_pool_says_before_the_confirm_button_how_many_have_no_card(
    client, staged, committee_a, committee_admin, pool
):
    client.force_login(committee_admin)

    page = client.get(pool_url(staged, committee_a)).content.decode()

    notice = page.index("本级尚有 2 名人选没有已提交的评分表，不能推荐；现在确定名单，将未经评分")
    assert page.index("确定本级推荐名单</h2>") < notice < page.index('id="stage-reason"')


def test_the_node_s_admin_is_refused_without_a_reason_and_told_whom_nobody_scored(
    client, staged, committee_a, committee_admin, pool
):
    client.force_login(committee_admin)

    response = confirm(client, staged, committee_a, pool["scored"])  # the top two, in order

    assert response.status_code == 400
    refusal = response.content.decode().split('id="choice-refusal"')[1]
    assert UNSCORED in refusal
    assert nothing_decided(staged)


def test_with_a_reason_the_unscored_are_recorded_not_chosen_the_reason_on_the_choice(
    client, staged, committee_a, committee_admin, pool
):
    client.force_login(committee_admin)
    reason = "二人材料未按时报送，本级评委会议决定不再等待评分"

    response = confirm(client, staged, committee_a, pool["scored"], reason)

    assert response.status_code == 302
    for nomination in pool["unscored"]:
        entry = StageEntry.objects.get(stage__position=1, nomination=nomination)
        assert (entry.decision, entry.reason, entry.rank) == (
            StageDecision.NOT_CHOSEN,
            reason,
            None,
        )
        assert Nomination.objects.get(pk=nomination.pk).state == State.NOT_SELECTED
        # Their history says why about them only, not the node's reason (the whole choice's).
        assert Transition.objects.get(nomination=nomination, target=State.NOT_SELECTED).reason == (
            UNSCORED_REASON
        )
    event = AuditEvent.objects.get(verb="review.stage_confirmed")
    assert event.after["unscored"] == sorted(n.pk for n in pool["unscored"])
    assert event.after["reason"] == reason
    assert event.after["departs"] is False


def test_the_refusal_naming_the_unscored_is_not_said_again_by_the_notice(
    client, staged, committee_a, committee_admin, pool
):
    client.force_login(committee_admin)

    page = confirm(client, staged, committee_a, pool["scored"]).content.decode()

    assert UNSCORED in page.split('id="choice-refusal"')[1]
    assert "本级尚有 2 名人选没有已提交的评分表" not in page


def test_a_refusal_on_other_ground_keeps_the_notice_of_the_unscored(
    client, staged, committee_a, committee_admin, pool
):
    client.force_login(committee_admin)

    page = confirm(client, staged, committee_a, [*pool["scored"], pool["unscored"][0]])

    assert "本级推荐名额为 2 名，所选人数超出。" in page.content.decode()
    assert "本级尚有 2 名人选没有已提交的评分表" in page.content.decode()


def test_a_departure_and_unscored_candidates_are_both_said_in_one_refusal(
    client, staged, committee_a, committee_admin, pool
):
    client.force_login(committee_admin)

    response = confirm(client, staged, committee_a, pool["scored"][1:])  # rank 2 only

    refusal = response.content.decode().split('id="choice-refusal"')[1]
    assert "所选名单与排名顺序不一致，请写明理由。" + UNSCORED in refusal
    assert nothing_decided(staged)


def test_a_pool_everyone_has_scored_confirms_as_before_without_a_reason(
    client, staged, committee_a, committee_admin, branch_a1, city_admin
):
    made = [
        in_review(staged, total, by=city_admin, member__organization=branch_a1)
        for total in (90, 80, 70)
    ]
    client.force_login(committee_admin)

    page = client.get(pool_url(staged, committee_a)).content.decode()
    response = confirm(client, staged, committee_a, made[:2])

    assert "没有已提交的评分表" not in page
    assert response.status_code == 302
    event = AuditEvent.objects.get(verb="review.stage_confirmed")
    assert (event.after["unscored"], event.after["reason"]) == ([], "")


def test_a_zongzhi_s_admin_answers_the_same_rule(client, zongzhi_staged, zongzhi_tree, city_admin):
    branch, first = zongzhi_tree["branch1"], zongzhi_tree["first"]
    scored = in_review(zongzhi_staged, 90, by=city_admin, member__organization=branch)
    left = unscored(zongzhi_staged, branch, "陶桂芝", by=city_admin)
    client.force_login(zongzhi_tree["zongzhi"])

    refused = confirm(client, zongzhi_staged, first, [scored])
    confirmed = confirm(client, zongzhi_staged, first, [scored], "经党总支委员会研究决定")

    assert refused.status_code == 400
    assert "以下 1 名人选尚无已提交的评分表" in refused.content.decode()
    assert "陶桂芝" in refused.content.decode().split('id="choice-refusal"')[1]
    assert confirmed.status_code == 302
    entry = StageEntry.objects.get(nomination=left)
    assert (entry.decision, entry.reason) == (StageDecision.NOT_CHOSEN, "经党总支委员会研究决定")


def test_an_admin_above_deciding_for_a_late_node_is_told_both_and_may_go_on_with_a_reason(
    client, staged, committee_a, city_admin, pool
):
    past_deadline(staged, 1)
    stages.close_due_stages()
    client.force_login(city_admin)

    refused = confirm(client, staged, committee_a, pool["scored"])
    refusal = refused.content.decode().split('id="choice-refusal"')[1]
    unchanged = nothing_decided(staged)
    confirmed = confirm(client, staged, committee_a, pool["scored"], "逾期未定，区委代为确定")

    assert refused.status_code == 400
    assert "本级推荐已截止，上级组织代为确定时请写明理由。" + UNSCORED in refusal
    assert unchanged
    assert confirmed.status_code == 302
    assert set(
        StageEntry.objects.filter(nomination__in=pool["unscored"]).values_list("decision", "reason")
    ) == {(StageDecision.NOT_CHOSEN, "逾期未定，区委代为确定")}


def test_the_english_refusal_names_them_in_english(
    client, staged, committee_a, committee_admin, pool
):
    client.force_login(committee_admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    page = confirm(client, staged, committee_a, pool["scored"]).content.decode()

    assert "These 2 candidates have no submitted card" in page
    assert "袁丹丹, 陶桂芝" in page
    assert "：" not in page.split('id="choice-refusal"')[1].split("</div>")[0]


def test_a_pool_of_none_but_unscored_candidates_is_confirmed_empty_with_a_reason(
    client, staged, committee_a, committee_admin, branch_a1, city_admin
):
    left = [unscored(staged, branch_a1, name, by=city_admin) for name in ("陶桂芝", "袁丹丹")]
    client.force_login(committee_admin)
    reason = "二人未经评分，本级评委会议决定不再推荐"

    refused = confirm(client, staged, committee_a, [])
    unchanged = nothing_decided(staged)
    confirmed = confirm(client, staged, committee_a, [], reason)

    assert refused.status_code == 400
    assert "请写明理由" in refused.content.decode().split('id="choice-refusal"')[1]
    assert unchanged
    assert confirmed.status_code == 302
    assert set(
        StageEntry.objects.filter(nomination__in=left).values_list("decision", "reason")
    ) == {(StageDecision.NOT_CHOSEN, reason)}
    assert AuditEvent.objects.get(verb="review.stage_confirmed").after["unscored"] == sorted(
        n.pk for n in left
    )


@pytest.mark.parametrize("rows", [1, 3])
def test_the_count_of_unscored_costs_no_query_per_row(
    client,
    staged,
    committee_a,
    committee_admin,
    branch_a1,
    city_admin,
    rows,
    django_assert_num_queries,
):
    for i in range(rows):
        unscored(staged, branch_a1, f"未评{i}", by=city_admin)
    in_review(staged, 90, by=city_admin, member__organization=branch_a1)
    client.force_login(committee_admin)
    url = f"{pool_url(staged, committee_a)}?{urlencode({'page': 1})}"

    with django_assert_num_queries(13):
        page = client.get(url).content.decode()

    assert f"本级尚有 {rows} 名人选没有已提交的评分表" in page
