"""公示: working days, objections, approvals and the campaign's end (DESIGN.md §6)."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from selection import notice, services, workdays
from selection.choices import Phase, State
from selection.errors import SelectionError
from selection.models import CalendarDay, Objection

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def national_day_2026(db):
    """国庆 2026: 1–7 October off; Saturday 10 October worked (调休)."""
    for day in range(1, 8):
        CalendarDay.objects.create(date=D(2026, 10, day), kind="holiday", note="国庆节")
    CalendarDay.objects.create(date=D(2026, 10, 10), kind="workday", note="国庆调休")


def test_five_working_days_skip_the_weekend():
    # Thursday 19 Nov 2026 + Fri, Mon, Tue, Wed = Wednesday 25 Nov
    assert workdays.end_after(D(2026, 11, 19), 5) == D(2026, 11, 25)


def test_a_notice_starting_on_a_saturday_counts_from_monday():
    assert workdays.end_after(D(2026, 11, 21), 5) == D(2026, 11, 27)


def test_holidays_do_not_count_and_a_make_up_saturday_does(national_day_2026):
    # From Wed 30 Sep: 30 Sep, (1–7 Oct off), Thu 8, Fri 9, Sat 10 (调休), Mon 12 = 5 days
    assert workdays.end_after(D(2026, 9, 30), 5) == D(2026, 10, 12)
    assert workdays.count_between(D(2026, 9, 28), D(2026, 10, 11)) == 6


def test_a_notice_shorter_than_five_working_days_is_refused(shortlisted, city_admin):
    with pytest.raises(SelectionError, match="不少于 5 个工作日"):
        notice.open_notice(
            shortlisted[0].campaign,
            starts_on=D(2026, 11, 23),
            working_days=4,
            contact="x",
            by=city_admin,
        )


def test_opening_the_notice_puts_the_shortlist_in_it(running, shortlisted):
    for nomination in shortlisted:
        nomination.refresh_from_db()
    assert {n.state for n in shortlisted} == {State.IN_NOTICE}
    running.campaign.refresh_from_db()
    assert running.campaign.phase == Phase.NOTICE
    assert running.ends_on == workdays.end_after(running.starts_on, 5)


def test_the_campaign_cannot_conclude_during_the_notice(running, city_admin):
    with pytest.raises(SelectionError, match="结束前不能结束活动"):
        services.set_phase(running.campaign, Phase.CONCLUDED, by=city_admin)


def test_the_notice_phase_is_entered_only_by_opening_a_notice(shortlisted, city_admin):
    with pytest.raises(SelectionError, match="发布公示"):
        services.set_phase(shortlisted[0].campaign, Phase.NOTICE, by=city_admin)


def _end(public_notice):
    public_notice.starts_on = D(2020, 1, 6)
    public_notice.ends_on = D(2020, 1, 10)
    public_notice.save()


def test_an_open_objection_blocks_the_conclusion(running, shortlisted, city_admin):
    notice.file_objection(running, shortlisted[0], name="张三", contact="139", text="反映情况" * 6)
    _end(running)

    with pytest.raises(SelectionError, match="未处理的异议"):
        services.set_phase(running.campaign, Phase.CONCLUDED, by=city_admin)


def test_an_upheld_objection_withdraws_and_a_dismissed_one_leaves(running, shortlisted, city_admin):
    first = notice.file_objection(
        running, shortlisted[0], name="张三", contact="139", text="反映情况" * 6
    )
    second = notice.file_objection(
        running, shortlisted[1], name="李四", contact="138", text="反映情况" * 6
    )

    notice.resolve_objection(first, upheld=True, reason="经核实，反映问题属实。", by=city_admin)
    notice.resolve_objection(second, upheld=False, reason="经核实，反映问题不属实。", by=city_admin)
    _end(running)
    approved = notice.approve_all(running.campaign, by=city_admin)

    shortlisted[0].refresh_from_db()
    shortlisted[1].refresh_from_db()
    assert (shortlisted[0].state, shortlisted[1].state) == (State.WITHDRAWN, State.APPROVED)
    assert approved == 1
    assert AuditEvent.objects.filter(verb="notice.objection_resolved").count() == 2
    assert shortlisted[0].transitions.last().reason == "经核实，反映问题属实。"
    services.set_phase(running.campaign, Phase.CONCLUDED, by=city_admin)


def test_results_cannot_be_confirmed_before_the_notice_ends(running, city_admin):
    with pytest.raises(SelectionError, match="公示期结束后"):
        notice.approve_all(running.campaign, by=city_admin)


def test_an_objection_needs_a_reason_to_be_resolved_once(running, shortlisted, city_admin):
    item = notice.file_objection(
        running, shortlisted[0], name="张三", contact="139", text="反映情况" * 6
    )
    with pytest.raises(SelectionError, match="处理意见"):
        notice.resolve_objection(item, upheld=False, reason="", by=city_admin)
    notice.resolve_objection(item, upheld=False, reason="不属实。", by=city_admin)
    with pytest.raises(SelectionError, match="已处理"):
        notice.resolve_objection(item, upheld=True, reason="属实。", by=city_admin)


# --- The public pages ---------------------------------------------------------------------------


def _objection(client, campaign_pk, nomination_pk, **overrides):
    data = {
        "nomination": nomination_pk,
        "name": "王群众",
        "contact": "13900000000",
        "text": "反映该同志在评优中存在材料不实的情况，请核实处理。",
        "website": "",
    }
    data.update(overrides)
    return client.post(reverse("public:objection", args=[campaign_pk]), data)


def test_the_public_files_an_objection(client, running, shortlisted):
    response = _objection(client, running.campaign_id, shortlisted[0].pk)

    assert response.status_code == 200
    assert Objection.objects.get().name == "王群众"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"text": "太短了"}, "反映内容至少 20 字"),
        ({"name": ""}, "请填写您的姓名"),
        ({"contact": ""}, "请填写“联系方式”。"),
    ],
)
def test_an_objection_needs_real_name_contact_and_enough_text(
    client, running, shortlisted, overrides, message
):
    response = _objection(client, running.campaign_id, shortlisted[0].pk, **overrides)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Objection.objects.count() == 0


def test_the_honeypot_swallows_robots(client, running, shortlisted):
    _objection(client, running.campaign_id, shortlisted[0].pk, website="http://spam.example")

    assert Objection.objects.count() == 0


def test_the_sixth_objection_in_a_minute_is_refused_with_429(client, running, shortlisted):
    # (the cache starts empty: conftest; a FLUSHDB here would empty other xdist workers' keys)
    # (each a different text: the same objection twice is refused on its own)
    statuses = [
        _objection(
            client,
            running.campaign_id,
            shortlisted[0].pk,
            text=f"反映该同志材料不实的情况之{i}，请核实处理。",
        ).status_code
        for i in range(6)
    ]

    assert statuses == [200, 200, 200, 200, 200, 429]
    assert Objection.objects.count() == 5
    refused = _objection(
        client,
        running.campaign_id,
        shortlisted[0].pk,
        text="第七次反映的情况，打字很长很长，不能丢失任何内容。",
    ).content.decode()
    assert "一分钟后再试" in refused
    # the form comes back with what was typed: sent again a minute later, nothing is retyped
    assert "第七次反映的情况，打字很长很长，不能丢失任何内容。" in refused
    assert 'name="website"' in refused


def test_a_reader_of_a_notice_not_yet_started_or_ended_is_told_when_objections_are_taken(
    client, shortlisted, city_admin
):
    campaign = shortlisted[0].campaign
    starts = datetime.date.today() + datetime.timedelta(days=3)
    upcoming = notice.open_notice(
        campaign, starts_on=starts, working_days=5, contact="组织部", by=city_admin
    )
    url = reverse("public:notice_detail", args=[campaign.pk])

    before = client.get(url).content.decode()
    upcoming.starts_on = D(2026, 1, 5)
    upcoming.ends_on = D(2026, 1, 9)
    upcoming.save()
    campaign.generation(campaign.pk).bump()
    after = client.get(url).content.decode()

    assert f"公示自 {starts.isoformat()} 开始，届时可实名反映情况。" in before
    assert "反映情况（实名）" not in before
    assert "公示已于 2026-01-09 结束，不再受理反映。" in after
    assert "反映情况（实名）" not in after
