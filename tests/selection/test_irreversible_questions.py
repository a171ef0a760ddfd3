"""The 公示's steps that cannot be taken back (publishing the notice, resolving an objection,
confirming the results, ending the campaign) and publishing or taking back a gallery profile ask
first, in words naming who or what, through the ``data-confirm`` question static/js/app.js asks.
The question is the browser's: the server does the step as posted, script or no script."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from selection import gallery, notice
from selection.choices import State
from selection.models import Objection

pytestmark = pytest.mark.django_db


def _question(page: str, action: str) -> str:
    """The question asked before the form posting to ``action`` is sent ("" when none)."""
    form = re.search(rf'<form method="post" action="{re.escape(action)}"[^>]*>', page)
    assert form is not None, action
    asked = re.search(r'data-confirm="([^"]*)"', form.group(0))
    return html.unescape(asked.group(1)) if asked else ""


def _manage_page(client, campaign_pk: int) -> str:
    return client.get(reverse("selection:notice_manage", args=[campaign_pk])).content.decode()


def test_publishing_the_notice_asks_first_how_many_go_public(client, shortlisted, city_admin):
    client.force_login(city_admin)
    campaign = shortlisted[0].campaign

    page = _manage_page(client, campaign.pk)

    assert _question(page, reverse("selection:notice_open", args=[campaign.pk])) == (
        "确定发布公示吗？2 名拟推荐人选将在公示页面对外公开，发布后不能撤回。"
    )


def test_without_script_the_notice_opens_as_posted(client, shortlisted, city_admin):
    client.force_login(city_admin)
    campaign = shortlisted[0].campaign

    client.post(
        reverse("selection:notice_open", args=[campaign.pk]),
        {"starts_on": datetime.date.today(), "working_days": 5, "contact": "组织部 0000"},
    )

    shortlisted[0].refresh_from_db()
    assert shortlisted[0].state == State.IN_NOTICE


def test_resolving_an_objection_names_the_nominee_and_the_withdrawal(
    client, running, shortlisted, city_admin
):
    objection = notice.file_objection(
        running, shortlisted[0], name="张三", contact="139", text="反映情况" * 6
    )
    client.force_login(city_admin)
    name = shortlisted[0].member.name

    page = _manage_page(client, running.campaign_id)

    resolve = reverse("selection:objection_resolve", args=[running.campaign_id, objection.pk])
    assert _question(page, resolve) == (
        f"确定处理对{name}的异议吗？处理后不能更改；选择“查实，撤销推荐”的，{name}的推荐随之撤销。"
    )


def test_without_script_an_upheld_objection_withdraws_the_nomination(
    client, running, shortlisted, city_admin
):
    objection = notice.file_objection(
        running, shortlisted[0], name="张三", contact="139", text="反映情况" * 6
    )
    client.force_login(city_admin)

    client.post(
        reverse("selection:objection_resolve", args=[running.campaign_id, objection.pk]),
        {
            "decision": "upheld",
            "investigator": "区纪委 王五",
            "finding": "经走访核实，所反映问题属实。",
            "reason": "撤销推荐。",
            "answer": "经调查核实，您反映的问题属实，已撤销推荐，感谢监督。",
        },
    )

    objection.refresh_from_db()
    shortlisted[0].refresh_from_db()
    assert (objection.status, shortlisted[0].state) == (Objection.Status.UPHELD, State.WITHDRAWN)


def test_confirming_the_results_and_ending_the_campaign_ask_first(client, running, city_admin):
    client.force_login(city_admin)
    campaign = running.campaign

    page = _manage_page(client, campaign.pk)

    approve = reverse("selection:notice_approve", args=[campaign.pk])
    conclude = reverse("selection:campaign_conclude", args=[campaign.pk])
    assert _question(page, approve) == (
        "确定确认公示结果吗？公示中没有未决异议的人选将全部通过公示，不能撤销。"
    )
    assert _question(page, conclude) == (
        f"确定结束评选活动《{campaign.title}》吗？结束后如需退回“公示”阶段，须写明理由。"
    )


def test_the_questions_are_asked_in_english_too(client, running, city_admin):
    client.cookies["django_language"] = "en"
    client.force_login(city_admin)
    campaign = running.campaign

    page = _manage_page(client, campaign.pk)

    conclude = reverse("selection:campaign_conclude", args=[campaign.pk])
    assert _question(page, conclude) == (
        f"End the campaign '{campaign.title}'? To take it back to the notice phase afterwards, "
        "a reason must be given."
    )


@pytest.fixture
def consented(profile, approved, city_admin):
    gallery.record_consent(approved, wording="同意公开先进事迹。", by=city_admin)
    return profile


def test_publishing_a_profile_and_taking_it_back_each_ask_first(
    client, consented, approved, city_admin
):
    client.force_login(city_admin)
    edit = reverse("selection:profile_edit", args=[consented.pk])
    name = approved.member.name

    before = client.get(edit).content.decode()
    # Without script the profile is published as posted.
    client.post(reverse("selection:profile_publish", args=[consented.pk]))
    after = client.get(edit).content.decode()

    assert _question(before, reverse("selection:profile_publish", args=[consented.pk])) == (
        f"确定发布{name}的风采展示吗？发布后将在“先进风采”中对外公开，任何人都可以查看。"
    )
    assert _question(after, reverse("selection:profile_unpublish", args=[consented.pk])) == (
        f"确定撤回{name}的风采展示吗？撤回后公开页面不再显示，之后可以重新发布。"
    )
    consented.refresh_from_db()
    assert consented.published_at is not None
