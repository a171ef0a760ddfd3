"""Selection pages, continued: the queues and their bulk actions."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from selection import services, workflow
from selection.models import Nomination
from tests.factories import (
    COMPLETE_CONTENT,
    CampaignFactory,
    NominationFactory,
    pdf_upload,
)
from tests.selection.test_views import (
    _form_data,
    _messages,
    _submit_some,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 3])
def test_integrity_queue_query_count_does_not_grow(
    client, integrity_officer, secretary, campaign, branch_a1, count, django_assert_num_queries
):
    _submit_some(campaign, branch_a1, secretary, count + 1)
    answered = Nomination.objects.filter(campaign=campaign).first()
    workflow.give_integrity_opinion(answered, by=integrity_officer, verdict="pass")
    client.force_login(integrity_officer)

    # ``count`` awaited, one given: the campaigns, the page's count and rows, the
    # opinions given, and the session's two.
    with django_assert_num_queries(6):
        assert client.get(reverse("selection:integrity_queue")).status_code == 200


def test_after_the_last_veto_the_queue_says_nothing_waits_and_lists_the_opinions_given(
    client, integrity_officer, secretary, campaign, branch_a1
):
    _submit_some(campaign, branch_a1, secretary, 1)
    nomination = Nomination.objects.get(campaign=campaign)
    client.force_login(integrity_officer)
    url = reverse("selection:integrity_queue")
    assert "本活动尚未出具廉洁意见。" in client.get(url).content.decode()

    response = client.post(
        reverse("selection:nomination_integrity", args=[nomination.pk]),
        {"verdict": "veto", "reason": "受到党内警告处分", "next": url},
        follow=True,
    )

    page = response.content.decode()
    assert "没有需要出具意见的推荐。" in page
    given = page.split("已出具的意见")[1]
    assert nomination.member.name in given
    assert "一票否决" in given
    assert "受到党内警告处分" in given
    assert reverse("selection:nomination_detail", args=[nomination.pk]) in given


def test_the_campaign_list_counts_each_campaigns_nominations(client, city_admin, city, branch_a1):

    busy = CampaignFactory(owner=city, title="二〇二六年度选树")
    CampaignFactory(owner=city, title="二〇二五年度选树", year=2025)
    for _ in range(2):
        NominationFactory(campaign=busy, member__organization=branch_a1)
    client.force_login(city_admin)

    html = client.get(reverse("selection:campaign_list")).content.decode()

    counts = dict(re.findall(r">(二〇二[五六]年度选树)</a>.*?campaign=\d+\">(\d+)</a>", html, re.S))
    assert counts == {"二〇二六年度选树": "2", "二〇二五年度选树": "0"}


def test_the_admins_list_filters_by_state_and_pages_and_hides_drafts_from_integrity(
    client, admin, secretary, integrity_officer, campaign, branch_a1, monkeypatch
):
    from selection.views import dashboard as views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    campaign.quota_value = 5
    campaign.save()
    submitted = []
    for name in ("甲", "乙", "丙"):
        nomination = NominationFactory(
            campaign=campaign, member__organization=branch_a1, member__name=f"提交{name}"
        )
        workflow.submit(nomination, by=secretary)
        submitted.append(nomination)
    draft = NominationFactory(
        campaign=campaign, member__organization=branch_a1, member__name="草稿丁"
    )
    url = reverse("selection:dashboard")
    client.force_login(admin)

    first = client.get(url, {"campaign": campaign.pk, "state": "submitted"}).content.decode()
    second = client.get(
        url, {"campaign": campaign.pk, "state": "submitted", "page": 2}
    ).content.decode()
    drafts = client.get(url, {"campaign": campaign.pk, "state": "draft"}).content.decode()
    client.force_login(integrity_officer)
    seen_by_integrity = client.get(url, {"campaign": campaign.pk, "page": 2}).content.decode()

    names = [f"提交{name}" for name in ("甲", "乙", "丙")]
    assert sorted(n for n in names if n in first) == sorted(n for n in names if n not in second)
    assert sum(n in first for n in names) == 2 and "第 2 / 2 页" in second
    assert "草稿丁" not in first + second
    assert draft.member.name in drafts and "提交甲" not in drafts
    assert sum(n in seen_by_integrity for n in names) == 1  # page 2 of 3 submitted
    assert "草稿丁" not in seen_by_integrity


def test_reopening_the_new_nomination_form_leads_to_the_existing_draft(
    client, secretary, campaign, draft
):
    """Issue 37 item 6: not a bare 404."""
    client.force_login(secretary)

    response = client.get(
        reverse("selection:nomination_new"), {"campaign": campaign.pk, "member": draft.member_id}
    )

    assert response.status_code == 302
    assert response.url == reverse("selection:nomination_edit", args=[draft.pk])


def test_reopening_the_form_for_a_submitted_nomination_leads_to_its_page(
    client, secretary, campaign, submitted
):
    client.force_login(secretary)

    response = client.get(
        reverse("selection:nomination_new"),
        {"campaign": campaign.pk, "member": submitted.member_id},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse(
        "selection:nomination_detail", args=[submitted.pk]
    )
    assert "该党员已在本次评选中被推荐，已为您打开这份推荐。" in _messages(response)


def test_another_branchs_member_is_still_not_found(client, secretary, campaign, member_b1):
    client.force_login(secretary)

    response = client.get(
        reverse("selection:nomination_new"), {"campaign": campaign.pk, "member": member_b1.pk}
    )

    assert response.status_code == 404


@pytest.mark.parametrize("field", ["deeds", "evidence_public", "branch_opinion"])
def test_a_text_over_the_20000_characters_shown_is_refused(client, secretary, draft, field):
    """Issue 37 item 7: the server's limit is the one the page shows."""
    client.force_login(secretary)
    url = reverse("selection:nomination_edit", args=[draft.pk])
    assert 'maxlength="20000"' in client.get(url).content.decode()

    response = client.post(url, _form_data(**{field: "字" * 20001, "action": "save"}))

    assert response.status_code == 400
    assert "不超过 20000 字（现为 20001 字）" in response.content.decode()
    draft.refresh_from_db()
    assert getattr(draft, field) == COMPLETE_CONTENT[field]


