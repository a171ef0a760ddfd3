"""The reviewer's and the admin's review pages, and the public survey, through the client."""

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.models import Scorecard
from members.choices import Role
from tests.factories import (
    NominationFactory,
    UserFactory,
    card,
    scores,
    survey_answers,
    user_with_role,
)

pytestmark = pytest.mark.django_db

#: An autosave that changes one score: the user, their roles, the card, the criteria for the
#: form; then, within a savepoint, the card locked, whether the list it counts for is confirmed
#: (``rules.list_confirmed``), its campaign's criteria, its scores, the revision kept, the score
#: and the card updated. Neither the nomination's attachments nor its page are read.
AUTOSAVE_QUERIES = 14


def _post_scores(card_, values, **extra):
    criteria = {c.code: c.pk for c in card_.nomination.campaign.criteria.all()}
    data = {f"points_{criteria[code]}": str(v) for code, v in values.items()}
    data.update({f"comment_{pk}": "" for pk in criteria.values()})
    data.update(extra)
    return data


def test_reviewer_scores_and_submits_then_the_card_is_read_only(client, reviewer, reviewer_card):
    client.force_login(reviewer)
    url = reverse("evaluations:score", args=[reviewer_card.nomination_id])
    page = client.get(url).content.decode()
    assert "理想信念坚定" in page  # the rubric beside the criterion
    assert "平均" not in page  # no aggregate before the reviewer's own card is in

    client.post(url, _post_scores(reviewer_card, scores(20, 20, 20, 20), action="submit"))

    reviewer_card.refresh_from_db()
    assert reviewer_card.state == "submitted"
    again = client.post(
        url, _post_scores(reviewer_card, scores(1, 1, 1, 1), action="save"), follow=True
    )
    assert "评分表已提交，不能再修改。" in again.content.decode()
    assert sorted(reviewer_card.scores.values_list("points", flat=True)) == [20] * 4


def test_autosave_keeps_the_draft_and_refuses_bad_values_with_422(client, reviewer, reviewer_card):
    client.force_login(reviewer)
    url = reverse("evaluations:autosave", args=[reviewer_card.nomination_id])

    ok = client.post(url, _post_scores(reviewer_card, {"political": "19.5"}))
    bad = client.post(url, _post_scores(reviewer_card, {"political": "19.3"}))

    assert ok.status_code == 200
    assert "已自动保存" in ok.content.decode()
    assert bad.status_code == 422
    assert "半分" in bad.content.decode()
    assert list(reviewer_card.scores.values_list("points", flat=True)) == [19.5]


def test_the_scoring_page_shows_the_draft_as_saved(client, reviewer, reviewer_card, city, panel):
    """Points and comments come back as the reviewer left them, only their own (another
    reviewer's card on the same nomination is not theirs), blank where nothing was scored."""
    other = user_with_role(Role.REVIEWER, city, username="rev_other")
    card(reviewer_card.nomination, other, scores(25, 25, 25, 25), comment="别人的评语")
    criteria = {c.code: c.pk for c in reviewer_card.nomination.campaign.criteria.all()}
    client.force_login(reviewer)
    draft = _post_scores(reviewer_card, {"political": "19.5", "performance": "20"})
    draft[f"comment_{criteria['political']}"] = "理想信念坚定，表率作用突出"
    client.post(reverse("evaluations:autosave", args=[reviewer_card.nomination_id]), draft)

    page = client.get(reverse("evaluations:score", args=[reviewer_card.nomination_id]))

    initial = page.context["form"].initial
    assert initial[f"points_{criteria['political']}"] == "19.5"
    assert initial[f"points_{criteria['performance']}"] == "20"
    assert initial[f"comment_{criteria['political']}"] == "理想信念坚定，表率作用突出"
    assert initial[f"comment_{criteria['performance']}"] == ""
    assert initial[f"points_{criteria['public']}"] == ""
    assert "别人的评语" not in page.content.decode()


def test_a_criterion_edited_shows_on_the_next_scoring_page(client, reviewer, reviewer_card):
    """The criteria are kept in the process (members.versions) until one is written, however
    it is written."""
    from evaluations.models import Criterion

    client.force_login(reviewer)
    url = reverse("evaluations:score", args=[reviewer_card.nomination_id])
    client.get(url)
    client.get(url)

    Criterion.objects.filter(campaign=reviewer_card.nomination.campaign, code="political").update(
        rubric="坚定理想信念，对党忠诚（新细则）"
    )

    assert "坚定理想信念，对党忠诚（新细则）" in client.get(url).content.decode()


