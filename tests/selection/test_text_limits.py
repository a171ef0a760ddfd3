"""A nomination's texts over their limit are refused in the portal's own words, naming the
field and counting as the browser counts (a line break is one character)."""

import pytest
from django.urls import reverse

from selection.choices import State
from tests.factories import COMPLETE_CONTENT

pytestmark = pytest.mark.django_db


def _form(**overrides):
    return {**{k: str(v) for k, v in COMPLETE_CONTENT.items()}, "action": "save", **overrides}


def test_a_too_long_summary_is_refused_in_the_portal_s_own_words(client, secretary, draft):
    client.force_login(secretary)

    response = client.post(
        reverse("selection:nomination_edit", args=[draft.pk]), _form(deeds_summary="字" * 400)
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "主要事迹摘要不超过 300 字（现为 400 字）。" in html
    assert "确保该变量" not in html
    draft.refresh_from_db()
    assert draft.deeds_summary == COMPLETE_CONTENT["deeds_summary"]


def test_a_summary_of_300_characters_on_several_lines_is_kept(client, secretary, draft):
    """The browser lets 300 characters be typed, line breaks counted once; it sends each as
    two."""
    client.force_login(secretary)
    summary = "\r\n".join(["字" * 99] * 3) + "字"  # 298 characters and 2 line breaks

    response = client.post(
        reverse("selection:nomination_edit", args=[draft.pk]), _form(deeds_summary=summary)
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.deeds_summary == summary.replace("\r\n", "\n")


def test_a_too_long_exception_reason_names_the_field(client, admin, submitted):
    client.force_login(admin)

    response = client.post(
        reverse("selection:nomination_eligible", args=[submitted.pk]),
        {"override_reason": "理" * 2001},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "“例外说明”不超过 2000 字（现有 2001 字）。"
    ]
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
