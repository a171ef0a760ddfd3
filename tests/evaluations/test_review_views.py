"""The reviewer's and the admin's review pages, and the public survey, through the client."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from evaluations import services
from evaluations.choices import CardState
from evaluations.models import Scorecard, SurveyCode, SurveyResponse
from members.choices import Role
from selection.models import Attachment
from tests.factories import NominationFactory, card, scores, survey_answers, user_with_role

pytestmark = pytest.mark.django_db

#: An autosave that changes one score: the user, their roles, the card, the criteria for the
#: form; then, within a savepoint, the card locked, its campaign's criteria, its scores, the
#: revision kept, the score and the card updated. Neither the nomination's attachments nor its
#: page are read.
AUTOSAVE_QUERIES = 13


@pytest.fixture
def reviewer_card(review_campaign, reviewer, city_admin, branch_a2):
    services.add_reviewer(review_campaign, reviewer, cap=None, by=city_admin)
    services.ensure_criteria(review_campaign)
    nomination = NominationFactory(
        campaign=review_campaign, member__organization=branch_a2, state="eligible"
    )
    return services.assign(nomination, reviewer, by=city_admin)


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


def test_a_refused_scorecard_comes_back_with_what_the_reviewer_typed(
    client, reviewer, reviewer_card
):
    """The criteria are the form's own widgets (templates/evaluations/_criteria.html): the
    posted values and the rubric come back escaped, each in its own field, with its error."""
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
        f'<input type="number" name="points_{political.pk}" '
        'value="99&quot;&gt;&lt;script&gt;" min="0" max="25.0"'
    ) in page
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
    assert (
        client.get(reverse("evaluations:score", args=[reviewer_card.nomination_id])).status_code
        == 404
    )


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

    with django_assert_num_queries(8):  # the first view ranks the campaign and keeps it
        assert client.get(url).status_code == 200
    with django_assert_num_queries(3):  # then: the user, their roles, the campaign
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
    assert _results_row(client.get(url), name)["satisfaction"].startswith("83%（6/6）")

    services.reopen_card(reviewer_card, by=city_admin, reason="分值录入有误")
    assert _results_row(client.get(url), name)["cards"] == "4"


def _results_row(response, name: str) -> dict[str, str]:
    """The cells of the results table's row for ``name``: cards and satisfaction."""
    import re

    html = response.content.decode()
    row = next(r for r in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S) if name in r)
    cells = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    # 拟推荐, 名次, 被推荐人, four criteria, 总分, 评分表, 平均, 中位数, 去极值, 标准差, 满意率
    return {"cards": cells[8], "satisfaction": cells[13]}


def test_results_are_paged_and_odd_page_numbers_are_forgiven(
    client, city_admin, review_campaign, make_nomination, panel, monkeypatch
):
    from evaluations.queries import pages

    monkeypatch.setattr(pages, "RESULTS_PAGE", 2)
    names = []
    for points in (24, 23, 22):  # ranked in this order
        nomination = make_nomination()
        card(nomination, panel[0], scores(points, points, points, points))
        names.append(nomination.member.name)
    client.force_login(city_admin)
    url = reverse("evaluations:results", args=[review_campaign.pk])

    first, second = client.get(url).content.decode(), client.get(f"{url}?page=2").content.decode()

    assert names[0] in first and names[1] in first and names[2] not in first
    assert names[2] in second and names[0] not in second
    assert "第 2 / 2 页" in second
    assert names[0] in client.get(f"{url}?page=abc").content.decode()
    assert names[2] in client.get(f"{url}?page=99").content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_reviewer_queue_query_count_does_not_grow(
    client, reviewer, review_campaign, branch_a2, count, django_assert_num_queries
):
    for _ in range(count):
        card(
            NominationFactory(campaign=review_campaign, member__organization=branch_a2),
            reviewer,
            {},
            submitted=False,
        )
    client.force_login(reviewer)
    # once per process: SQLite's connection is asked whether it has JSON functions
    client.get(reverse("evaluations:queue"))

    # the session, the user with roles, the reviewer's progress per state (which is also the
    # paginator's count), the page's rows
    with django_assert_num_queries(4):
        assert client.get(reverse("evaluations:queue")).status_code == 200