def test_an_english_reviewer_reads_the_criteria_and_their_errors_in_english(
    client, reviewer, reviewer_card
):
    """The criteria are stored as created, in Chinese: the default rubric shows in English
    beside the English title, and a refused box names the criterion as its title does. A rubric
    the admin wrote stays as written."""
    from evaluations.models import Criterion

    Criterion.objects.filter(campaign=reviewer_card.nomination.campaign, code="public").update(
        rubric="本单位自定细则"
    )
    client.force_login(reviewer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    url = reverse("evaluations:score", args=[reviewer_card.nomination_id])

    page = client.get(url).content.decode()
    refused = client.post(
        reverse("evaluations:autosave", args=[reviewer_card.nomination_id]),
        _post_scores(reviewer_card, {"political": "26", "integrity": "abc"}),
    ).content.decode()

    assert "Good political quality (max. 25)" in page
    assert "Firm ideals and loyalty to the party;" in page
    assert "理想信念坚定，对党忠诚" not in page
    assert "本单位自定细则" in page
    assert "政治素质好" not in refused and "廉洁自律好" not in refused
    assert "Good political quality" in refused
    assert "Good integrity" in refused


def test_a_refused_scorecard_comes_back_with_what_the_reviewer_typed(
    client, reviewer, reviewer_card
):
    """The criteria are the form's own widgets (templates/evaluations/_criteria.html): the
    posted values and the rubric come back escaped, each in its own field, with its error; a
    wrong points box comes back as text, marked, so that what was typed shows."""
    from evaluations.models import Criterion

    political = Criterion.objects.get(campaign=reviewer_card.nomination.campaign, code="political")
    political.rubric = "看<b>表现</b>"
    political.save()
    client.force_login(reviewer)
    data = _post_scores(reviewer_card, {"political": '99"><script>'}, action="save")
    data[f"comment_{political.pk}"] = "评语 & <i>"

    response = client.post(reverse("evaluations:score", args=[reviewer_card.nomination_id]), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert (
        f'<input type="text" name="points_{political.pk}" '
        'value="99&quot;&gt;&lt;script&gt;" min="0" max="25"'
    ) in page
    assert 'class="form-control mb-2 points-box is-invalid"' in page
    assert (
        f'aria-describedby="id_points_{political.pk}_error" id="id_points_{political.pk}">' in page
    )
    assert f'<ul class="errorlist" id="id_points_{political.pk}_error">' in page
    assert (
        f'maxlength="2000" id="id_comment_{political.pk}">\n评语 &amp; &lt;i&gt;</textarea>'
    ) in page
    assert "看&lt;b&gt;表现&lt;/b&gt;" in page
    assert "<script>" not in page.split("<main")[1]


def test_a_reviewer_sees_no_other_reviewers_card(client, reviewer, reviewer_card, city, panel):
    other = user_with_role(Role.REVIEWER, city, username="rev_other")
    card(reviewer_card.nomination, other, scores(25, 25, 25, 25), comment="满分评语")
    client.force_login(reviewer)

    page = client.get(reverse("evaluations:score", args=[reviewer_card.nomination_id]))

    assert "满分评语" not in page.content.decode()
    assert (
        client.get(
            reverse("evaluations:results", args=[reviewer_card.nomination.campaign_id])
        ).status_code
        == 403
    )


def test_declaring_a_conflict_removes_the_card(client, reviewer, reviewer_card):
    client.force_login(reviewer)

    client.post(
        reverse("evaluations:conflict", args=[reviewer_card.nomination_id]),
        {"reason": "被推荐人是我爱人的同事且有经济往来。"},
    )

    assert not Scorecard.objects.filter(pk=reviewer_card.pk).exists()
    # What the reviewer then sees at the card's address: tests/evaluations/test_review_conflicts.py


def test_admin_builds_the_committee_and_auto_assigns(
    client, city_admin, review_campaign, city, branch_a1
):
    reviewers = [user_with_role(Role.REVIEWER, city, username=f"c{i}") for i in range(5)]
    nomination = NominationFactory(
        campaign=review_campaign, member__organization=branch_a1, state="eligible"
    )
    client.force_login(city_admin)
    for user in reviewers:
        client.post(
            reverse("evaluations:add_reviewer", args=[review_campaign.pk]), {"user": user.pk}
        )

    client.post(reverse("evaluations:auto_assign", args=[review_campaign.pk]))

    assert nomination.scorecards.count() == 5
    page = client.get(reverse("evaluations:committee", args=[review_campaign.pk]))
    assert "以下推荐的评审人数少于" not in page.content.decode()


def test_results_page_and_shortlist(
    client, city_admin, review_campaign, make_nomination, panel, admin
):
    best = make_nomination()
    for reviewer in panel[:5]:
        card(best, reviewer, scores(22, 22, 22, 22))
    survey_answers(best, issued=12, satisfied=11, responses=11, by=admin)
    client.force_login(city_admin)

    page = client.get(reverse("evaluations:results", args=[review_campaign.pk]))
    assert page.status_code == 200
    assert best.member.name in page.content.decode()
    client.post(reverse("evaluations:shortlist", args=[review_campaign.pk]), {"chosen": [best.pk]})

    best.refresh_from_db()
    assert best.state == "shortlisted"


@pytest.mark.parametrize("count", [1, 3])
def test_results_query_count_does_not_grow(
    client, city_admin, review_campaign, make_nomination, panel, count, django_assert_num_queries
):
    for _ in range(count):
        nomination = make_nomination()
        for reviewer in panel[:5]:
            card(nomination, reviewer, scores(20, 20, 20, 20))
    client.force_login(city_admin)
    url = reverse("evaluations:results", args=[review_campaign.pk])

    # The first view ranks the campaign and keeps it, with the nominations it leaves out
    # (named before the 公示 records them 未入选): one query more, at any size. Nobody may be
    # ticked yet (no 民主测评): whether anyone is left in the final pool is read too, and
    # whether the campaign is run level by level (its stages); the cards still open, read live.
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200
    # then: the user, their roles, the campaign, the pool, the cards still open
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200


def test_results_follow_each_new_card_and_survey_answer(
    client, city_admin, review_campaign, make_nomination, panel, admin, reviewer, reviewer_card
):
    """The admin keeps the results open while the committee scores: every view shows what has
    been submitted so far, although the ranking is computed once and then kept."""
    for member in panel[:4]:
        card(reviewer_card.nomination, member, scores(20, 20, 20, 20))
    client.force_login(city_admin)
    url = reverse("evaluations:results", args=[review_campaign.pk])
    name = reviewer_card.nomination.member.name
    assert _results_row(client.get(url), name)["cards"] == "4"

    services.save_card(
        reviewer_card,
        by=reviewer,
        scores={c.pk: ("24", "事迹突出") for c in review_campaign.criteria.all()},
    )
    services.submit_card(reviewer_card, by=reviewer)
    assert _results_row(client.get(url), name)["cards"] == "5"

    survey_answers(reviewer_card.nomination, issued=6, satisfied=5, responses=6, by=admin)
    assert _results_row(client.get(url), name)["satisfaction"].startswith("83%（回收 6/发放 6）")

    services.reopen_card(reviewer_card, by=city_admin, reason="分值录入有误")
    assert _results_row(client.get(url), name)["cards"] == "4"


def test_the_satisfaction_says_which_count_is_returned_and_which_issued(
    client, city_admin, review_campaign, admin, reviewer_card
):
    """12 of the 15 codes handed out came back: the cell says so, in Chinese and in English."""
    card(reviewer_card.nomination, UserFactory(), scores(20, 20, 20, 20))
    survey_answers(reviewer_card.nomination, issued=15, satisfied=11, responses=12, by=admin)

    chinese, english = _cell_in_both_languages(client, city_admin, reviewer_card, "satisfaction")

    assert chinese.startswith("92%（回收 12/发放 15）")
    assert english.startswith("92% (12 returned / 15 issued)")


def _results_row(response, name: str) -> dict[str, str]:
    """The cells of the results table's row for ``name``: cards and satisfaction."""
    import re

    html = response.content.decode()
    row = next(r for r in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S) if name in r)
    cells = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    # 拟推荐, 名次, 被推荐人, four criteria, 总分, 评分表, 总分统计, 满意率
    return {"cards": cells[8], "statistics": cells[9], "satisfaction": cells[10]}


def _cell_in_both_languages(client, city_admin, reviewer_card, cell: str) -> tuple[str, str]:
    """The ``cell`` of the results row of ``reviewer_card``'s nominee, in Chinese then English."""
    client.force_login(city_admin)
    nomination = reviewer_card.nomination
    url = reverse("evaluations:results", args=[nomination.campaign_id])
    chinese = _results_row(client.get(url), nomination.member.name)[cell]
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return chinese, _results_row(client.get(url), nomination.member.name)[cell]


# --- Survey -------------------------------------------------------------------------------------


ANSWERS = {
    "political": "good",
    "performance": "good",
    "public": "fairly_good",
    "integrity": "good",
    "overall": "good",
}


# --- Issue 37 item 3: a confirmed shortlist can be revised (with a reason), and the audit keeps
# what was stored.


def _shortlist(client, campaign, chosen, reason=""):
    return client.post(
        reverse("evaluations:shortlist", args=[campaign.pk]),
        {"chosen": [n.pk for n in chosen], "reason": reason},
        follow=True,
    )


def _two_ranked(review_campaign, make_nomination, panel, admin):
    a, b = make_nomination(), make_nomination()
    for nomination, level in ((a, 22), (b, 20)):
        for reviewer in panel[:5]:
            card(nomination, reviewer, scores(level, level, level, level))
        survey_answers(nomination, issued=12, satisfied=11, responses=11, by=admin)
    return a, b


def test_the_statistics_of_the_cards_totals_share_one_cell_each_named(
    client, city_admin, review_campaign, reviewer_card
):
    """Four columns of their own made the English table wider than a 1280 px window."""
    card(reviewer_card.nomination, UserFactory(), scores(20, 20, 20, 20))
    card(reviewer_card.nomination, UserFactory(), scores(22, 22, 22, 22))

    chinese, english = _cell_in_both_languages(client, city_admin, reviewer_card, "statistics")

    assert chinese == "平均 84.00 中位数 84.00 去极值平均 84.00 标准差 4.00"
    assert english == "Mean 84.00 Median 84.00 Trimmed 84.00 SD 4.00"
