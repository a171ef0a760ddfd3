"""The secretary's, admin's and integrity officer's pages, driven through the test client."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.choices import MemberStatus, Role
from members.services import assign_role
from selection import services, workflow
from selection.choices import State
from selection.models import Attachment, Nomination
from tests.factories import (
    COMPLETE_CONTENT,
    AssessmentFactory,
    CampaignFactory,
    MemberFactory,
    NominationFactory,
    pdf_upload,
    png_upload,
)

pytestmark = pytest.mark.django_db


def _form_data(**overrides):
    data = {k: str(v) for k, v in COMPLETE_CONTENT.items()}
    data.update(overrides)
    return data


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- Secretary ------------------------------------------------------------------------------------


def test_secretary_nominates_a_member_and_submits(client, secretary, campaign, good_member):
    client.force_login(secretary)
    pick = client.get(reverse("selection:nomination_new"), {"campaign": campaign.pk})
    assert good_member.name in pick.content.decode()

    form_page = client.get(
        reverse("selection:nomination_new"), {"campaign": campaign.pk, "member": good_member.pk}
    )
    assert "党龄不少于 1 年" in form_page.content.decode()  # eligibility shown before submitting

    response = client.post(
        reverse("selection:nomination_new") + f"?campaign={campaign.pk}",
        {**_form_data(), "member": good_member.pk, "photo": png_upload(), "action": "submit"},
        follow=True,
    )

    nomination = Nomination.objects.get(member=good_member)
    assert nomination.state == State.SUBMITTED
    assert "推荐已提交，等待资格审查。" in _messages(response)


def test_secretary_saves_a_draft_then_completes_it(client, secretary, campaign, good_member):
    client.force_login(secretary)
    client.post(
        reverse("selection:nomination_new") + f"?campaign={campaign.pk}",
        {"member": good_member.pk, "deeds_summary": "先写一个摘要", "action": "save"},
    )
    nomination = Nomination.objects.get(member=good_member)
    assert (nomination.state, nomination.deeds_summary) == (State.DRAFT, "先写一个摘要")

    response = client.post(
        reverse("selection:nomination_edit", args=[nomination.pk]),
        {**_form_data(), "photo": png_upload(), "action": "submit"},
        follow=True,
    )

    nomination.refresh_from_db()
    assert nomination.state == State.SUBMITTED
    assert nomination.deeds == COMPLETE_CONTENT["deeds"]
    assert response.status_code == 200


def test_submitting_an_incomplete_draft_names_what_is_missing(
    client, secretary, campaign, good_member
):
    client.force_login(secretary)

    response = client.post(
        reverse("selection:nomination_new") + f"?campaign={campaign.pk}",
        {"member": good_member.pk, "deeds_summary": "摘要", "action": "submit"},
        follow=True,
    )

    nomination = Nomination.objects.get(member=good_member)
    assert nomination.state == State.DRAFT
    assert nomination.deeds_summary == "摘要"
    assert any("尚缺" in m and "照片" in m for m in _messages(response))


def test_a_summary_over_300_characters_is_refused(client, secretary, draft):
    client.force_login(secretary)

    response = client.post(
        reverse("selection:nomination_edit", args=[draft.pk]),
        _form_data(deeds_summary="字" * 301, action="save"),
    )

    assert response.status_code == 400
    assert "不超过 300 字" in response.content.decode()
    draft.refresh_from_db()
    assert draft.deeds_summary == COMPLETE_CONTENT["deeds_summary"]


def test_secretary_edits_after_return_and_resubmits(client, secretary, admin, submitted):
    workflow.return_for_revision(submitted, by=admin, reason="请补充支部会议表决情况。")
    client.force_login(secretary)
    page = client.get(reverse("selection:nomination_edit", args=[submitted.pk]))
    assert "请补充支部会议表决情况。" in page.content.decode()

    client.post(
        reverse("selection:nomination_edit", args=[submitted.pk]),
        _form_data(branch_opinion="支部大会应到 20 人，实到 19 人，同意 19 票。", action="submit"),
    )

    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
    assert submitted.branch_opinion.startswith("支部大会应到")


def test_dashboard_shows_quota_used_and_left(client, secretary, submitted, campaign):
    client.force_login(secretary)

    response = client.get(reverse("selection:dashboard"), {"campaign": campaign.pk})

    body = response.content.decode()
    assert "名额：已用 1 / 共 2，剩余 1" in body
    assert submitted.member.name in body


def test_the_secretary_sees_each_branchs_nominations_by_name_with_their_last_change(
    client, secretary, campaign, branch_a1, branch_a2
):
    """The nominations come with their branch, as one JSON array each (an aggregate keeps no
    order, so they are sorted by name after); their times are the rows' own, in any zone."""
    import datetime

    assign_role(secretary, Role.SECRETARY, branch_a2)
    made = [
        NominationFactory(campaign=campaign, member__organization=branch, member__name=name)
        for branch, name in [(branch_a1, "王五"), (branch_a1, "李四"), (branch_a2, "张三")]
    ]
    NominationFactory(campaign__year=2025, member__organization=branch_a1)  # another year's
    moment = datetime.datetime(2026, 3, 1, 23, 30, 15, 123456, tzinfo=datetime.UTC)
    Nomination.objects.filter(pk=made[0].pk).update(updated_at=moment)
    client.force_login(secretary)

    response = client.get(reverse("selection:dashboard"), {"campaign": campaign.pk})

    listed = {
        row.quota.branch.pk: [(n.pk, n.name, n.state, n.updated_at) for n in row.nominations]
        for row in response.context["branches"]
    }
    expected = {}
    for branch in (branch_a1, branch_a2):
        rows = Nomination.objects.filter(campaign=campaign, branch=branch)
        expected[branch.pk] = [
            (n.pk, n.member.name, n.state, n.updated_at)
            for n in sorted(rows.select_related("member"), key=lambda n: (n.member.name, n.pk))
        ]
    assert listed == expected
    assert [name for _pk, name, *_ in listed[branch_a1.pk]] == ["李四", "王五"]
    assert listed[branch_a1.pk][1][3] == moment
    assert "2026-03-02 07:30" in response.content.decode()  # shown in Beijing's time


