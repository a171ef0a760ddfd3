"""The public notice, continued: objections, their outcomes and the notice's end."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from selection import notice, workdays
from selection.choices import Phase
from selection.models import CalendarDay, Campaign, Objection
from tests.selection.test_notice import (
    D,
    _objection,
)

pytestmark = pytest.mark.django_db


def test_the_notice_page_shows_public_fields_only(client, running, shortlisted):
    member = shortlisted[0].member

    body = client.get(reverse("public:notice_detail", args=[running.campaign_id])).content.decode()

    assert member.name in body
    assert str(member.birth_date.year) in body
    assert member.phone not in body
    assert member.id_number not in body
    assert member.birth_date.strftime("%Y-%m-%d") not in body
    assert client.get(reverse("public:notice_print", args=[running.campaign_id])).status_code == 200


def test_the_notice_gives_its_contact_in_the_reader_s_language(client, running):
    """The contact line is one sentence for translators: English gets its own colon."""
    pages = [
        reverse("public:notice_detail", args=[running.campaign_id]),
        reverse("public:notice_print", args=[running.campaign_id]),
    ]
    chinese = [client.get(page).content.decode() for page in pages]
    client.cookies["django_language"] = "en"
    english = [client.get(page).content.decode() for page in pages]

    assert all("受理联系方式：组织部 0000" in body for body in chinese)
    assert all("Contact for objections: 组织部 0000" in body for body in english)
    assert not any("：组织部" in body for body in english)


def test_admins_keep_the_holiday_list_and_it_moves_the_notice_end(client, city_admin):
    client.force_login(city_admin)
    assert workdays.end_after(D(2026, 12, 28), 5) == D(2027, 1, 1)

    client.post(
        reverse("selection:calendar"), {"date": "2027-01-01", "kind": "holiday", "note": "元旦"}
    )

    assert workdays.end_after(D(2026, 12, 28), 5) == D(2027, 1, 4)
    assert AuditEvent.objects.filter(verb="calendar.day_set").count() == 1
    bad = client.post(reverse("selection:calendar"), {"date": "not-a-date", "kind": "holiday"})
    assert bad.status_code == 400
    assert CalendarDay.objects.count() == 1


def test_the_cached_notice_follows_an_upheld_objection_and_the_notice_end(
    client, running, shortlisted, city_admin, monkeypatch
):
    """The notice is served from the cache on the day everyone reads it, yet a nomination
    withdrawn after an objection is marked 撤销 at once (its name stays: it was publicised), and
    the objection link goes when it ends."""
    url = reverse("public:notice_detail", args=[running.campaign_id])
    leaving, staying = shortlisted[0], shortlisted[1]
    first = client.get(url).content.decode()
    assert leaving.member.name in first and "反映情况（实名）" in first
    objection = notice.file_objection(
        running, leaving, name="张三", contact="139", text="反映情况" * 6
    )

    notice.resolve_objection(objection, upheld=True, reason="经核实，反映问题属实。", by=city_admin)
    after = client.get(url).content.decode()
    # The day after its last (the cached notice is kept per day)
    day_after = running.ends_on + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day_after)
    ended = client.get(url).content.decode()

    marked = f'{leaving.member.name} <span class="badge text-bg-secondary notice-mark">撤销</span>'
    assert marked in after and marked not in first and staying.member.name in after
    assert "经核实，反映问题属实。" not in after
    assert "反映情况（实名）" in after and "反映情况（实名）" not in ended


def test_the_cached_notice_shows_a_signed_in_admin_their_own_bar_and_visitors_none(
    client, running, city_admin
):
    url = reverse("public:notice_detail", args=[running.campaign_id])
    admin = Client()
    admin.force_login(city_admin)

    own = admin.get(url).content.decode()
    visitor = client.get(url).content.decode()

    assert str(city_admin) in own and reverse("logout") in own
    assert str(city_admin) not in visitor and "csrfmiddlewaretoken" not in visitor
    assert reverse("login") in visitor


def test_with_the_cache_unable_to_count_objections_are_refused_not_let_through(
    client, running, shortlisted, settings
):
    # Redis down (or full): the limit cannot count, so it refuses rather than fail open.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        },
    }

    statuses = {
        _objection(client, running.campaign_id, shortlisted[0].pk).status_code for _ in range(3)
    }

    assert statuses == {429}
    assert Objection.objects.count() == 0


def test_behind_the_proxy_each_citizen_has_their_own_objection_limit(
    client, running, shortlisted, settings
):
    settings.TRUSTED_PROXY_COUNT = 1

    def post(address):
        return client.post(
            reverse("public:objection", args=[running.campaign_id]),
            {
                "nomination": shortlisted[0].pk,
                "name": "王群众",
                "contact": "13900000000",
                "text": f"反映该同志在评优中存在材料不实的情况，请核实处理（{address}）。",
                "website": "",
            },
            HTTP_X_FORWARDED_FOR=address,
            REMOTE_ADDR="127.0.0.1",
        ).status_code

    assert [post("198.51.100.1") for _ in range(6)][-1] == 429
    assert post("198.51.100.2") == 200  # another citizen behind the same proxy


def test_an_objector_gets_the_investigated_answer_at_their_e_mail(
    client, running, shortlisted, city_admin, mailoutbox, django_capture_on_commit_callbacks
):
    """Issue 37 item 11: who investigated, what they found and the answer are recorded; the
    answer goes to the contact given when it is an e-mail address (not to a phone number)."""
    by_mail = notice.file_objection(
        running, shortlisted[0], name="张三", contact="zhang@example.org", text="反映情况" * 6
    )
    by_phone = notice.file_objection(
        running, shortlisted[1], name="李四", contact="13800000000", text="反映情况" * 6
    )
    client.force_login(city_admin)
    url = "selection:objection_resolve"
    answer = {
        "decision": "dismissed",
        "investigator": "区纪委 王五",
        "finding": "经走访核实，所反映问题不属实。",
        "reason": "不予采纳。",
        "answer": "经调查核实，您反映的问题不属实，感谢监督。",
    }

    incomplete = client.post(
        reverse(url, args=[running.campaign_id, by_mail.pk]), {**answer, "answer": ""}
    )
    by_mail.refresh_from_db()
    assert incomplete.status_code == 400 and by_mail.status == Objection.Status.OPEN
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse(url, args=[running.campaign_id, by_mail.pk]), answer)
        client.post(reverse(url, args=[running.campaign_id, by_phone.pk]), answer)

    by_mail.refresh_from_db()
    assert (by_mail.investigator, by_mail.finding) == (
        "区纪委 王五",
        "经走访核实，所反映问题不属实。",
    )
    assert by_mail.answer_sent_to == "zhang@example.org"
    assert [m.to for m in mailoutbox] == [["zhang@example.org"]]
    assert "感谢监督" in mailoutbox[0].body
    page = client.get(reverse("selection:notice_manage", args=[running.campaign_id]))
    assert "区纪委 王五" in page.content.decode()
    assert "（已发送至 z***@example.org）" in page.content.decode()  # masked until asked for
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(
        reverse("selection:notice_manage", args=[running.campaign_id]), {"reveal": "1"}
    )
    assert " (sent to zhang@example.org)" in english.content.decode()
    audit_page = client.get(reverse("audit:list")).content.decode()
    assert "z***@example.org" in audit_page and "zhang@example.org" not in audit_page


def test_the_public_notice_counts_objections_by_outcome(client, running, shortlisted, city_admin):
    objections = [
        notice.file_objection(running, shortlisted[i], name=name, contact="139", text="反映" * 6)
        for i, name in ((0, "张三"), (1, "张三"), (1, "李四"), (1, "王五"))
    ]
    notice.resolve_objection(objections[0], upheld=True, reason="属实。", by=city_admin)
    notice.resolve_objection(objections[1], upheld=False, reason="不属实。", by=city_admin)
    notice.resolve_objection(objections[2], upheld=False, reason="不属实。", by=city_admin)

    page = client.get(reverse("public:notice_detail", args=[running.campaign_id])).content.decode()

    assert "异议 4 件：成立 1 件，不成立 2 件，处理中 1 件。" in page


def test_a_concluded_campaign_s_notice_page_offers_no_confirming_or_concluding(
    client, running, city_admin
):
    client.force_login(city_admin)
    page = reverse("selection:notice_manage", args=[running.campaign_id])
    actions = [
        reverse("selection:notice_approve", args=[running.campaign_id]),
        reverse("selection:campaign_conclude", args=[running.campaign_id]),
    ]
    during = client.get(page).content.decode()
    Campaign.objects.filter(pk=running.campaign_id).update(phase=Phase.CONCLUDED)

    after = client.get(page).content.decode()

    assert all(action in during for action in actions)
    assert not any(action in after for action in actions)


def test_during_the_notice_confirming_and_concluding_are_disabled_with_why(
    client, running, city_admin, monkeypatch
):
    """The admin opens the 公示 page while the notice runs: 确认公示结果 and 结束活动 are greyed
    out, the reasons beside them; once the notice has ended, confirming is offered, and once
    every result is confirmed, concluding."""
    client.force_login(city_admin)
    page = reverse("selection:notice_manage", args=[running.campaign_id])
    approve = reverse("selection:notice_approve", args=[running.campaign_id])

    during = client.get(page).content.decode()
    refused = client.post(approve, follow=True).content.decode()
    later = running.ends_on + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    ended = client.get(page).content.decode()
    client.post(approve)
    confirmed = client.get(page).content.decode()

    confirm_disabled = 'disabled aria-describedby="approval-blocker">确认公示结果'
    conclude_disabled = 'disabled aria-describedby="conclusion-blockers">结束活动'
    assert confirm_disabled in during and conclude_disabled in during
    assert (
        '<span class="small text-muted" id="approval-blocker">公示期结束后才能确认公示结果。'
        in during
    )
    assert f"公示期至 {running.ends_on} 结束，结束前不能结束活动。" in during
    assert "公示期结束后才能确认公示结果。" in refused  # the server's check stays
    assert confirm_disabled not in ended and "approval-blocker" not in ended
    assert conclude_disabled in ended and "还有公示中的人员未确认结果。" in ended
    assert 'btn-outline-secondary">结束活动' in confirmed


def test_an_objection_of_punctuation_alone_is_refused_at_the_field(client, running, shortlisted):
    response = client.post(
        reverse("public:objection", args=[running.campaign_id]),
        {
            "nomination": shortlisted[0].pk,
            "name": "王群众",
            "contact": "13900000000",
            "text": "。" * 20,
            "website": "",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["text"] == [
        "请写明具体事实：反映内容除标点和空格外至少 10 字。"
    ]
    assert Objection.objects.count() == 0


def test_objections_refused_for_their_form_do_not_count_towards_the_limit(
    client, running, shortlisted
):
    """Four tries with a mistake, then the right one and four more: only complete objections
    count, so the citizen who corrected a typo is not refused."""

    def post(text, contact="13900000000"):
        return client.post(
            reverse("public:objection", args=[running.campaign_id]),
            {
                "nomination": shortlisted[0].pk,
                "name": "王群众",
                "contact": contact,
                "text": text,
                "website": "",
            },
        ).status_code

    mistakes = [post("反映该同志在评优中存在材料不实的情况。", contact="电话") for _ in range(4)]
    filed = [post(f"反映该同志在评优中存在材料不实的情况，请核实处理（之{i}）。") for i in range(5)]

    assert mistakes == [400] * 4
    assert filed == [200] * 5
    assert Objection.objects.count() == 5


def test_a_flood_of_posts_is_refused_complete_or_not(client, running, shortlisted, monkeypatch):
    from selection.views import public_notice

    monkeypatch.setattr(public_notice, "POSTS_PER_MINUTE", 3)

    def post():
        return client.post(
            reverse("public:objection", args=[running.campaign_id]),
            {"nomination": shortlisted[0].pk, "name": "", "contact": "", "text": "", "website": ""},
        ).status_code

    assert [post() for _ in range(4)] == [400, 400, 400, 429]
