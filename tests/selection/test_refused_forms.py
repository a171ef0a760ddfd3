"""A refused form comes back with what was typed, each error at its field, a 4xx, and nothing
saved lost: the 公示 form, an objection's resolution, the 廉洁意见, the public objection and
the exemplar profile."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from selection import notice
from selection.choices import State
from selection.forms import NoticeForm, ResolveForm
from selection.models import Objection, PublicNotice

pytestmark = pytest.mark.django_db


def feedback(body: str, field_id: str) -> list[str]:
    """The invalid-feedback messages crispy renders under the field ``field_id``."""
    return re.findall(rf'id="error_\d+_{field_id}"><strong>(.*?)</strong>', body)


def test_a_refused_notice_keeps_the_date_the_days_and_names_each_field(
    client, shortlisted, city_admin
):
    campaign = shortlisted[0].campaign
    client.force_login(city_admin)

    response = client.post(
        reverse("selection:notice_open", args=[campaign.pk]),
        {"starts_on": "2026-11-01", "working_days": "3", "contact": ""},
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert not PublicNotice.objects.exists()
    assert 'value="2026-11-01"' in body
    assert re.search(r'name="working_days" value="3"', body)
    assert feedback(body, "id_working_days") == ["公示工作日数不少于 5 个工作日。"]
    assert feedback(body, "id_contact") == ["请填写“受理联系方式”。"]
    assert "。；" not in body


@pytest.mark.usefixtures("next_year_entered")
def test_a_notice_cannot_start_before_today(client, shortlisted, city_admin):
    """Backdated, it would have ended before anyone could object."""
    campaign = shortlisted[0].campaign
    client.force_login(city_admin)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    url = reverse("selection:notice_open", args=[campaign.pk])

    refused = client.post(url, {"starts_on": yesterday, "working_days": 5, "contact": "组织部"})
    opened = client.post(
        url, {"starts_on": timezone.localdate(), "working_days": 5, "contact": "组织部"}
    )

    assert refused.status_code == 400
    today = timezone.localdate().isoformat()
    assert feedback(refused.content.decode(), "id_starts_on") == [
        f"公示开始日期不能早于今天（{today}）：公示期须让群众有时间反映情况。"
    ]
    assert opened.status_code == 302
    assert PublicNotice.objects.get().starts_on == timezone.localdate()


def test_a_refused_resolution_keeps_the_texts_and_presets_no_decision(
    client, running, shortlisted, city_admin
):
    item = notice.file_objection(
        running, shortlisted[0], name="张三", contact="139", text="反映情况" * 6
    )
    client.force_login(city_admin)
    url = reverse("selection:objection_resolve", args=[running.campaign_id, item.pk])
    typed = {
        "investigator": "区纪委 王五",
        "finding": "经走访核实，所反映问题不属实。",
        "reason": "不予采纳。",
        "answer": "",
    }

    response = client.post(url, {"decision": "dismissed", **typed})

    body = response.content.decode()
    item.refresh_from_db()
    assert response.status_code == 400
    assert item.status == Objection.Status.OPEN
    prefix = f"id_o{item.pk}_"
    assert 'value="区纪委 王五"' in body
    assert "经走访核实，所反映问题不属实。</textarea>" in body
    assert "不予采纳。</textarea>" in body
    assert re.search(r'<option value="dismissed" selected>', body)
    assert feedback(body, f"{prefix}answer") == ["请填写“答复反映人”。"]
    assert feedback(body, f"{prefix}decision") == []
    assert "请选择处理结果" not in body


def test_no_decision_is_preset_and_none_chosen_is_named(client, running, shortlisted, city_admin):
    item = notice.file_objection(
        running, shortlisted[0], name="张三", contact="139", text="反映情况" * 6
    )
    client.force_login(city_admin)
    page = client.get(reverse("selection:notice_manage", args=[running.campaign_id]))
    assert '<option value="" selected>请选择…</option>' in page.content.decode()

    response = client.post(
        reverse("selection:objection_resolve", args=[running.campaign_id, item.pk]),
        {"investigator": "王五", "finding": "核实", "reason": "意见", "answer": "答复"},
    )

    assert response.status_code == 400
    assert feedback(response.content.decode(), f"id_o{item.pk}_decision") == ["请选择处理结果。"]


def integrity_row(body: str, pk: int) -> str:
    match = re.search(rf'<tr id="n-{pk}">.*?</tr>', body, re.S)
    assert match is not None
    return match[0]


def test_a_veto_without_a_reason_stays_on_the_queue_with_the_verdict_kept(
    client, submitted, integrity_officer
):
    client.force_login(integrity_officer)
    queue = reverse("selection:integrity_queue") + f"?campaign={submitted.campaign_id}"

    response = client.post(
        reverse("selection:nomination_integrity", args=[submitted.pk]),
        {"verdict": "veto", "reason": "  ", "next": queue},
    )

    body = response.content.decode()
    row = integrity_row(body, submitted.pk)
    submitted.refresh_from_db()
    assert response.status_code == 400
    assert submitted.state == State.SUBMITTED
    assert f'name="next" value="{queue}"' in row  # the queue's row, its own way back
    assert re.search(r'value="veto" id="[^"]+" checked', row)
    assert not re.search(r'value="pass" id="[^"]+" checked', row)
    assert re.findall(r'invalid-feedback d-block">(.*?)<', row) == ["一票否决须写明理由。"]


def test_a_veto_without_a_reason_from_the_nomination_page_stays_there(
    client, submitted, integrity_officer
):
    client.force_login(integrity_officer)
    detail = reverse("selection:nomination_detail", args=[submitted.pk])

    response = client.post(
        reverse("selection:nomination_integrity", args=[submitted.pk]),
        {"verdict": "veto", "reason": "", "next": detail},
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'value="veto" id="[^"]+" checked', body)
    assert "一票否决须写明理由。" in body
    assert f'name="next" value="{detail}"' in body


def test_an_opinion_with_no_verdict_names_the_choice(client, submitted, integrity_officer):
    client.force_login(integrity_officer)
    response = client.post(
        reverse("selection:nomination_integrity", args=[submitted.pk]), {"reason": "见附件"}
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "请选择廉洁意见（同意或一票否决）。" in body
    assert "见附件</textarea>" in body


def test_a_public_objection_names_each_field_it_refuses(client, running, shortlisted):
    response = client.post(
        reverse("public:objection", args=[running.campaign_id]),
        {"nomination": shortlisted[0].pk, "name": "", "contact": "abc", "text": "太短了"},
    )

    body = response.content.decode()
    assert "请填写您的姓名（实名反映）。" in body
    assert "反映内容至少 20 字（现有 3 字）。" in body
    assert "这个字段是必填项" not in body
    assert not Objection.objects.exists()


def test_a_too_long_profile_summary_names_the_field_and_keeps_the_text(client, profile, city_admin):
    client.force_login(city_admin)
    summary = "事" * 301

    response = client.post(
        reverse("selection:profile_edit", args=[profile.pk]),
        {
            "title": "新标题",
            "summary": summary,
            "story": "事迹",
            "organization": profile.organization_id,
            "year": profile.year,
        },
    )

    body = response.content.decode()
    profile.refresh_from_db()
    assert response.status_code == 400
    assert "“简介”不超过 300 字（现有 301 字）。" in body
    assert f"{summary}</textarea>" in body
    assert profile.title != "新标题"


@pytest.mark.parametrize(("language", "suffix"), [("zh-hans", "："), ("en", ":")])
def test_labels_end_in_the_language_s_colon(language, suffix):
    """Django's label_suffix is gettext(":"): the project's zh_Hans catalogue makes it "："."""
    with translation.override(language):
        assert NoticeForm().label_suffix == suffix
        assert ResolveForm()["reason"].label_tag().endswith(f"{suffix}</label>")


def test_the_chinese_catalogue_is_compiled():
    assert (settings.BASE_DIR / "locale/zh_Hans/LC_MESSAGES/django.mo").exists()


def test_the_default_start_is_today_before_anything_is_typed(client, shortlisted, city_admin):
    client.force_login(city_admin)
    page = client.get(reverse("selection:notice_manage", args=[shortlisted[0].campaign_id]))
    today = datetime.date.today().isoformat()
    assert f'value="{today}"' in page.content.decode()


@pytest.mark.usefixtures("next_year_entered")
def test_a_notice_the_workflow_refuses_keeps_what_was_typed(
    client, shortlisted, city_admin, monkeypatch
):
    """Right in every field but refused by the workflow (a lower stage of a 逐级推荐 campaign
    not decided yet): the reason at the top, the form as typed, a 4xx."""
    from selection import stages

    waiting = "以下组织尚未确定本级推荐名单：东区区委（第1级）。"
    monkeypatch.setattr(stages, "lower_stages_waiting", lambda campaign: waiting)
    campaign = shortlisted[0].campaign
    client.force_login(city_admin)
    starts = timezone.localdate() + datetime.timedelta(days=2)

    response = client.post(
        reverse("selection:notice_open", args=[campaign.pk]),
        {"starts_on": starts.isoformat(), "working_days": "7", "contact": "组织部 0710-1234567"},
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert not PublicNotice.objects.exists()
    assert waiting in body
    assert f'value="{starts.isoformat()}"' in body
    assert re.search(r'name="working_days" value="7"', body)
    assert "组织部 0710-1234567" in body


def test_a_quota_override_without_its_organisation_comes_back_saying_which_field(
    client, campaign, city_admin
):
    """The override form is at the foot of the campaign's page: refused, it comes back as typed
    with the message on top naming the form and its field, and the field marked below."""
    client.force_login(city_admin)
    url = reverse("selection:quota_add", args=[campaign.pk])

    response = client.post(url, {"organization": "", "kind": "ratio", "value": "30"})

    body = response.content.decode()
    assert (response.status_code, campaign.quotas.count()) == (400, 0)
    assert "名额调整未添加：请修改下方“名额调整”中标出的项目（党组织）。" in body
    assert "党组织：这个字段是必填项。" in body
    assert re.search(r'<select name="organization"[^>]*aria-invalid="true"', body)
    assert '<option value="ratio" selected>' in body and 'name="value" value="30"' in body