def test_a_secretary_of_two_branches_sees_each_branch_s_own_quota(
    client, secretary, campaign, branch_a1, branch_a2
):
    """Places are counted per branch: full members only, nominations of this campaign that
    hold a place only (a draft or another year's do not)."""
    assign_role(secretary, Role.SECRETARY, branch_a2)
    campaign.quota_kind, campaign.quota_value = "ratio", 10
    campaign.save()
    MemberFactory.create_batch(11, organization=branch_a1)
    MemberFactory.create_batch(4, organization=branch_a2, status=MemberStatus.PROBATIONARY)
    MemberFactory.create_batch(5, organization=branch_a2)
    workflow.submit(
        NominationFactory(campaign=campaign, member__organization=branch_a1), by=secretary
    )
    NominationFactory(campaign=campaign, member__organization=branch_a2)  # a draft
    NominationFactory(campaign__year=2025, member__organization=branch_a2, state="submitted")
    client.force_login(secretary)

    response = client.get(reverse("selection:dashboard"), {"campaign": campaign.pk})

    quotas = re.findall(r"<strong>(.+?)</strong>\s*<span>(名额：.+?)</span>", response.text)
    # 10 % of branch A1's 12 full members (the nominee included) rounds up to 2; of branch
    # A2's 7 (the draft's and the other year's nominees included, the probationary not) to 1.
    assert quotas == [
        ("东区一支部", "名额：已用 1 / 共 2，剩余 1"),
        ("东区二支部", "名额：已用 0 / 共 1，剩余 1"),
    ]


# --- Uploads --------------------------------------------------------------------------------------


