"""Cards closed by a confirmed list (``rules.card_closed``) are no work left: the queue lists
them as closed, its counts, 提交并评下一份, the scoring page's 还剩 N 份 and the reviewers'
reminders leave them out, from the one filter ``rules.list_confirmed_q``, which agrees with the
Python rule. So does a card of a nomination no longer in review (``rules.card_closed_q``)."""

import pytest
from django.urls import reverse

from evaluations import queries, rules, services
from evaluations.choices import REVIEWABLE
from evaluations.models import Scorecard
from reminders import queries as reminders
from selection.choices import State
from tests.evaluations.test_unranked_at_notice import story  # noqa: F401 (a fixture)
from tests.factories import NominationFactory, UserFactory, card, in_review, scores

pytestmark = pytest.mark.django_db

QUEUE = reverse("evaluations:queue")


def _agree(cards) -> list[tuple[int, bool]]:
    """Each card's closure by the Python rule, checked against the filter."""
    filtered = set(Scorecard.objects.filter(rules.list_confirmed_q()).values_list("pk", flat=True))
    found = []
    for one in Scorecard.objects.filter(pk__in=[c.pk for c in cards]).select_related("nomination"):
        assert bool(rules.list_confirmed(one)) == (one.pk in filtered), one
        found.append((one.pk, one.pk in filtered))
    return sorted(found)


def test_the_filter_agrees_with_the_rule_before_and_after_the_shortlist(
    city_admin,
    story,  # noqa: F811
):
    scored = story[0]
    cards = list(Scorecard.objects.filter(nomination__campaign=scored.campaign))

    assert not any(closed for _, closed in _agree(cards))
    services.confirm_shortlist(scored.campaign, [scored.pk], by=city_admin)
    assert all(closed for _, closed in _agree(cards))


def test_the_filter_agrees_with_the_rule_at_a_stage(
    client, staged, committee_a, committee_admin, branch_a1, city_admin
):
    chosen = in_review(
        staged, 90, by=city_admin, member__organization=branch_a1, member__name="王强"
    )
    draft = card(chosen, UserFactory(), scores(20, 20, 20, 20), submitted=False)
    done = card(chosen, UserFactory(), scores(20, 20, 20, 20))

    assert _agree([draft, done]) == [(draft.pk, False), (done.pk, False)]
    client.force_login(committee_admin)
    client.post(
        reverse("evaluations:stage_confirm", args=[staged.pk, 1, committee_a.pk]),
        {"chosen": [chosen.pk], "reason": "按排名推荐"},
    )
    # Both counted for the list now confirmed; only the draft is refused (``card_closed``).
    assert _agree([draft, done]) == [(draft.pk, True), (done.pk, True)]
    assert Scorecard.objects.filter(rules.card_closed_q()).get() == draft


def test_a_draft_under_a_confirmed_shortlist_is_listed_closed_not_to_do(
    client,
    city_admin,
    reviewer,
    story,  # noqa: F811
):
    scored, unscored = story
    campaign = scored.campaign
    draft = Scorecard.objects.get(nomination=unscored)
    client.force_login(reviewer)
    assert queries.reviewer_campaigns(reviewer)[0].to_do == 1
    assert queries.next_to_score(reviewer, 0, campaign.pk) == (unscored.pk, False)
    assert queries.left_to_score(reviewer, 0, campaign.pk) == (1, 0)
    assert reminders.open_cards(campaign) == {reviewer: [draft]}
    assert reminders.work_left(campaign, "reviewing_overdue") == {"cards": 1}

    services.confirm_shortlist(campaign, [scored.pk], by=city_admin)
    page = client.get(QUEUE)

    html = page.content.decode()
    assert "已关闭（草稿）" in html
    assert f'href="{reverse("evaluations:score", args=[unscored.pk])}">查看</a>' in html
    assert page.context["campaign"].to_do == 0
    assert page.context["progress"]["closed"] == 1
    assert ("closed", "已关闭", 1) in page.context["states"]
    closed = client.get(QUEUE, {"state": "closed"}).context["page"].object_list
    assert [row.nomination_id for row in closed] == [unscored.pk]
    assert client.get(QUEUE, {"state": "draft"}).context["page"].object_list == []
    assert queries.next_to_score(reviewer, 0, campaign.pk) is None
    assert queries.left_to_score(reviewer, 0, campaign.pk) == (0, 0)
    assert draft.reviewer not in reminders.open_cards(campaign)
    assert reminders.work_left(campaign, "reviewing_overdue") == {}


def test_the_closed_filter_agrees_with_card_closed_in_every_state_of_a_nomination():
    reviewer = UserFactory()
    cards = []
    for state in State.values:  # each nomination in a campaign of its own
        nomination = NominationFactory(state=state)
        cards.append(card(nomination, reviewer, scores(20, 20, 20, 20), submitted=False))
        cards.append(card(nomination, UserFactory(), {}, submitted=False))
        cards.append(card(nomination, UserFactory(), scores(20, 20, 20, 20)))
    filtered = set(Scorecard.objects.filter(rules.card_closed_q()).values_list("pk", flat=True))

    found = Scorecard.objects.filter(pk__in=[c.pk for c in cards]).select_related("nomination")
    assert {c.pk: bool(rules.card_closed(c)) for c in found} == {
        c.pk: c.pk in filtered for c in found
    }
    # Open while in review, closed otherwise (a submitted card never is).
    open_states = {c.nomination.state for c in found if c.pk not in filtered}
    assert open_states == set(State.values)
    assert {c.nomination.state for c in found if c.pk in filtered} == set(State.values) - set(
        REVIEWABLE
    )


def test_a_draft_of_a_vetoed_nomination_is_listed_closed_not_to_do(client, reviewer):
    vetoed = NominationFactory(state=State.VETOED, member__name="李卫")
    going = NominationFactory(campaign=vetoed.campaign, state=State.IN_REVIEW)
    card(vetoed, reviewer, scores(20, 20, 20, 20), submitted=False)
    card(going, reviewer, {}, submitted=False)
    client.force_login(reviewer)

    page = client.get(QUEUE)

    html = page.content.decode()
    assert "已关闭（草稿）" in html
    assert f'href="{reverse("evaluations:score", args=[vetoed.pk])}">查看</a>' in html
    assert page.context["campaign"].counts["draft"] == 1  # the one in review
    assert page.context["progress"]["closed"] == 1
    drafts = client.get(QUEUE, {"state": "draft"}).context["page"].object_list
    assert [row.nomination_id for row in drafts] == [going.pk]
    closed = client.get(QUEUE, {"state": "closed"}).context["page"].object_list
    assert [row.nomination_id for row in closed] == [vetoed.pk]


def test_a_closed_card_says_why_in_text_a_phone_shows_not_in_a_title(client, reviewer):
    """A phone never shows a ``title``: the reason is small text under 已关闭, in each language."""
    vetoed = NominationFactory(state=State.VETOED, member__name="李卫")
    card(vetoed, reviewer, scores(20, 20, 20, 20), submitted=False)
    client.force_login(reviewer)

    html = client.get(QUEUE).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(QUEUE).content.decode()

    assert "title=" not in html.split("reviewer-queue", 1)[1]
    why = '<small class="d-block text-muted closed-why">{}</small>'
    assert why.format("评审已结束或名单已确定，不能再填写") in html
    assert why.format("Review over or list confirmed: can no longer be filled in") in english
