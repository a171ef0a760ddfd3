"""Revising a confirmed shortlist from the results page: 修改名单 with the ticks as confirmed
says the list is unchanged and records nothing; with a changed choice the confirm form names
who joins and who leaves the confirmed list (``Choice.joining``, ``Choice.leaving``), and its
button's question names who leaves."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from selection.choices import State
from selection.models import Nomination, Transition
from tests.evaluations.test_review_views import _shortlist

pytestmark = pytest.mark.django_db

UNCHANGED = "勾选未改变，名单仍为已确定的名单。"


def revise(client, campaign, chosen, **extra):
    """修改名单 with these ticks: the confirmed card's button (``revise``) posts them to the
    results page."""
    url = reverse("evaluations:results", args=[campaign.pk])
    data = {"chosen": [n.pk for n in chosen], "revise": "1", **extra}
    return client.post(f"{url}?page=1", data, follow=True)


def said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_revise_with_the_ticks_unchanged_says_so_and_records_nothing(
    client, city_admin, review_campaign, ranked
):
    first, second, _third = ranked(3)
    client.force_login(city_admin)
    _shortlist(client, review_campaign, [first, second])
    events, moves = AuditEvent.objects.count(), Transition.objects.count()

    response = revise(client, review_campaign, [second, first])
    page = response.content.decode()

    assert said(response) == [UNCHANGED]
    url = reverse("evaluations:results", args=[review_campaign.pk])
    assert response.redirect_chain == [(f"{url}?page=1", 302)]
    assert 'id="shortlist-confirmed"' in page and "next-step" in page
    assert 'id="shortlist-reason"' not in page
    assert (AuditEvent.objects.count(), Transition.objects.count()) == (events, moves)
    shortlisted = Nomination.objects.filter(state=State.SHORTLISTED)
    assert sorted(shortlisted.values_list("pk", flat=True)) == sorted([first.pk, second.pk])


def test_turning_a_page_says_nothing_of_the_list(client, city_admin, review_campaign, ranked):
    first, second, _third = ranked(3)
    client.force_login(city_admin)
    _shortlist(client, review_campaign, [first, second])
    url = reverse("evaluations:results", args=[review_campaign.pk])

    response = client.post(f"{url}?page=1", {"chosen": [first.pk, second.pk]}, follow=True)

    assert UNCHANGED not in said(response)


def test_revise_with_one_added_and_one_dropped_names_both_with_their_branches(
    client, city_admin, review_campaign, ranked
):
    first, second, third = ranked(3)
    client.force_login(city_admin)
    _shortlist(client, review_campaign, [first, second])

    page = revise(client, review_campaign, [first, third]).content.decode()

    change = page.split('id="revision"')[1].split("</div>")[0]
    assert "与已确定的拟推荐名单相比：" in change
    assert "加入：人选03（东区一支部，第3名）" in change
    assert "移出：人选02（东区二支部，第2名）" in change
    assert "人选01" not in change
    assert (
        'data-confirm="确定修改拟推荐名单吗？已确定的 1 名拟推荐人选将移出名单，'
        '标记为未入选：人选02。" '
        'data-confirm-plain="确定拟推荐名单吗？未选中的人选将标记为未入选。" '
        'data-confirm-leaving="confirmed-nominees">'
    ) in page
    assert 'id="shortlist-reason"' in page
    # The next step (发布公示) waits until the revision is confirmed.
    assert "next-step" not in page


def test_dropping_two_names_how_many_and_who(client, city_admin, review_campaign, ranked):
    first, second, third = ranked(3)
    client.force_login(city_admin)
    _shortlist(client, review_campaign, [first, second])

    page = revise(client, review_campaign, [third]).content.decode()

    assert "移出：人选01（东区一支部，第1名）、人选02（东区二支部，第2名）" in page
    assert (
        "确定修改拟推荐名单吗？已确定的 2 名拟推荐人选将移出名单，标记为未入选：人选01、人选02。"
    ) in page


def test_adding_only_asks_the_plain_question(client, city_admin, review_campaign, ranked):
    first, _second, third = ranked(3)
    client.force_login(city_admin)
    _shortlist(client, review_campaign, [first])

    page = revise(client, review_campaign, [first, third]).content.decode()

    assert "加入：人选03（东区一支部，第3名）" in page
    assert "移出：" not in page
    # the plain question, until a box left unticked drops a confirmed nominee (pick-count.js)
    assert 'data-confirm="确定拟推荐名单吗？未选中的人选将标记为未入选。" ' in page
    assert 'data-confirm-leaving="confirmed-nominees"' in page


def confirmed_nominees(response) -> str:
    """The hidden list of the confirmed nominees the confirm button's script asks from."""
    return response.content.decode().split('id="confirmed-nominees"')[1].split("</ul>")[0]


