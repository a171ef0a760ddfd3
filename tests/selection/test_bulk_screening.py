"""An admin with hundreds of nominations to screen ticks those that pass every rule and
declares them eligible in one submit; the rest are opened and screened one by one."""

import datetime

import pytest
from django.urls import reverse

from selection import queries, workflow
from selection.choices import State
from selection.models import Nomination
from tests.factories import (
    AssessmentFactory,
    DisciplineFactory,
    MemberFactory,
    NominationFactory,
)

pytestmark = pytest.mark.django_db

APPROVE = "selection:screening_approve"


def _messages(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def passing(campaign, branch_a1, secretary, integrity_officer):
    """Three submitted nominations of branch A1 that pass every rule."""
    campaign.quota_value = 5
    campaign.save()
    nominations = []
    for name in ("甲", "乙", "丙"):
        member = MemberFactory(organization=branch_a1, name=f"党员{name}")
        AssessmentFactory(member=member, year=2025, grade="excellent")
        nomination = NominationFactory(campaign=campaign, member=member, created_by=secretary)
        workflow.submit(nomination, by=secretary)
        workflow.give_integrity_opinion(nomination, by=integrity_officer, verdict="pass")
        nominations.append(nomination)
    return nominations


def _states(nominations):
    for nomination in nominations:
        nomination.refresh_from_db()
    return [n.state for n in nominations]


def test_the_queue_offers_a_tick_box_only_where_every_rule_passes(
    client, admin, passing, submitted
):
    client.force_login(admin)

    body = client.get(reverse("selection:screening_queue")).content.decode()

    for nomination in passing:
        assert f'name="nominations" value="{nomination.pk}"' in body
    # 赵六 has no integrity opinion yet: no box, the failed rule in words, a link to screen him
    assert f'name="nominations" value="{submitted.pk}"' not in body
    assert "廉洁意见" in body
    assert reverse("selection:nomination_detail", args=[submitted.pk]) + "#screening" in body


def test_each_row_reads_its_own_member_s_records(client, admin, passing, integrity_officer):
    """The records of the whole page are read at once; a warning of one member must not
    leak to another, and a member without assessments says so."""
    DisciplineFactory(member=passing[1].member, decided_on=datetime.date(2025, 3, 1))
    passing[2].member.assessments.all().delete()
    client.force_login(admin)

    rows = client.get(reverse("selection:screening_queue")).context["rows"]

    failed = {row.pk: [r.code for r in row.rules if not r.passed] for row in rows}
    assert failed == {
        passing[0].pk: [],
        passing[1].pk: ["discipline"],
        passing[2].pk: ["assessment"],
    }
    body = client.get(reverse("selection:screening_queue")).content.decode()
    assert "没有年度考核记录" in body and "2025-03-01 受到警告处分" in body


def test_each_row_is_judged_as_the_nomination_s_own_page_judges_it(
    client, admin, passing, submitted
):
    """The queue evaluates the rules on its rows' columns; the nomination's page on the
    member and its records. Both must say the same, word for word."""
    DisciplineFactory(member=passing[1].member, decided_on=datetime.date(2025, 3, 1))
    DisciplineFactory(member=passing[1].member, decided_on=datetime.date(2014, 3, 1), until=None)
    passing[2].member.assessments.all().delete()  # and `submitted` has no opinion yet
    client.force_login(admin)

    rows = client.get(reverse("selection:screening_queue")).context["rows"]

    assert len(rows) == 4
    for row in rows:
        nomination = Nomination.objects.select_related("member", "campaign").get(pk=row.pk)
        assert row.rules == queries.eligibility_for(nomination)


def test_a_rows_records_come_with_its_page_as_the_member_has_them(admin, campaign, passing):
    """The queue reads each member's records within the page's query: the latest assessment
    (all the rules read of them) and the discipline records, dates and an open-ended sanction
    included; a member without assessments has none."""
    from selection import queries

    member = passing[0].member
    member.assessments.all().delete()
    AssessmentFactory(member=member, year=2022, grade="excellent")
    AssessmentFactory(member=member, year=2024, grade="basic")
    AssessmentFactory(member=member, year=2023, grade="competent")
    DisciplineFactory(member=member, decided_on=datetime.date(2019, 1, 2), until=None)
    DisciplineFactory(member=member, decided_on=datetime.date(2018, 5, 6), kind="serious_warning")
    passing[2].member.assessments.all().delete()

    page = queries.screening_page(admin, campaign, None, 50)

    rows = {row.pk: row for row in page.object_list}
    for nomination in passing:
        row = rows[nomination.pk]
        own = nomination.member
        latest = list(own.assessments.order_by("-year")[:1])
        assert (row.assessment_year, row.assessment_grade) == (
            (latest[0].year, latest[0].grade) if latest else (None, None)
        )
        assert sorted(row.discipline) == sorted(
            (d.decided_on, d.until, d.kind) for d in own.discipline_records.all()
        )
    assert (rows[passing[0].pk].assessment_year, rows[passing[0].pk].assessment_grade) == (
        2024,
        "basic",
    )
    assert rows[passing[2].pk].assessment_year is None
    assert len(rows[passing[0].pk].discipline) == 2


def test_a_rows_opinion_comes_with_its_page_whole(admin, campaign, passing):
    """The page reads verdict and reason in one lookup; a reason with colons of its own comes
    back as written, and a nomination still without an opinion has neither."""
    from selection.models import IntegrityOpinion

    IntegrityOpinion.objects.filter(nomination=passing[0]).update(
        verdict="veto", reason="来信反映: 2024年违规收受礼品：已核实"
    )
    IntegrityOpinion.objects.filter(nomination=passing[2]).delete()

    rows = {row.pk: row for row in queries.screening_page(admin, campaign, None, 50).object_list}

    assert (rows[passing[0].pk].verdict, rows[passing[0].pk].reason) == (
        "veto",
        "来信反映: 2024年违规收受礼品：已核实",
    )
    assert (rows[passing[1].pk].verdict, rows[passing[1].pk].reason) == ("pass", "")
    assert (rows[passing[2].pk].verdict, rows[passing[2].pk].reason) == (None, None)


def test_the_rules_read_in_the_admin_s_language(client, admin, passing, submitted):
    """The queue translates the rules' wording once per page; English must still be English."""
    passing[0].member.assessments.all().delete()
    client.force_login(admin)
    chinese = client.get(reverse("selection:screening_queue")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    body = client.get(reverse("selection:screening_queue")).content.decode()

    assert "No annual assessment on record" in body
    assert "Awaiting the integrity officer&#x27;s opinion" in body
    assert "没有年度考核记录" not in body
    # the pass/fail words are kept per language (after a page in Chinese, English is English)
    assert '"visually-hidden">未通过：' in chinese and '"visually-hidden">通过：' in chinese
    assert (
        '"visually-hidden">Failed: </span>' in body and '"visually-hidden">Passed: </span>' in body
    )
    assert "</span>Awaiting the integrity officer&#x27;s opinion</li>" in body
    assert "未通过" not in body and "：" not in body and "（" not in body


def test_the_admin_declares_the_ticked_nominations_eligible_in_one_submit(client, admin, passing):
    client.force_login(admin)
    queue = reverse("selection:screening_queue")

    response = client.post(
        reverse(APPROVE),
        {"nominations": [passing[0].pk, passing[2].pk], "next": queue},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == queue
    assert _states(passing) == [State.ELIGIBLE, State.SUBMITTED, State.ELIGIBLE]
    assert passing[0].transitions.filter(target=State.ELIGIBLE, by=admin).count() == 1
    assert "2 条推荐资格审查通过。" in _messages(response)


def test_a_ticked_nomination_that_now_fails_a_rule_is_refused_and_the_rest_are_done(
    client, admin, passing, submitted
):
    client.force_login(admin)

    response = client.post(
        reverse(APPROVE), {"nominations": [passing[0].pk, submitted.pk]}, follow=True
    )

    assert _states([passing[0], submitted]) == [State.ELIGIBLE, State.SUBMITTED]
    messages = _messages(response)
    assert "1 条推荐资格审查通过。" in messages
    assert any(m.startswith("赵六：不能通过资格审查") and "廉洁意见" in m for m in messages)


def test_a_nomination_screened_meanwhile_or_out_of_scope_is_left_alone(
    client, admin, other_admin, passing, campaign, branch_b1, secretary
):
    workflow.declare_eligible(passing[1], by=admin)
    elsewhere = NominationFactory(campaign=campaign, member__organization=branch_b1)
    elsewhere.state = State.SUBMITTED
    elsewhere.save()
    client.force_login(admin)

    response = client.post(
        reverse(APPROVE),
        {"nominations": [passing[0].pk, passing[1].pk, elsewhere.pk]},
        follow=True,
    )

    assert _states([passing[0], elsewhere]) == [State.ELIGIBLE, State.SUBMITTED]
    assert passing[1].transitions.filter(target=State.ELIGIBLE).count() == 1
    assert "2 条推荐已被处理或不在您的管理范围内，未作改动。" in _messages(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "请至少勾选一条。"),
        ({"nominations": ["abc"]}, "所选记录无效，请刷新页面后重试。"),
        ({"nominations": ["-3"]}, "所选记录无效，请刷新页面后重试。"),
        ({"nominations": [str(2**63)]}, "所选记录无效，请刷新页面后重试。"),
        ({"nominations": [str(i) for i in range(1, 102)]}, "一次最多处理 100 条。"),
    ],
)
def test_bad_selections_get_a_message_and_change_nothing(client, admin, passing, data, message):
    client.force_login(admin)

    response = client.post(reverse(APPROVE), data, follow=True)

    assert response.status_code == 200
    assert message in _messages(response)
    assert _states(passing) == [State.SUBMITTED] * 3


def test_an_id_past_32_bits_is_looked_up_like_any_other(client, admin, passing):
    """Primary keys are 64-bit: a large id is a record that is not there, not a bad request."""
    client.force_login(admin)

    response = client.post(
        reverse(APPROVE), {"nominations": [passing[0].pk, 2**63 - 1]}, follow=True
    )

    assert _states(passing) == [State.ELIGIBLE, State.SUBMITTED, State.SUBMITTED]
    assert "1 条推荐已被处理或不在您的管理范围内，未作改动。" in _messages(response)


def test_a_next_pointing_elsewhere_is_ignored(client, admin, passing):
    client.force_login(admin)

    response = client.post(
        reverse(APPROVE), {"nominations": [passing[0].pk], "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("selection:screening_queue")


def test_only_admins_may_approve_in_bulk(client, secretary, reviewer, passing):
    for user in (secretary, reviewer):
        client.force_login(user)
        assert client.post(reverse(APPROVE), {"nominations": [passing[0].pk]}).status_code == 403
    assert _states(passing) == [State.SUBMITTED] * 3


def test_the_queue_lists_the_oldest_submission_first_whatever_its_branch_or_name(
    client, admin, campaign, branch_a1, branch_a2, secretary, other_secretary, monkeypatch
):
    """A queue worked through on deadline: what came in first is screened first, and a
    nomination submitted meanwhile joins the end, so the pages already read do not shift."""
    from selection.views import queues as views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    campaign.quota_value = 5
    campaign.save()
    order = [(branch_a2, other_secretary, "党员丙"), (branch_a1, secretary, "党员甲")]
    order.append((branch_a2, other_secretary, "党员乙"))
    for branch, by, name in order:
        member = MemberFactory(organization=branch, name=name)
        workflow.submit(NominationFactory(campaign=campaign, member=member), by=by)
    client.force_login(admin)
    url = reverse("selection:screening_queue")

    first = [row.name for row in client.get(url).context["rows"]]
    late = MemberFactory(organization=branch_a1, name="党员丁")
    workflow.submit(NominationFactory(campaign=campaign, member=late), by=secretary)
    second = [row.name for row in client.get(url, {"page": 2}).context["rows"]]

    assert first == ["党员丙", "党员甲"]
    assert second == ["党员乙", "党员丁"]


def test_a_failed_rule_is_marked_for_the_eye_and_said_for_screen_readers(
    client, admin, passing, submitted
):
    """Each rule is one short item: its outcome as a class that the stylesheet marks (✓, ✗,
    red; ○ grey for an opinion awaited, which is not a failure) and as a word for screen
    readers, so that a page of 50 rows stays small on a slow intranet."""
    from pathlib import Path

    from django.contrib.staticfiles import finders

    client.force_login(admin)

    body = client.get(reverse("selection:screening_queue")).content.decode()

    row = body[body.index(f'<tr id="n-{submitted.pk}">') :]
    row = row[: row.index("</tr>")]
    assert '<li class="pending" title="纪检监察廉洁意见为同意">' in row
    assert '<span class="visually-hidden">待出具：</span>尚待纪检监察意见</li>' in row
    assert '<li class="ok" title="正式党员"><span class="visually-hidden">通过：</span>' in row
    stylesheet = Path(finders.find("css/app.css")).read_text(encoding="utf-8")
    assert '.rules > .ok::before { content: "✓"' in stylesheet
    assert '.rules > .no::before { content: "✗"' in stylesheet
    assert '.rules > .pending::before { content: "○"' in stylesheet


def test_one_rules_for_a_whole_page_judges_each_member_as_if_alone(campaign):
    """A queue's page is judged by one ``Rules``, which makes the outcomes that read no fact
    of the member once and keeps the assessments' by year and grade: each member still gets
    exactly what a ``Rules`` of their own gives."""
    from selection.eligibility import Discipline, Rules

    campaign.exclude_previous_exemplars = True
    day = datetime.date
    # (member, status, joined, latest assessment's year and grade, discipline, verdict, reason)
    cases = [
        (1, "full", day(2010, 1, 1), 2025, "excellent", [], None, None),
        (2, "probationary", day(2024, 5, 6), None, None, [], "pass", ""),
        (
            3,
            "full",
            day(2001, 2, 3),
            2025,
            "competent",
            [Discipline(day(2025, 3, 1), day(2026, 3, 1), "warning")],
            "veto",
            "受到问责",
        ),
        (4, "full", day(2012, 7, 8), 2025, "basic", [], "pass", ""),
        (5, "full", day(2010, 1, 1), 2025, "excellent", [], None, None),
        (
            6,
            "full",
            day(1999, 1, 1),
            2025,
            "incompetent",
            [Discipline(day(2015, 1, 1), None, "serious_warning")],
            "veto",
            "另有线索",
        ),
    ]
    previous = {3, 5}
    shared = Rules(campaign, previous)

    for case in cases:
        alone = Rules(campaign, previous).outcomes(*case)
        assert shared.outcomes(*case) == alone

    first, fifth = (shared.outcomes(*c) for c in (cases[0], cases[4]))
    assert [r.code for r in first if not r.passed] == ["integrity"]
    assert [r.code for r in fifth if not r.passed] == ["previous_exemplar", "integrity"]
