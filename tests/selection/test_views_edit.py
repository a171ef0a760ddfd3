"""Selection pages, continued: editing, returning and resubmitting a nomination."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

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
from tests.selection.test_views import (
    _exe_as_jpg,
    _form_data,
    _messages,
)

pytestmark = pytest.mark.django_db


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
    # Each nomination's own page says the same (it asks with the nomination's query).
    for row in response.context["rows"]:
        page = client.get(reverse("selection:nomination_detail", args=[row.pk]))
        assert page.context["rules"] == row.rules


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


def test_a_refused_save_lists_what_the_typed_form_still_lacks(client, secretary, draft):
    """The deeds typed, the photo refused: the page keeps the typing, and its "still to fill in"
    line reads the typed form (the fields that passed), not the saved draft."""
    Nomination.objects.filter(pk=draft.pk).update(deeds="", deeds_summary="")
    client.force_login(secretary)

    response = client.post(
        reverse("selection:nomination_edit", args=[draft.pk]),
        _form_data(deeds="新写的详细事迹", deeds_summary="", photo=_exe_as_jpg(), action="save"),
    )

    assert response.status_code == 400
    assert response.context["missing"] == ["主要事迹摘要"]
    assert Nomination.objects.get(pk=draft.pk).deeds == ""  # nothing saved