def test_the_confirmed_nominees_carry_ids_names_and_a_question_per_count(
    client, city_admin, review_campaign, ranked
):
    made = ranked(3)
    client.force_login(city_admin)
    _shortlist(client, review_campaign, made[:2])

    chinese = confirmed_nominees(revise(client, review_campaign, made[::2]))
    client.cookies["django_language"] = "en"
    english = confirmed_nominees(revise(client, review_campaign, made[2:]))

    assert ' data-boxes="chosen" data-separator="、"' in chinese
    assert "人选03" not in chinese  # joining, not confirmed
    question = "确定修改拟推荐名单吗？已确定的 {} 名拟推荐人选将移出名单，标记为未入选：__NAMES__。"
    for pick, count in zip(made[:2], (1, 2), strict=True):
        assert (
            f'<li data-nomination="{pick.pk}" data-name="{pick.member.name}" '
            f'data-question="{question.format(count)}"></li>'
        ) in chinese
    assert 'data-separator=", "' in english
    said_for = "Confirm the revised shortlist? {} confirmed on the shortlist will leave it and "
    said_for += "be marked not selected: __NAMES__."
    assert f'data-question="{said_for.format("1 nominee")}"' in english
    assert f'data-question="{said_for.format("2 nominees")}"' in english


def test_before_a_list_is_confirmed_nobody_can_leave_it(
    client, city_admin, review_campaign, ranked
):
    first, _second, _third = ranked(3)
    client.force_login(city_admin)
    url = reverse("evaluations:results", args=[review_campaign.pk])

    page = client.get(url, {"picked": 1, "chosen": [first.pk]}).content.decode()

    assert 'id="confirmed-nominees"' not in page
    assert "data-confirm-leaving" not in page
    assert 'data-confirm="确定拟推荐名单吗？未选中的人选将标记为未入选。">' in page


def test_before_a_list_is_confirmed_the_form_compares_with_none(
    client, city_admin, review_campaign, ranked
):
    first, _second, third = ranked(3)
    client.force_login(city_admin)
    url = reverse("evaluations:results", args=[review_campaign.pk])

    page = client.get(url, {"picked": 1, "chosen": [first.pk, third.pk]}).content.decode()

    assert 'id="revision"' not in page
    assert "确定修改拟推荐名单吗" not in page


def test_the_revised_list_is_confirmed_with_its_reason(client, city_admin, review_campaign, ranked):
    first, second, third = ranked(3)
    client.force_login(city_admin)
    _shortlist(client, review_campaign, [first, second])
    revise(client, review_campaign, [first, third])

    response = _shortlist(client, review_campaign, [first, third], reason="人选03事迹更突出")

    assert "拟推荐名单已确定：2 名。" in said(response)
    states = dict(Nomination.objects.values_list("pk", "state"))
    assert [states[n.pk] for n in (first, second, third)] == [
        State.SHORTLISTED,
        State.NOT_SELECTED,
        State.SHORTLISTED,
    ]
    event = AuditEvent.objects.get(verb="review.shortlist_revised")
    assert event.before == {"shortlisted": sorted([first.pk, second.pk])}
    assert event.after["reason"] == "人选03事迹更突出"


def test_the_change_reads_in_english(client, city_admin, review_campaign, ranked):
    first, second, third = ranked(3)
    client.force_login(city_admin)
    _shortlist(client, review_campaign, [first, second])
    client.cookies["django_language"] = "en"

    unchanged = revise(client, review_campaign, [first, second])
    page = revise(client, review_campaign, [first, third]).content.decode()

    assert said(unchanged) == ["The ticks have not changed: the shortlist stays as confirmed."]
    assert "Compared with the confirmed shortlist:" in page
    assert "Joining: 人选03 (东区一支部, rank 3)" in page
    assert "Leaving: 人选02 (东区二支部, rank 2)" in page
    assert (
        'data-confirm="Confirm the revised shortlist? 1 nominee confirmed on the shortlist '
        'will leave it and be marked not selected: 人选02."'
    ) in page


@pytest.mark.parametrize("rows", [1, 3])
def test_a_revision_reads_the_same_queries_for_1_and_3_rows(
    client, city_admin, review_campaign, ranked, rows, django_assert_num_queries
):
    made = ranked(rows)
    client.force_login(city_admin)
    _shortlist(client, review_campaign, made[:1])
    url = reverse("evaluations:results", args=[review_campaign.pk])
    client.get(url)  # the campaign ranked and kept

    # the user, their roles, the campaign: the choice and the confirmed list come with the
    # kept ranking (no cards left open to read once a list is confirmed)
    with django_assert_num_queries(3):
        response = client.get(url, {"picked": 1, "chosen": [made[-1].pk] if rows > 1 else []})

    assert 'class="revision-leaving"' in response.content.decode()


@pytest.mark.parametrize("page", ["1", "999", "x", ""])
def test_revise_with_odd_ticks_or_page_shows_a_page(
    client, city_admin, review_campaign, ranked, page
):
    first, second = ranked(2)
    client.force_login(city_admin)
    _shortlist(client, review_campaign, [first, second])
    url = reverse("evaluations:results", args=[review_campaign.pk])
    chosen = [first.pk, second.pk, "x", "-1", 10**12]

    response = client.post(f"{url}?page={page}", {"chosen": chosen, "revise": "1"}, follow=True)

    assert response.status_code == 200
    assert said(response) == [UNCHANGED]
