"""Interim scores stay with the committee: while the review runs, a branch secretary's reports
(and an admin's below the campaign's owner) say 评审结束后公布 where the scores, totals and ranks
would be; once the 公示 opens they are final and shown to everyone who may ask for the report.
The campaign's admins see them all along (reports.rules.shows_scores)."""

import pytest
from django.urls import reverse

from evaluations.models import Scorecard
from evaluations.queries import ranking
from reports.choices import Kind
from selection.models import Campaign, Nomination

from .test_documents import pdf, run, workbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

WITHHELD = "评审结束后公布"


@pytest.fixture
def reviewing(year):
    """The year's campaign while its review still runs: 张伟 has 4 of his 5 cards, the others
    are scored."""
    campaign, nominations = year
    Campaign.objects.filter(pk=campaign.pk).update(phase="reviewing")
    Nomination.objects.filter(campaign=campaign).update(state="scored")
    Nomination.objects.filter(pk=nominations["张伟"].pk).update(state="in_review")
    Scorecard.objects.filter(nomination=nominations["张伟"]).order_by("pk").last().delete()
    campaign.refresh_from_db()
    return campaign, {name: Nomination.objects.get(pk=n.pk) for name, n in nominations.items()}


def sheet_rows(job):
    return list(workbook(job).worksheets[0].iter_rows(values_only=True))


def open_notice(campaign):
    """The committee confirmed its shortlist and the 公示 opened: the review is closed."""
    Campaign.objects.filter(pk=campaign.pk).update(phase="notice")
    campaign.refresh_from_db()


def test_a_secretarys_summary_during_review_has_no_score_total_or_rank(secretary, reviewing):
    campaign, _nominations = reviewing
    job = run(secretary, Kind.SUMMARY, campaign)

    rows = sheet_rows(job)
    header, body, totals = rows[0], rows[1:-1], rows[-1]
    # Her branch's two nominees, by name, not in the order of a ranking she may not see.
    assert [(r[2], r[4]) for r in body] == sorted([("王建国", "评分完成"), ("张伟", "评审中")])
    first_figure, last_figure = header.index("评审人数"), header.index("提示")
    for r in body:
        assert r[0] == WITHHELD
        assert list(r[first_figure : last_figure + 1]) == [WITHHELD] * (
            last_figure - first_figure + 1
        )
    assert totals[3:5] == ("参与排名人数", WITHHELD)
    numbers = [value for r in rows for value in r if isinstance(value, float)]
    assert numbers == []


def test_a_secretarys_form_during_review_has_no_score_total_or_rank(secretary, reviewing):
    campaign, nominations = reviewing
    job = run(secretary, Kind.FORMS, campaign, nomination=nominations["王建国"])

    _reader, text = pdf(job)
    row = next(r for r in ranking(campaign) if r.name == "王建国")
    assert "评审得分" in text
    assert text.count(WITHHELD) == 1  # once, across the row of four criteria, 满意度, 总分, 排名
    assert str(row.total) not in text


def test_an_admin_below_the_campaigns_owner_does_not_see_the_interim_ranking(admin, reviewing):
    campaign, _nominations = reviewing  # the city's campaign; ``admin`` is the district's
    summary = run(admin, Kind.SUMMARY, campaign)
    detail = run(admin, Kind.DETAIL, campaign)

    assert {r[0] for r in sheet_rows(summary)[1:-1]} == {WITHHELD}
    assert [[v for v in r if v is not None] for r in sheet_rows(detail)[1:]] == [[WITHHELD]]
    assert detail.rows == 0


def test_the_campaigns_admin_sees_the_interim_ranking_during_review(city_admin, reviewing):
    campaign, nominations = reviewing
    summary = run(city_admin, Kind.SUMMARY, campaign)
    form = run(city_admin, Kind.FORMS, campaign, nomination=nominations["张伟"])

    expected = {row.name: row for row in ranking(campaign)}
    body = sheet_rows(summary)[1:-1]
    assert [(r[2], r[0], r[5]) for r in body] == [
        (name, row.rank, row.cards)
        for name, row in sorted(expected.items(), key=lambda item: item[1].rank)
    ]
    assert expected["张伟"].cards == 4
    _reader, text = pdf(form)
    assert WITHHELD not in text
    assert str(expected["张伟"].total) in text


def test_once_the_notice_opens_the_secretary_sees_the_final_scores_and_ranks(secretary, reviewing):
    campaign, nominations = reviewing
    open_notice(campaign)
    summary = run(secretary, Kind.SUMMARY, campaign)
    form = run(secretary, Kind.FORMS, campaign, nomination=nominations["王建国"])

    expected = {row.name: row for row in ranking(campaign)}
    body = sheet_rows(summary)[1:-1]
    assert {r[2]: r[0] for r in body} == {
        "王建国": expected["王建国"].rank,
        "张伟": expected["张伟"].rank,
    }
    _reader, text = pdf(form)
    assert WITHHELD not in text
    assert str(expected["王建国"].total) in text


def test_the_nomination_page_agrees_with_the_reports(client, secretary, city_admin, reviewing):
    campaign, nominations = reviewing
    url = reverse("selection:nomination_detail", args=[nominations["王建国"].pk])

    client.force_login(secretary)
    page = client.get(url).content.decode()
    assert "评审得分" in page and WITHHELD in page

    client.force_login(city_admin)  # the committee's side reads the results page instead
    page = client.get(url).content.decode()
    assert WITHHELD not in page

    open_notice(campaign)
    client.force_login(secretary)
    page = client.get(url).content.decode()
    row = next(r for r in ranking(campaign) if r.name == "王建国")
    assert WITHHELD not in page
    assert str(row.total) in page


def test_a_stages_ranks_stay_with_its_node_in_the_secretarys_reports(secretary, two_stages):
    campaign, made = two_stages  # in review: the city confirmed its shortlist, no 公示 yet
    form = run(secretary, Kind.FORMS, campaign, nomination=made["王"])
    summary = run(secretary, Kind.SUMMARY, campaign)

    _reader, text = pdf(form)
    # The node's figures stay the node's after the review too: its decision alone, not a
    # promise that they will be published.
    assert "东区机关党委意见推荐上报。" in text
    assert "本级排名" not in text and WITHHELD not in text.split("东区机关党委意见")[1][:40]
    rows = sheet_rows(summary)
    column = rows[0].index("逐级推荐")
    assert {row[2]: row[column] for row in rows[1:-1]} == {
        "王": "东区机关党委 推荐上报 → 江城市委 确定为拟推荐",
        "李": "东区机关党委 未推荐",
    }
    first = rows[0].index("第1级·党(工)委：评审人数")
    assert {row[first : first + 3] for row in rows[1:-1]} == {(WITHHELD,) * 3}
