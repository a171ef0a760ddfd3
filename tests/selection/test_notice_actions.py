"""While the 公示 runs, what the admin cannot do yet is shown disabled with why beside it, each
reason once and apart from the others, in Chinese and in English; the server still refuses."""

import pytest
from django.urls import reverse
from django.utils import translation

from config.wording import sentences

pytestmark = pytest.mark.django_db


def test_the_reasons_for_not_ending_stand_beside_the_button_one_to_a_line(
    client, running, city_admin
):
    client.force_login(city_admin)

    body = client.get(
        reverse("selection:notice_manage", args=[running.campaign_id])
    ).content.decode()

    assert (
        '<ul class="small text-muted mb-0 ps-3" id="conclusion-blockers">'
        f"<li>公示期至 {running.ends_on} 结束，结束前不能结束活动。</li>"
        "<li>还有公示中的人员未确认结果。</li></ul>"
    ) in body
    assert 'disabled aria-describedby="conclusion-blockers">结束活动' in body
    assert 'disabled aria-describedby="approval-blocker">确认公示结果' in body


def test_an_english_refusal_to_end_spaces_its_sentences(client, running, city_admin):
    """Posted anyway (an old tab): the refusal runs its reasons on as English does."""
    client.cookies["django_language"] = "en"
    client.force_login(city_admin)

    response = client.post(
        reverse("selection:campaign_conclude", args=[running.campaign_id]), follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        f"The campaign cannot end yet: The notice runs until {running.ends_on}; the campaign "
        "cannot end before. Some people in the notice have no confirmed outcome yet."
    ]


def test_sentences_run_on_as_each_language_runs_them():
    with translation.override("zh-hans"):
        chinese = sentences(["尚未发布公示。", "还有未处理的异议。"])
    with translation.override("en"):
        english = sentences(["One.", "Two.", "Three."])

    assert chinese == "尚未发布公示。还有未处理的异议。"
    assert english == "One. Two. Three."
    assert sentences([]) == ""