def test_the_reviewer_queue_counts_every_state_with_any_page(client, reviewer, review_campaign):
    """The progress comes with the page; a state with no card, or a page past the end, still
    shows every state's number."""
    nominations = NominationFactory.create_batch(3, campaign=review_campaign)
    card(nominations[0], reviewer, {}, submitted=True)
    card(nominations[1], reviewer, {}, submitted=False)
    card(nominations[2], reviewer, {}, submitted=False)
    client.force_login(reviewer)
    url = reverse("evaluations:queue")

    for query in ("", "?state=submitted", "?page=7", "?state=assigned", "?state=assigned&page=2"):
        response = client.get(url + query)
        assert response.status_code == 200
        assert response.context["progress"] == {
            **{state: 0 for state in CardState.values},
            "submitted": 1,
            "draft": 2,
            "total": 3,
        }
    assert client.get(url + "?state=submitted").context["page"].paginator.count == 1
    assert client.get(url + "?page=7").context["page"].number == 1
    assert client.get(url + "?state=assigned").context["page"].paginator.count == 0


@pytest.mark.parametrize("count", [1, 3])
def test_scoring_page_query_count_does_not_grow(
    client, reviewer, reviewer_card, city_admin, count, django_assert_num_queries
):
    for index in range(count):
        evidence = Attachment(
            nomination=reviewer_card.nomination,
            original_name=f"证明{index}.pdf",
            content_type="application/pdf",
            size=9,
            uploaded_by=city_admin,
        )
        evidence.file.save(f"evidence{index}.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    client.force_login(reviewer)
    client.post(
        reverse("evaluations:autosave", args=[reviewer_card.nomination_id]),
        _post_scores(reviewer_card, {"political": "18"}),
    )

    # The session with the user and roles, the card (its nomination, nominee, branch and
    # campaign joined), the nomination's attachments and the card's scores (prefetched), the
    # criteria.
    with django_assert_num_queries(6):
        page = client.get(reverse("evaluations:score", args=[reviewer_card.nomination_id]))
    assert page.status_code == 200
    assert 'value="18"' in page.content.decode()
    assert all(f"证明{index}.pdf" in page.content.decode() for index in range(count))


def test_the_scoring_page_lists_the_evidence_in_upload_order(
    client, reviewer, reviewer_card, city_admin
):
    """Read with the card, the attachments keep the order they were uploaded in, whatever
    order the database aggregates them in."""
    import datetime

    from django.utils import timezone

    uploaded = timezone.now()
    for index, name in enumerate(["第三份.pdf", "第一份.pdf", "第二份.pdf"]):
        evidence = Attachment(
            nomination=reviewer_card.nomination,
            original_name=name,
            content_type="application/pdf",
            size=9,
            uploaded_by=city_admin,
        )
        evidence.file.save(f"order{index}.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
        hours = {0: 3, 1: 1, 2: 2}[index]
        Attachment.objects.filter(pk=evidence.pk).update(
            uploaded_at=uploaded + datetime.timedelta(hours=hours)
        )
    client.force_login(reviewer)

    page = client.get(reverse("evaluations:score", args=[reviewer_card.nomination_id]))

    listed = [a.original_name for a in page.context["attachments"]]
    assert listed == ["第一份.pdf", "第二份.pdf", "第三份.pdf"]
    first = page.context["attachments"][0]
    link = reverse("evaluations:attachment", args=[reviewer_card.nomination_id, first.pk])
    assert link in page.content.decode()
    opened = client.get(link)
    opened.close()
    assert opened.status_code == 200


def test_saving_as_typed_reads_neither_the_attachments_nor_the_page(
    client, reviewer, reviewer_card, django_assert_num_queries
):
    """The draft is saved every few seconds while a reviewer types: the card, the criteria
    and the save itself, nothing the page shows."""
    client.force_login(reviewer)
    url = reverse("evaluations:autosave", args=[reviewer_card.nomination_id])
    client.post(url, _post_scores(reviewer_card, {"political": "18"}))

    with django_assert_num_queries(AUTOSAVE_QUERIES) as queries:
        response = client.post(url, _post_scores(reviewer_card, {"political": "18.5"}))
    assert response.status_code == 200
    assert not any("selection_attachment" in q["sql"] for q in queries.captured_queries)


# --- Survey -------------------------------------------------------------------------------------


ANSWERS = {
    "political": "good",
    "performance": "good",
    "public": "fairly_good",
    "integrity": "good",
    "overall": "good",
}


def test_a_respondent_answers_once_without_an_account(
    client, secretary, review_campaign, branch_a1
):
    nomination = NominationFactory(
        campaign=review_campaign, member__organization=branch_a1, state="in_review"
    )
    code = services.issue_codes(nomination, 3, by=secretary)[0].code
    url = reverse("evaluations:survey_public", args=[code])

    assert nomination.member.name in client.get(url).content.decode()
    assert client.post(url, ANSWERS).status_code == 200
    second = client.post(url, ANSWERS)

    assert second.status_code == 410
    assert SurveyResponse.objects.count() == 1
    assert client.get(reverse("evaluations:survey_public", args=["x" * 22])).status_code == 404


def test_an_incomplete_survey_is_refused_and_the_code_stays_valid(
    client, secretary, review_campaign, branch_a1
):
    nomination = NominationFactory(
        campaign=review_campaign, member__organization=branch_a1, state="in_review"
    )
    code = services.issue_codes(nomination, 1, by=secretary)[0]

    response = client.post(
        reverse("evaluations:survey_public", args=[code.code]), {"overall": "good"}
    )

    assert response.status_code == 400
    code.refresh_from_db()
    assert code.used_at is None


def test_a_code_of_another_nomination_counts_for_that_nomination_only(
    client, secretary, review_campaign, branch_a1
):
    first, second = (
        NominationFactory(
            campaign=review_campaign, member__organization=branch_a1, state="in_review"
        )
        for _ in range(2)
    )
    code = services.issue_codes(second, 1, by=secretary)[0].code

    client.post(reverse("evaluations:survey_public", args=[code]), ANSWERS)

    assert SurveyResponse.objects.filter(survey__nomination=second).count() == 1
    assert not SurveyResponse.objects.filter(survey__nomination=first).exists()


def test_secretary_issues_codes_and_prints_a_sheet_with_qr_codes(
    client, secretary, review_campaign, branch_a1
):
    nomination = NominationFactory(
        campaign=review_campaign, member__organization=branch_a1, state="in_review"
    )
    client.force_login(secretary)

    response = client.post(
        reverse("evaluations:survey", args=[nomination.pk]), {"count": 4}, follow=True
    )

    body = response.content.decode()
    assert body.count("data:image/svg+xml") == 4
    assert SurveyCode.objects.filter(survey__nomination=nomination).count() == 4


def test_results_are_counts_only_and_hidden_below_five(
    client, secretary, review_campaign, branch_a1
):
    nomination = NominationFactory(
        campaign=review_campaign, member__organization=branch_a1, state="in_review"
    )
    survey_answers(nomination, issued=10, satisfied=4, responses=4, by=secretary)
    client.force_login(secretary)
    url = reverse("evaluations:survey", args=[nomination.pk])

    hidden = client.get(url).content.decode()
    survey_answers(nomination, issued=1, satisfied=1, responses=1, by=secretary)
    shown = client.get(url).content.decode()

    assert "收回 5 份以上后显示结果" in hidden
    assert "满意率" in shown and "100%" in shown


def test_the_queue_lists_cards_to_do_first_with_links_to_score_them(
    client, reviewer, review_campaign, branch_a2
):
    done = card(
        NominationFactory(campaign=review_campaign, member__organization=branch_a2),
        reviewer,
        scores(20, 20, 20, 20),
    )
    to_do = card(
        NominationFactory(campaign=review_campaign, member__organization=branch_a2),
        reviewer,
        {},
        submitted=False,
    )
    client.force_login(reviewer)

    html = client.get(reverse("evaluations:queue")).content.decode()

    to_do_link = reverse("evaluations:score", args=[to_do.nomination_id])
    done_link = reverse("evaluations:score", args=[done.nomination_id])
    assert f'href="{to_do_link}">评分</a>' in html and f'href="{done_link}">查看</a>' in html
    assert html.index(to_do.nomination.member.name) < html.index(done.nomination.member.name)
    assert "<td>草稿</td>" in html and "<td>已提交</td>" in html


def test_the_queue_escapes_what_it_shows(client, reviewer, review_campaign, branch_a2):
    """A name or a title holding markup is shown as text in the queue's rows."""
    review_campaign.title = "<i>2026</i>"
    review_campaign.save()
    branch_a2.name = "<b>支部</b>"
    branch_a2.save()
    nomination = NominationFactory(
        campaign=review_campaign, member__organization=branch_a2, member__name="<script>x"
    )
    card(nomination, reviewer, {}, submitted=False)
    client.force_login(reviewer)

    html = client.get(reverse("evaluations:queue")).content.decode()

    assert "<script>x" not in html and "&lt;script&gt;x" in html
    assert "&lt;b&gt;支部&lt;/b&gt;" in html and "&lt;i&gt;2026&lt;/i&gt;" in html


def test_the_queue_filters_by_state_and_pages_its_cards(
    client, reviewer, review_campaign, branch_a2, monkeypatch
):
    from evaluations.views import review

    monkeypatch.setattr(review, "PAGE_SIZE", 2)
    drafts = [
        card(
            NominationFactory(campaign=review_campaign, member__organization=branch_a2),
            reviewer,
            {},
            submitted=False,
        )
        for _ in range(3)
    ]
    done = card(
        NominationFactory(campaign=review_campaign, member__organization=branch_a2),
        reviewer,
        scores(20, 20, 20, 20),
    )
    names = [c.nomination.member.name for c in reversed(drafts)]  # the newest first
    client.force_login(reviewer)
    url = reverse("evaluations:queue")

    first = client.get(url, {"state": "draft"}).content.decode()
    second = client.get(url, {"state": "draft", "page": 2}).content.decode()
    submitted = client.get(url, {"state": "submitted"}).content.decode()
    everything = client.get(url, {"state": "nonsense", "page": 2}).content.decode()

    assert names[0] in first and names[1] in first and names[2] not in first
    assert names[2] in second and names[0] not in second
    assert done.nomination.member.name not in first + second
    assert done.nomination.member.name in submitted and names[0] not in submitted
    assert names[2] in everything and done.nomination.member.name in everything


def test_a_reviewer_without_cards_is_told_so(client, reviewer):
    client.force_login(reviewer)

    html = client.get(reverse("evaluations:queue")).content.decode()

    assert '<td colspan="6" class="text-muted">没有评审任务。</td>' in html
    assert "<tr><td>" not in html


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


def test_admin_revises_a_confirmed_shortlist_with_a_reason(
    client, city_admin, review_campaign, make_nomination, panel, admin
):
    from audit.models import AuditEvent

    a, b = _two_ranked(review_campaign, make_nomination, panel, admin)
    client.force_login(city_admin)
    _shortlist(client, review_campaign, [a])

    response = _shortlist(client, review_campaign, [b, a], reason="委员会复议，增补B同志。")

    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.state, b.state) == ("shortlisted", "shortlisted")
    assert "拟推荐名单已确定：2 名。" in [str(m) for m in response.context["messages"]]
    event = AuditEvent.objects.filter(verb="review.shortlist_revised").get()
    assert event.before == {"shortlisted": [a.pk]}
    assert event.after["shortlisted"] == sorted([a.pk, b.pk])
    assert event.after["reason"] == "委员会复议，增补B同志。"


def test_revising_a_shortlist_without_a_reason_is_refused_and_changes_nothing(
    client, city_admin, review_campaign, make_nomination, panel, admin
):
    a, b = _two_ranked(review_campaign, make_nomination, panel, admin)
    client.force_login(city_admin)
    _shortlist(client, review_campaign, [a])

    response = _shortlist(client, review_campaign, [a, b])

    b.refresh_from_db()
    assert b.state == "not_selected"
    messages = [str(m) for m in response.context["messages"]]
    assert "修改已确定的拟推荐名单，请写明理由。" in messages
    assert not any(m.startswith("拟推荐名单已确定") for m in messages)


def test_a_revision_that_drops_a_nominee_moves_them_to_not_selected(
    client, city_admin, review_campaign, make_nomination, panel, admin
):
    a, b = _two_ranked(review_campaign, make_nomination, panel, admin)
    client.force_login(city_admin)
    _shortlist(client, review_campaign, [a, b])

    _shortlist(client, review_campaign, [a], reason="B同志材料待核实，暂不推荐。")

    b.refresh_from_db()
    assert b.state == "not_selected"
    assert b.transitions.last().reason == "B同志材料待核实，暂不推荐。"


def test_manual_assignment_past_the_cap_asks_for_a_reason(
    client, city_admin, review_campaign, make_nomination, panel
):
    """Issue 37 item 8: not a silent "已分配。"."""
    from audit.models import AuditEvent
    from members.services import assign_role

    reviewer = panel[0]

    assign_role(reviewer, Role.REVIEWER, review_campaign.owner)
    services.add_reviewer(review_campaign, reviewer, cap=1, by=city_admin)
    first, second = make_nomination(), make_nomination()
    services.assign(first, reviewer, by=city_admin)
    client.force_login(city_admin)
    url = reverse("evaluations:assign", args=[review_campaign.pk, second.pk])

    asked = client.post(url, {"user": reviewer.pk})
    assert asked.status_code == 200
    assert "已达评审上限（1 份）" in asked.content.decode()
    assert not second.scorecards.exists()

    done = client.post(
        url, {"user": reviewer.pk, "override_reason": "该委员熟悉此领域。"}, follow=True
    )

    assert second.scorecards.filter(reviewer=reviewer).exists()
    assert "已分配。" in [str(m) for m in done.context["messages"]]
    event = AuditEvent.objects.get(verb="review.cap_overridden")
    assert event.after == {"reviewer": reviewer.username, "cap": 1, "reason": "该委员熟悉此领域。"}


def test_the_service_refuses_past_the_cap_without_a_reason(
    city_admin, review_campaign, make_nomination, panel
):
    from members.services import assign_role
    from selection.errors import SelectionError

    reviewer = panel[0]
    assign_role(reviewer, Role.REVIEWER, review_campaign.owner)
    services.add_reviewer(review_campaign, reviewer, cap=1, by=city_admin)
    first, second = make_nomination(), make_nomination()
    services.assign(first, reviewer, by=city_admin)

    with pytest.raises(SelectionError, match="评审上限"):
        services.assign(second, reviewer, by=city_admin)


def test_a_code_of_a_concluded_campaign_is_refused_at_once(
    client, secretary, review_campaign, branch_a1
):
    """Issue 37 item 12: the reason first, not the whole form and a refusal on submit."""
    nomination = NominationFactory(
        campaign=review_campaign, member__organization=branch_a1, state="in_review"
    )
    code = services.issue_codes(nomination, 1, by=secretary)[0].code
    type(nomination).objects.filter(pk=nomination.pk).update(state="approved")
    review_campaign.phase = "concluded"
    review_campaign.save()

    page = client.get(reverse("evaluations:survey_public", args=[code]))

    assert page.status_code == 410
    assert "本次民主测评已结束。" in page.content.decode()
    assert 'name="overall"' not in page.content.decode()


def test_a_code_of_a_decided_nomination_is_refused_at_once(
    client, secretary, review_campaign, branch_a1
):
    nomination = NominationFactory(
        campaign=review_campaign, member__organization=branch_a1, state="in_review"
    )
    code = services.issue_codes(nomination, 1, by=secretary)[0].code
    type(nomination).objects.filter(pk=nomination.pk).update(state="not_selected")

    page = client.get(reverse("evaluations:survey_public", args=[code]))

    assert (page.status_code, "本次民主测评已结束。" in page.content.decode()) == (410, True)


def test_a_reviewer_sees_the_aggregates_only_after_submitting(
    client, reviewer, reviewer_card, panel, city_admin
):
    """Issue 37 item 9: hidden before one's own card is submitted; then the mean, the spread
    and where one's own total stands."""
    nomination = reviewer_card.nomination
    for other, level in zip(panel[:2], (20, 24), strict=True):
        card(nomination, other, scores(level, level, level, level))
    client.force_login(reviewer)
    url = reverse("evaluations:score", args=[nomination.pk])
    assert "评审汇总" not in client.get(url).content.decode()

    client.post(url, _post_scores(reviewer_card, scores(22, 22, 22, 22), action="submit"))
    page = client.get(url).content.decode()

    assert "评审汇总" in page
    assert "88.00" in page  # the mean of 80, 88 and 96
    assert "6.53" in page  # their standard deviation
    assert "1 份高于您，1 份低于您" in page


def test_a_reopened_card_shows_the_admins_reason(client, reviewer, reviewer_card, city_admin):
    client.force_login(reviewer)
    url = reverse("evaluations:score", args=[reviewer_card.nomination.pk])
    client.post(url, _post_scores(reviewer_card, scores(22, 22, 22, 22), action="submit"))
    services.reopen_card(reviewer_card, by=city_admin, reason="政治素质一项请补充评语。")

    page = client.get(url).content.decode()

    assert "管理员已重新打开您的评分表，理由：政治素质一项请补充评语。" in page