def _exe_as_jpg():
    return SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (_exe_as_jpg, "照片须为 JPG 或 PNG 图片"),
        (
            lambda: SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (50 * 1024 * 1024)),
            "文件过大",
        ),
        (lambda: SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n broken"), "已损坏"),
        (lambda: png_upload("photo.jpg"), "扩展名与文件内容不符"),
        (lambda: SimpleUploadedFile("empty.png", b""), "空"),
    ],
    ids=["exe-renamed-jpg", "50MB", "corrupt-png", "png-named-jpg", "empty"],
)
def test_a_bad_photo_is_refused_and_the_draft_keeps_its_content(
    client, secretary, draft, upload, message
):
    client.force_login(secretary)
    before = Nomination.objects.get(pk=draft.pk)

    response = client.post(
        reverse("selection:nomination_edit", args=[draft.pk]),
        _form_data(deeds="这段新输入不应丢失", photo=upload(), action="save"),
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "这段新输入不应丢失" in body  # what was typed is shown again
    after = Nomination.objects.get(pk=draft.pk)
    assert (after.deeds, after.photo.name) == (before.deeds, before.photo.name)


def test_a_path_in_the_filename_is_stripped(client, secretary, draft):
    client.force_login(secretary)

    client.post(
        reverse("selection:attachment_add", args=[draft.pk]),
        {"file": pdf_upload("../../etc/passwd.pdf")},
    )

    attachment = Attachment.objects.get(nomination=draft)
    assert attachment.original_name == "passwd.pdf"
    assert ".." not in attachment.file.name
    assert attachment.file.name.startswith("nominations/attachments/")


def test_etc_passwd_as_a_filename_is_refused(client, secretary, draft):
    client.force_login(secretary)

    response = client.post(
        reverse("selection:attachment_add", args=[draft.pk]),
        {"file": SimpleUploadedFile("../../etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n")},
        follow=True,
    )

    assert Attachment.objects.count() == 0
    assert any("附件须为 PDF、JPG、PNG 或 DOCX" in m for m in _messages(response))


def test_an_eleventh_attachment_is_refused(client, secretary, draft):
    for i in range(10):
        services.add_attachment(draft, pdf_upload(f"{i}.pdf"), by=secretary)
    client.force_login(secretary)

    response = client.post(
        reverse("selection:attachment_add", args=[draft.pk]),
        {"file": pdf_upload("11.pdf")},
        follow=True,
    )

    assert Attachment.objects.filter(nomination=draft).count() == 10
    assert any("最多 10 个附件" in m for m in _messages(response))
    draft.refresh_from_db()
    assert draft.deeds == COMPLETE_CONTENT["deeds"]


def test_a_real_docx_is_accepted_and_a_fake_one_refused(secretary, draft):
    from django.core.exceptions import ValidationError

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    docx = SimpleUploadedFile("材料.docx", buffer.getvalue())
    services.add_attachment(draft, docx, by=secretary)

    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("evil.sh", "rm -rf /")
    with pytest.raises(ValidationError):
        services.add_attachment(draft, SimpleUploadedFile("x.docx", other.getvalue()), by=secretary)
    assert [a.original_name for a in draft.attachments.all()] == ["材料.docx"]


def test_attachments_are_served_only_in_scope(client, secretary, other_secretary, draft):
    attachment = services.add_attachment(draft, pdf_upload(), by=secretary)
    url = reverse("selection:attachment_download", args=[draft.pk, attachment.pk])

    client.force_login(other_secretary)
    assert client.get(url).status_code == 404
    client.force_login(secretary)
    response = client.get(url)
    body = b"".join(response.streaming_content)

    assert response.status_code == 200
    assert body.startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment;")


def test_uploads_are_not_under_a_public_url(client, secretary, draft):
    assert client.get("/private-media/" + draft.photo.name).status_code == 404
    assert client.get("/media/" + draft.photo.name).status_code == 404


# --- Admin and integrity officer -----------------------------------------------------------------


def test_screening_queue_shows_each_rule_and_the_admin_screens(
    client, admin, passed_integrity, good_member
):
    client.force_login(admin)
    queue = client.get(reverse("selection:screening_queue"))
    body = queue.content.decode()
    assert good_member.name in body
    assert "最近一次年度考核不低于称职" in body
    assert "2025 年度考核：优秀" in body

    client.post(reverse("selection:nomination_eligible", args=[passed_integrity.pk]), {})

    passed_integrity.refresh_from_db()
    assert passed_integrity.state == State.ELIGIBLE


@pytest.mark.parametrize("who", ["admin", "city_admin"])
@pytest.mark.parametrize("excluded", [True, False])
def test_screening_queue_marks_last_years_exemplar_when_the_campaign_excludes_them(
    client, request, campaign, submitted, secretary, branch_a1, excluded, who
):
    """钱七 was commended in last year's campaign of the same owner. 孙八 was only shortlisted
    there, 周九 commended in another organisation's campaign: neither counts. The same for the
    district's admin and for the city's, who holds the campaign's whole tree (its queue is
    read without the branches' paths)."""
    from selection.choices import Phase

    admin = request.getfixturevalue(who)

    campaign.exclude_previous_exemplars = excluded
    campaign.quota_value = 5
    campaign.save()
    last_year = CampaignFactory(owner=campaign.owner, year=campaign.year - 1, phase=Phase.CONCLUDED)
    elsewhere = CampaignFactory(year=campaign.year - 1, phase=Phase.CONCLUDED)
    rows = {}
    for name, previous, state in [
        ("钱七", last_year, State.PUBLISHED),
        ("孙八", last_year, State.SHORTLISTED),
        ("周九", elsewhere, State.APPROVED),
    ]:
        member = MemberFactory(organization=branch_a1, name=name)
        AssessmentFactory(member=member, year=2025, grade="excellent")
        NominationFactory(campaign=previous, member=member, state=state)
        workflow.submit(NominationFactory(campaign=campaign, member=member), by=secretary)
    client.force_login(admin)

    response = client.get(reverse("selection:screening_queue"))

    for row in response.context["rows"]:
        rows[row.name] = {r.code for r in row.rules if not r.passed}
    commended = {"previous_exemplar"} if excluded else set()
    assert rows == {
        "赵六": {"integrity"},
        "钱七": {"integrity"} | commended,
        "孙八": {"integrity"},
        "周九": {"integrity"},
    }
    assert ("已在上一届被选树" in response.content.decode()) is excluded


def test_the_queues_offer_only_campaigns_taking_or_screening_nominations(
    client, admin, integrity_officer, campaign
):
    from selection.choices import Phase

    screening = CampaignFactory(owner=campaign.owner, title="审查中的活动", phase=Phase.SCREENING)
    CampaignFactory(owner=campaign.owner, title="已结束的活动", phase=Phase.CONCLUDED)
    CampaignFactory(owner=campaign.owner, title="评审中的活动", phase=Phase.REVIEWING)

    for user, queue in [
        (admin, "selection:screening_queue"),
        (integrity_officer, "selection:integrity_queue"),
    ]:
        client.force_login(user)
        offered = client.get(reverse(queue)).context["campaigns"]
        assert {c.pk for c in offered} == {campaign.pk, screening.pk}


def test_screening_queue_escapes_what_it_shows(client, admin, submitted, branch_a1):
    """The queue's rows (selection/screening_queue.html): a name holding markup is shown as
    text."""
    submitted.member.name = "<script>x"
    submitted.member.save()
    branch_a1.name = "<b>支部</b>"
    branch_a1.save()
    client.force_login(admin)

    html = client.get(reverse("selection:screening_queue")).content.decode()

    assert "<script>x" not in html and "&lt;script&gt;x" in html
    assert "&lt;b&gt;支部&lt;/b&gt;" in html


def test_returning_without_a_reason_is_refused_with_a_message(client, admin, submitted):
    client.force_login(admin)

    response = client.post(
        reverse("selection:nomination_return", args=[submitted.pk]), {"reason": ""}, follow=True
    )

    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
    assert "请填写理由（不超过 2000 字）。" in _messages(response)


def test_a_double_screening_post_applies_once(client, admin, submitted):
    client.force_login(admin)
    url = reverse("selection:nomination_return", args=[submitted.pk])

    client.post(url, {"reason": "请补充材料。"})
    second = client.post(url, {"reason": "请补充材料。"}, follow=True)

    assert submitted.transitions.filter(target=State.RETURNED).count() == 1
    assert any("可能已被处理" in m for m in _messages(second))


def test_integrity_officer_vetoes_from_the_queue(client, integrity_officer, submitted):
    client.force_login(integrity_officer)
    assert (
        submitted.member.name in client.get(reverse("selection:integrity_queue")).content.decode()
    )

    client.post(
        reverse("selection:nomination_integrity", args=[submitted.pk]),
        {"verdict": "veto", "reason": "经核查存在违规收受礼品问题。"},
    )

    submitted.refresh_from_db()
    assert submitted.state == State.VETOED


def test_a_veto_without_reason_is_refused(client, integrity_officer, submitted):
    client.force_login(integrity_officer)

    response = client.post(
        reverse("selection:nomination_integrity", args=[submitted.pk]),
        {"verdict": "veto", "reason": ""},
        follow=True,
    )

    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
    assert any("一票否决须写明理由" in m for m in _messages(response))


def test_detail_shows_the_history_timeline(client, admin, submitted):
    workflow.return_for_revision(submitted, by=admin, reason="请补充材料。")
    client.force_login(admin)

    body = client.get(reverse("selection:nomination_detail", args=[submitted.pk])).content.decode()

    assert "退回修改 → 退回修改" in body
    assert "请补充材料。" in body


def test_admin_creates_and_edits_a_campaign(client, city_admin, city):
    client.force_login(city_admin)
    data = {
        "title": "2027年度四好党员选树",
        "year": 2027,
        "owner": city.pk,
        "quota_kind": "ratio",
        "quota_value": "5",
        "exemplar_count": 10,
        "reference_date": "2027-11-01",
        "require_full_member": "on",
        "min_party_years": 1,
        "discipline_lookback_years": 2,
        "min_assessment_grade": "competent",
        "exclude_previous_exemplars": "on",
        "min_reviewers": 5,
        "public_weight": "0.5",
        "min_satisfaction": "0.8",
        "min_responses": 10,
        "spread_threshold": "8",
        "opens_at": "2027-09-01T09:00",
        "nominating_deadline": "2027-08-01T09:00",
    }

    bad = client.post(reverse("selection:campaign_new"), data)
    assert bad.status_code == 200
    assert "应晚于" in bad.content.decode()

    data["nominating_deadline"] = "2027-10-01T18:00"
    client.post(reverse("selection:campaign_new"), data)

    from selection.models import Campaign

    campaign = Campaign.objects.get(title="2027年度四好党员选树")
    assert (campaign.phase, campaign.quota_kind) == ("draft", "ratio")
    client.post(reverse("selection:campaign_phase", args=[campaign.pk]), {"phase": "nominating"})
    campaign.refresh_from_db()
    assert campaign.phase == "nominating"


# --- Query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_secretary_dashboard_query_count_does_not_grow(
    client, secretary, campaign, branch_a1, count, django_assert_num_queries
):
    for _ in range(count):
        NominationFactory(campaign=campaign, member__organization=branch_a1)
    client.force_login(secretary)

    # The session with the user, campaigns, branches (with their full members and nearest quota
    # override), their nominations (the places used are counted from them).
    with django_assert_num_queries(5):
        assert client.get(reverse("selection:dashboard")).status_code == 200


