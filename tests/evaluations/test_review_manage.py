"""Review pages, continued: the admins' committee, assignment and results pages."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from evaluations import services
from evaluations.models import SurveyCode, SurveyResponse
from members.choices import Role
from tests.evaluations.test_review_views import (
    ANSWERS,
    AUTOSAVE_QUERIES,
    _post_scores,
    _shortlist,
    _two_ranked,
)
from tests.factories import NominationFactory, card, scores, survey_answers

pytestmark = pytest.mark.django_db


def _in_review(campaign, branch):
    """A nomination in review (cards exist only for those) of a member of ``branch``."""
    return NominationFactory(campaign=campaign, state="in_review", member__organization=branch)


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


def test_a_respondent_answers_once_without_an_account(
    client, secretary, review_campaign, branch_a1
):
    nomination = _in_review(review_campaign, branch_a1)
    code = services.issue_codes(nomination, 3, by=secretary)[0].code
    url = reverse("evaluations:survey_public", args=[code])

    assert nomination.member.name in client.get(url).content.decode()
    assert client.post(url, ANSWERS)["Location"] == reverse("evaluations:survey_thanks")
    second = client.post(url, ANSWERS)

    assert second.status_code == 410
    assert SurveyResponse.objects.count() == 1
    assert client.get(reverse("evaluations:survey_public", args=["x" * 22])).status_code == 404


def test_an_incomplete_survey_is_refused_and_the_code_stays_valid(
    client, secretary, review_campaign, branch_a1
):
    nomination = _in_review(review_campaign, branch_a1)
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
    first, second = (_in_review(review_campaign, branch_a1) for _ in range(2))
    code = services.issue_codes(second, 1, by=secretary)[0].code

    client.post(reverse("evaluations:survey_public", args=[code]), ANSWERS)

    assert SurveyResponse.objects.filter(survey__nomination=second).count() == 1
    assert not SurveyResponse.objects.filter(survey__nomination=first).exists()


def test_secretary_issues_codes_and_prints_a_sheet_with_qr_codes(
    client, secretary, review_campaign, branch_a1
):
    nomination = _in_review(review_campaign, branch_a1)
    client.force_login(secretary)

    response = client.post(
        reverse("evaluations:survey", args=[nomination.pk]), {"count": 4}, follow=True
    )

    body = response.content.decode()
    codes = SurveyCode.objects.filter(survey__nomination=nomination)
    assert codes.count() == 4
    # One slip a code, its link in data-survey-url and printed; the browser draws the QR.
    assert body.count("data-survey-url=") == 4 and body.count('alt="测评二维码"') == 4
    for code in codes:
        url = "http://testserver" + reverse("evaluations:survey_public", args=[code.code])
        assert f'data-survey-url="{url}"' in body and f">{url}</div>" in body
    assert "data:image/svg+xml" not in body  # nothing drawn on the server
    assert "vendor/qrcode-generator/qrcode.js" in body and "js/survey-qr.js" in body


def test_the_survey_codes_label_carries_no_stray_colon(
    client, secretary, review_campaign, branch_a1
):
    """The label is written in the template: Django's ASCII label suffix does not follow it."""
    nomination = _in_review(review_campaign, branch_a1)
    client.force_login(secretary)

    page = client.get(reverse("evaluations:survey", args=[nomination.pk])).content.decode()

    assert '<label class="form-label" for="id_count">发放数量</label>' in page
    assert "发放数量:" not in page and "发放数量：" not in page


def test_results_are_counts_only_and_hidden_below_five(
    client, secretary, review_campaign, branch_a1
):
    nomination = _in_review(review_campaign, branch_a1)
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
        _in_review(review_campaign, branch_a2),
        reviewer,
        scores(20, 20, 20, 20),
    )
    to_do = card(
        _in_review(review_campaign, branch_a2),
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
    state = '<td data-label="状态">'
    assert f"{state}草稿</td>" in html and f"{state}已提交</td>" in html


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
            _in_review(review_campaign, branch_a2),
            reviewer,
            {},
            submitted=False,
        )
        for _ in range(3)
    ]
    done = card(
        _in_review(review_campaign, branch_a2),
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

    assert '<td colspan="5" class="text-muted">没有评审任务。</td>' in html
    assert '<td class="cell-head">' not in html


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
    assert response.status_code == 400
    assert response.context["refusal"] == "修改已确定的拟推荐名单，请写明理由。"
    assert not any(str(m).startswith("拟推荐名单已确定") for m in response.context["messages"])


def test_a_revision_that_drops_a_nominee_moves_them_to_not_selected(
    client, city_admin, review_campaign, make_nomination, panel, admin
):
    a, b = _two_ranked(review_campaign, make_nomination, panel, admin)
    client.force_login(city_admin)
    _shortlist(client, review_campaign, [a, b])

    _shortlist(client, review_campaign, [a], reason="B同志材料待核实，暂不推荐。")

    b.refresh_from_db()
    assert b.state == "not_selected"
    # The revision's reason is kept with it (its audit row), not in B's history.
    assert b.transitions.last().reason == ""
    event = AuditEvent.objects.get(verb="review.shortlist_revised")
    assert event.after["reason"] == "B同志材料待核实，暂不推荐。"


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
    nomination = _in_review(review_campaign, branch_a1)
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
    nomination = _in_review(review_campaign, branch_a1)
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