def test_a_text_of_20000_characters_with_line_breaks_is_accepted(client, secretary, draft):
    """The browser counts a line break as one character and sends two (CR LF)."""
    client.force_login(secretary)
    text = ("字" * 99 + "\r\n") * 199 + "字" * 100  # 20,000 as the browser counts them

    response = client.post(
        reverse("selection:nomination_edit", args=[draft.pk]),
        _form_data(deeds=text, action="save"),
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert len(draft.deeds) == 20000


def test_uploading_an_attachment_keeps_the_text_typed_but_not_saved(client, secretary, draft):
    """Issue 37 item 5: the upload goes with the nomination's form and saves what was typed."""
    client.force_login(secretary)
    url = reverse("selection:nomination_edit", args=[draft.pk])
    page = client.get(url).content.decode()
    assert 'form="nomination-form" name="action" value="upload"' in page

    response = client.post(
        url,
        _form_data(deeds="刚刚写下、还没保存的事迹。", action="upload", file=pdf_upload()),
        follow=True,
    )

    draft.refresh_from_db()
    assert draft.deeds == "刚刚写下、还没保存的事迹。"
    assert [a.original_name for a in draft.attachments.all()] == ["evidence.pdf"]
    assert "草稿已保存，附件已上传。" in _messages(response)


def test_a_bad_attachment_with_the_form_still_saves_the_text(client, secretary, draft):

    client.force_login(secretary)
    fake = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")

    client.post(
        reverse("selection:nomination_edit", args=[draft.pk]),
        _form_data(deeds="仍然保存的事迹。", action="upload", file=fake),
    )

    draft.refresh_from_db()
    assert draft.deeds == "仍然保存的事迹。"
    assert not draft.attachments.exists()


def test_a_fixed_quota_shows_as_a_whole_number(client, city_admin, campaign, branch_a1):
    """Issue 37 item 17: "2", not "2.00"."""
    services.set_quota_override(campaign, branch_a1, kind="fixed", value=3, by=city_admin)
    client.force_login(city_admin)

    page = client.get(reverse("selection:campaign_edit", args=[campaign.pk])).content.decode()

    assert 'name="quota_value" value="2"' in page
    assert "<td>3</td>" in page
    assert "2.00" not in page and "3.00" not in page


def test_a_share_of_members_shows_as_typed(client, city_admin, campaign):
    """A ratio quota typed as 12.5 (%) comes back as 12.5, not "12.50"."""
    campaign.quota_kind, campaign.quota_value = "ratio", Decimal("12.5")
    campaign.save(update_fields=["quota_kind", "quota_value"])
    client.force_login(city_admin)

    page = client.get(reverse("selection:campaign_edit", args=[campaign.pk])).content.decode()

    assert 'name="quota_value" value="12.5"' in page


def test_the_quota_picker_groups_organisations_by_their_party_committee(
    client, city_admin, campaign, branch_a1, branch_a2, committee_b
):
    """Issue 37 item 17: not a flat list of names, but one group per 党委, names indented below
    it, with a filter box (behaviour in static/js/app.js, no inline script)."""
    client.force_login(city_admin)

    page = client.get(reverse("selection:campaign_edit", args=[campaign.pk])).content.decode()
    picker = page[
        page.index('name="organization"') : page.index(
            "</select>", page.index('name="organization"')
        )
    ]

    assert '<optgroup label="东区机关党委">' in picker
    assert '<optgroup label="西区机关党委">' in picker
    assert '<optgroup label="上级党组织">' in picker
    east = picker[picker.index('<optgroup label="东区机关党委">') :]
    east = east[: east.index("</optgroup>")]
    assert f'<option value="{branch_a1.pk}">\u3000东区一支部</option>' in east
    assert f'<option value="{branch_a2.pk}">\u3000东区二支部</option>' in east
    assert 'data-filter-select="id_organization"' in page
    assert "<script>" not in page