def _submit_some(campaign, branch, secretary, count: int) -> None:
    """``count`` nominations from ``branch`` submitted in ``campaign`` (room for five)."""
    campaign.quota_value = 5
    campaign.save()
    for _ in range(count):
        workflow.submit(
            NominationFactory(campaign=campaign, member__organization=branch), by=secretary
        )


@pytest.mark.parametrize("count", [1, 3])
def test_admin_dashboard_query_count_does_not_grow(
    client, admin, secretary, campaign, branch_a1, count, django_assert_num_queries
):
    _submit_some(campaign, branch_a1, secretary, count)
    client.force_login(admin)

    # The user with roles, the campaigns, the counts per state (which the pager uses too), the
    # page.
    with django_assert_num_queries(5):
        assert client.get(reverse("selection:dashboard")).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_screening_queue_query_count_does_not_grow(
    client, admin, secretary, campaign, branch_a1, count, django_assert_num_queries
):
    _submit_some(campaign, branch_a1, secretary, count)
    client.force_login(admin)

    # The user, their roles, the campaigns, the queue's length, the page (with the members'
    # latest assessments), the members' discipline records.
    with django_assert_num_queries(6):
        response = client.get(reverse("selection:screening_queue"))

    assert len(response.context["rows"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_the_city_admins_screening_queue_query_count_does_not_grow(
    client, city_admin, secretary, campaign, branch_a1, count, django_assert_num_queries
):
    """The city's admin holds the campaign's whole tree: their queue is read as any admin's."""
    _submit_some(campaign, branch_a1, secretary, count)
    client.force_login(city_admin)

    with django_assert_num_queries(6):
        client.get(reverse("selection:screening_queue"))
    # the user, their roles, the campaigns, the queue's length, the page, the discipline records
    with django_assert_num_queries(6):
        response = client.get(reverse("selection:screening_queue"))

    assert len(response.context["rows"]) == count
    assert response.context["page"].paginator.count == count


def test_a_branch_moved_out_of_a_campaign_leaves_its_admins_queue(
    client, admin, secretary, district_a, district_b, branch_a1, branch_a2
):
    """A district's admin holds its campaign's whole tree, and its queue lists every
    nomination of the campaign, until a branch that nominated is moved to another district:
    its nomination is then outside the admin's organisations, and leaves the queue (as it
    leaves what the admin may approve)."""
    from members.services import save_organization

    campaign = CampaignFactory(owner=district_a, quota_value=5)
    assign_role(secretary, Role.SECRETARY, branch_a2)
    for branch, name in ((branch_a1, "留下的"), (branch_a2, "迁走的")):
        nomination = NominationFactory(
            campaign=campaign, member__organization=branch, member__name=name
        )
        workflow.submit(nomination, by=secretary)
    client.force_login(admin)
    url = reverse("selection:screening_queue")

    before = client.get(url, {"campaign": campaign.pk}).context["rows"]
    branch_a2.parent = district_b
    save_organization(branch_a2)
    after = client.get(url, {"campaign": campaign.pk})

    assert [row.name for row in before] == ["留下的", "迁走的"]
    assert [row.name for row in after.context["rows"]] == ["留下的"]
    assert after.context["page"].paginator.count == 1


@pytest.mark.parametrize("count", [1, 3])
def test_integrity_queue_query_count_does_not_grow(
    client, integrity_officer, secretary, campaign, branch_a1, count, django_assert_num_queries
):
    _submit_some(campaign, branch_a1, secretary, count)
    client.force_login(integrity_officer)

    with django_assert_num_queries(5):
        assert client.get(reverse("selection:integrity_queue")).status_code == 200


def test_the_campaign_list_counts_each_campaigns_nominations(client, city_admin, city, branch_a1):
    from tests.factories import CampaignFactory

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
    from selection.views import nominations as views

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
    from django.core.files.uploadedfile import SimpleUploadedFile

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
