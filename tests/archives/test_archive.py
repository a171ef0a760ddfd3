"""The yearly archive: a concluded campaign archived becomes read-only, its documents frozen with
SHA-256 checksums into one bundle (the reports, manifest.json, the audit trail as CSV)."""

import csv
import hashlib
import io
import json
import re
import zipfile

import pytest
from django.core.files.storage import storages
from django.urls import reverse
from pypdf import PdfReader

from archives import services
from archives.models import CampaignArchive
from audit.models import AuditEvent
from selection import revocations
from selection.errors import SelectionError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def archive(campaign, by, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        archived = services.archive_campaign(campaign, by=by)
    archived.refresh_from_db()
    assert archived.state == CampaignArchive.State.DONE, archived.error
    return archived


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_the_bundle_s_checksums_match_its_files_and_the_stored_ones(
    year, city_admin, django_capture_on_commit_callbacks
):
    campaign, _nominations = year

    archived = archive(campaign, city_admin, django_capture_on_commit_callbacks)

    storage = storages["archives"]
    with storage.open(archived.bundle, "rb") as handle:
        data = handle.read()
    assert sha256(data) == archived.bundle_sha256
    assert len(data) == archived.bundle_size
    bundle = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(bundle.read("manifest.json"))
    listed = {entry["name"]: entry["sha256"] for entry in manifest["files"]}
    assert sorted(listed) == sorted(n for n in bundle.namelist() if n != "manifest.json")
    assert sorted(listed) == [
        "audit.csv",
        "detail.xlsx",
        "forms.pdf",
        "notice.pdf",
        "notice_result.pdf",
        "revocations.pdf",
        "structure.pdf",
        "structure_xlsx.xlsx",
        "summary.xlsx",
    ]
    for name, checksum in listed.items():
        assert sha256(bundle.read(name)) == checksum
    for document in archived.documents.all():
        with storage.open(document.name, "rb") as handle:
            assert sha256(handle.read()) == listed[document.filename] == document.sha256
    assert manifest["campaign"]["title"] == "2026年度全市四好党员选树"
    assert manifest["edition"] == 1
    assert manifest["personal_data"]["unselected_retention_days"] == 3 * 365
    assert manifest["personal_data"]["unselected_deleted_at"] is None


def test_the_bundle_carries_the_campaign_s_audit_trail(
    year, city_admin, django_capture_on_commit_callbacks
):
    campaign, _nominations = year

    archived = archive(campaign, city_admin, django_capture_on_commit_callbacks)

    with storages["archives"].open(archived.bundle, "rb") as handle:
        bundle = zipfile.ZipFile(io.BytesIO(handle.read()))
    rows = list(csv.reader(io.StringIO(bundle.read("audit.csv").decode("utf-8-sig"))))
    assert rows[0][:3] == ["时间", "操作人", "动作"]
    assert [row[11] for row in rows[1:]] == ["survey.codes_issued", "campaign.archived"]
    assert [row[2] for row in rows[1:]] == ["发放测评码", "归档评选活动"]
    assert AuditEvent.objects.filter(verb="archive.built").count() == 1


def test_an_archived_campaign_refuses_every_write_with_a_clear_message(
    year, city_admin, django_capture_on_commit_callbacks
):
    from evaluations import services as review
    from evaluations.models import Scorecard
    from selection import gallery, notice, services, workflow
    from selection.models import PublicNotice

    campaign, nominations = year
    archive(campaign, city_admin, django_capture_on_commit_callbacks)
    campaign.refresh_from_db()
    nomination = nominations["张伟"]
    card = Scorecard.objects.filter(nomination=nomination).first()
    secretary = nomination.created_by
    writes = {
        "nomination edit": lambda: services.update_nomination(
            nomination, by=secretary, data={"deeds": "改"}
        ),
        "campaign edit": lambda: services.save_campaign(campaign, by=city_admin),
        "phase": lambda: services.set_phase(campaign, "notice", by=city_admin, reason="回退"),
        "quota": lambda: services.set_quota_override(
            campaign, nomination.branch, kind="fixed", value=3, by=city_admin
        ),
        "screening": lambda: workflow.declare_ineligible(nomination, by=city_admin, reason="x"),
        "shortlist": lambda: workflow.shortlist(nomination, by=city_admin),
        "scoring": lambda: review.save_card(card, by=card.reviewer, scores={}),
        "committee": lambda: review.save_criteria(campaign, {}, by=city_admin),
        "survey": lambda: review.issue_codes(nomination, 5, by=city_admin),
        "notice": lambda: notice.approve_all(campaign, by=city_admin),
        "objection": lambda: notice.file_objection(
            PublicNotice.objects.get(campaign=campaign),
            nomination,
            name="群众",
            contact="139",
            text="反映" * 20,
        ),
        "profile": lambda: gallery.create_profile(nominations["赵敏"], by=city_admin),
    }

    messages = {}
    for name, write in writes.items():
        with pytest.raises(SelectionError) as refused:
            write()
        messages[name] = (refused.value.status, refused.value.message)

    archived_on = campaign.archived_at.astimezone().date()
    expected = f"《2026年度全市四好党员选树》已于 {archived_on} 归档，只能查看，不能再修改。"
    assert messages == dict.fromkeys(writes, (409, expected))


def test_a_write_refused_through_a_page_is_a_message_not_an_error(
    client, year, city_admin, django_capture_on_commit_callbacks
):
    campaign, nominations = year
    archive(campaign, city_admin, django_capture_on_commit_callbacks)
    client.force_login(city_admin)

    response = client.post(
        reverse("selection:quota_add", args=[campaign.pk]),
        {"organization": nominations["张伟"].branch_id, "kind": "fixed", "value": "3"},
        follow=True,
    )

    assert response.status_code == 200
    assert "归档，只能查看，不能再修改" in response.content.decode()


def test_an_archived_year_still_takes_a_revocation_listed_on_its_archive_page(
    client, year, city_admin, django_capture_on_commit_callbacks
):
    campaign, nominations = year
    archive(campaign, city_admin, django_capture_on_commit_callbacks)
    client.force_login(city_admin)
    url = reverse("archives:campaign", args=[campaign.pk])
    before = client.get(url).content.decode()

    revocations.revoke_honour(
        nominations["李秀英"], reason="受到处分。", document="江组字〔2027〕9号", by=city_admin
    )
    page = client.get(url).content.decode()

    assert "江组字〔2027〕9号" in page and "归档后" in page
    assert "归档包生成后撤销荣誉 1 人，不在归档包中（见下方撤销名单）。" in page
    assert "不在归档包中" not in before


def test_the_page_names_what_the_archive_will_hold(client, year, city_admin):
    """Named one by one from the kinds the build writes (a number in the text drifted)."""
    campaign, _nominations = year
    client.force_login(city_admin)

    body = client.get(reverse("archives:campaign", args=[campaign.pk])).content.decode()

    listed = body[body.index('<ul class="small archived-reports">') :]
    listed = listed[: listed.index("</ul>")]
    assert re.findall(r"<li>(.*?)</li>", listed) == [
        "汇总表",
        "推荐审批表",
        "评审明细",
        "结构分析（PDF）",
        "结构分析（Excel）",
        "公示名单",
        "公示结果",
        "撤销名单",
        "审计记录",
    ]
    assert "五类" not in body


def test_the_archived_notice_lists_an_exemplar_revoked_before_the_archive_marked_as_such(
    year, city_admin, django_capture_on_commit_callbacks
):
    """The 公示名单 and 公示结果 the archive keeps are the notice as it ran: everyone it listed,
    a revoked honour marked, and no more personal data than the notice showed."""
    campaign, nominations = year
    revocations.revoke_honour(
        nominations["李秀英"], reason="受到处分。", document="江组字〔2027〕9号", by=city_admin
    )

    archived = archive(campaign, city_admin, django_capture_on_commit_callbacks)

    documents = {d.kind: d for d in archived.documents.all()}
    texts = {}
    for kind in ("notice", "notice_result"):
        with storages["archives"].open(documents[kind].name, "rb") as handle:
            reader = PdfReader(io.BytesIO(handle.read()))
        texts[kind] = "".join(page.extract_text().replace("\n", "") for page in reader.pages)
    assert documents["notice"].rows == documents["notice_result"].rows == 3
    for text in texts.values():
        assert "李秀英" in text and "已撤销荣誉" in text
        assert "王建国" in text and "赵敏" in text and "张伟" not in text
        assert "13911112222" not in text and "受到处分" not in text
    assert "1997" in texts["notice"] and "1997-03-01" not in texts["notice"]


def test_the_gallery_and_the_notice_pages_keep_working_for_an_archived_year(
    client, year, city_admin, django_capture_on_commit_callbacks
):
    campaign, _nominations = year
    archive(campaign, city_admin, django_capture_on_commit_callbacks)

    assert client.get(reverse("public:notice_detail", args=[campaign.pk])).status_code == 200
    assert client.get(reverse("public:notice_list")).status_code == 200
    assert client.get(reverse("public:gallery")).status_code == 200


def test_only_a_concluded_campaign_is_archived_and_only_once(
    city, city_admin, year, django_capture_on_commit_callbacks
):
    from tests.factories import CampaignFactory

    campaign, _nominations = year
    running = CampaignFactory(owner=city, phase="reviewing")
    archive(campaign, city_admin, django_capture_on_commit_callbacks)

    with pytest.raises(SelectionError) as not_concluded:
        services.archive_campaign(running, by=city_admin)
    with pytest.raises(SelectionError) as again:
        services.archive_campaign(campaign, by=city_admin)

    assert not_concluded.value.message == "只有已结束的评选活动才能归档。"
    assert again.value.status == 409
    assert CampaignArchive.objects.count() == 1


def test_archiving_through_the_page_needs_the_year_typed(
    client, year, city_admin, django_capture_on_commit_callbacks
):
    campaign, _nominations = year
    client.force_login(city_admin)
    url = reverse("archives:confirm", args=[campaign.pk])

    wrong = client.post(url, {"confirm": "2025"}, follow=True)
    campaign.refresh_from_db()
    assert "输入的年度与活动年度不符，未归档。" in wrong.content.decode()
    assert campaign.archived_at is None

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirm": "2026"})
    done = client.get(reverse("archives:campaign", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.archived_at is not None
    assert "下载归档包" in done.content.decode()


def test_the_bundle_download_streams_the_stored_zip_and_is_audited(
    client, year, city_admin, django_capture_on_commit_callbacks
):
    campaign, _nominations = year
    archived = archive(campaign, city_admin, django_capture_on_commit_callbacks)
    client.force_login(city_admin)

    response = client.get(reverse("archives:bundle", args=[campaign.pk]))

    body = b"".join(response.streaming_content)
    assert sha256(body) == archived.bundle_sha256
    assert response["Content-Type"] == "application/zip"
    assert AuditEvent.objects.filter(verb="archive.downloaded", actor=city_admin).count() == 1


def test_a_failed_build_is_shown_and_built_again_on_request(
    client, year, city_admin, monkeypatch, django_capture_on_commit_callbacks
):
    from reports import services as reports

    campaign, _nominations = year
    real = reports.build_document

    def broken(kind, *args, **kwargs):
        raise OSError("磁盘已满")

    monkeypatch.setattr(reports, "build_document", broken)
    with django_capture_on_commit_callbacks(execute=True):
        failed = services.archive_campaign(campaign, by=city_admin)
    failed.refresh_from_db()
    client.force_login(city_admin)
    page = client.get(reverse("archives:campaign", args=[campaign.pk])).content.decode()
    monkeypatch.setattr(reports, "build_document", real)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("archives:confirm", args=[campaign.pk]))
    failed.refresh_from_db()

    assert "磁盘已满" in page
    assert failed.state == CampaignArchive.State.DONE
    assert storages["archives"].listdir(str(campaign.pk))[0] == ["1"]  # the failed run kept none


def test_django_s_admin_site_shows_an_archived_campaign_read_only(client, city, city_admin):
    from tests.factories import UserFactory, archived_campaign

    campaign = archived_campaign(city, city_admin)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    url = reverse("admin:selection_campaign_change", args=[campaign.pk])

    refused = client.post(url, {"title": "改名"})

    campaign.refresh_from_db()
    assert refused.status_code == 403
    assert campaign.title != "改名"


def test_a_campaign_without_a_notice_archives_no_notice_documents(city):
    from archives.queries import archived_kinds
    from tests.factories import CampaignFactory

    campaign = CampaignFactory(owner=city, phase="concluded")

    assert archived_kinds(campaign) == [
        "summary",
        "forms",
        "detail",
        "structure",
        "structure_xlsx",
        "revocations",
    ]
