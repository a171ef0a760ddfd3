"""Each report read back and checked against the database: the xlsx with openpyxl, the PDFs
with pypdf (Chinese text extracted, every page A4)."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from pypdf import PdfReader

from evaluations.choices import FLAG_LABELS
from evaluations.queries import ranking
from reports import services
from reports.choices import JobState, Kind
from selection.models import Objection
from tests.factories import NominationFactory, png_upload

A4 = (595.28, 841.89)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def run(user, kind, campaign, **kwargs):
    job = services.request_report(by=user, kind=kind, campaign=campaign, **kwargs)
    services.run_job(job.pk)  # what the worker does (tests run with on_commit deferred)
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error
    return job


def content(job) -> bytes:
    with storages["reports"].open(job.file, "rb") as handle:
        return handle.read()


def workbook(job):
    return openpyxl.load_workbook(io.BytesIO(content(job)), read_only=True)


def pdf(job) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content(job)))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width, 1), round(height, 1)) == (round(A4[0], 1), round(A4[1], 1))
    # Lines wrap inside table cells: compare without the line breaks.
    return reader, "".join(page.extract_text().replace("\n", "") for page in reader.pages)


def test_summary_lists_every_nomination_with_the_ranks_and_totals_of_the_ranking(city_admin, year):
    campaign, _nominations = year
    job = run(city_admin, Kind.SUMMARY, campaign)

    sheet = workbook(job).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header, body, totals = rows[0], rows[1:-1], rows[-1]
    assert header[:6] == ("排名", "党员编号", "姓名", "所在党组织", "状态", "评审人数")
    expected = {row.name: row for row in ranking(campaign)}
    assert [r[2] for r in body] == sorted(expected, key=lambda name: expected[name].rank)
    for r in body:
        row = expected[r[2]]
        assert r[0] == row.rank
        assert r[5] == 5
        assert Decimal(str(r[6 + 4 + 1])).quantize(Decimal("0.01")) == row.total
        assert [Decimal(str(v)).quantize(Decimal("0.01")) for v in r[6:10]] == [
            row.criteria[c] for c in ("political", "performance", "public", "integrity")
        ]
    assert body[0][2] == "李秀英"
    states = {r[2]: r[4] for r in body}
    assert states == {
        "李秀英": "已发布",
        "王建国": "公示通过",
        "张伟": "未入选",
        "赵敏": "公示通过",
    }
    flags = {r[2]: r[-1] for r in body}
    for name, row in expected.items():
        assert flags[name] == "、".join(str(FLAG_LABELS[flag]) for flag in row.flags)
    satisfaction = {r[2]: r[10] for r in body}
    assert satisfaction["王建国"] == pytest.approx(10 / 12, abs=1e-4)
    assert totals[:5] == ("合计", "推荐人数", 4, "参与排名人数", 4)
    assert job.rows == 4


def test_a_district_admin_summary_holds_only_the_district(admin, year, district_a):
    campaign, _ = year
    job = run(admin, Kind.SUMMARY, campaign, organization=district_a)

    names = [r[2] for r in list(workbook(job).worksheets[0].iter_rows(values_only=True))[1:-1]]
    assert sorted(names) == ["张伟", "李秀英", "王建国"]


def test_batch_of_nomination_forms_is_one_a4_form_per_nomination_in_chinese(
    admin, year, district_a
):
    campaign, _ = year
    job = run(admin, Kind.FORMS, campaign, organization=district_a)

    reader, text = pdf(job)
    assert len(reader.pages) >= 3
    assert text.count("“四好”党员推荐审批表") == 3
    for name in ("王建国", "李秀英", "张伟"):
        assert name in text
    assert "赵敏" not in text
    # Labels and headings are parsed once per document and drawn on every form.
    for heading in ("主要事迹摘要", "支部大会(支委会)意见", "评审得分", "纪检部门廉洁意见"):
        assert text.count(heading) == 3
    for label in ("姓名", "党员编号", "组织部门意见"):
        assert text.count(label) == 3
    assert "13911112222" not in text  # masked unless asked for (tests/reports/test_interim.py)
    assert "139****2222" in text
    assert b"/FontFile2" in content(job)  # the CJK font travels with the file (embedded)


def test_a_secretary_form_masks_phone_and_id_number(secretary, year):
    campaign, nominations = year
    nomination = nominations["王建国"]
    job = run(secretary, Kind.FORMS, campaign, nomination=nomination)

    _reader, text = pdf(job)
    assert "王建国" in text and "张伟" not in text
    assert nomination.member.phone not in text
    assert "138****5678" in text
    assert nomination.member.id_number not in text


def test_reviewer_detail_has_every_submitted_card_as_scored(city_admin, year, panel):
    campaign, _nominations = year
    job = run(city_admin, Kind.DETAIL, campaign)

    rows = list(workbook(job).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:5] == ("党员编号", "姓名", "所在党组织", "评审委员账号", "评审委员")
    assert len(rows) - 1 == 20
    first_of_wang = next(r for r in rows[1:] if r[1] == "王建国" and r[3] == "rev0")
    assert first_of_wang[5:10] == (24, 23, 23, 24, 94)
    assert first_of_wang[10] == "否"


def test_structure_analysis_counts_members_nominees_and_exemplars(city_admin, year):
    campaign, _ = year
    xlsx = run(city_admin, Kind.STRUCTURE_XLSX, campaign)
    document = run(city_admin, Kind.STRUCTURE, campaign)

    book = workbook(xlsx)
    assert book.sheetnames == ["按党组织", "按性别", "按年龄段", "按民族", "按学历", "按党龄"]
    gender = {r[0]: r[1:] for r in list(book["按性别"].iter_rows(values_only=True))[1:]}
    # Members: the four nominees (2 men, 2 women). Nominees 4; exemplars: 3 (2 women).
    assert gender["男"][0::2] == (2, 2, 1)
    assert gender["女"][0::2] == (2, 2, 2)
    assert gender["合计"][0::2] == (4, 4, 3)
    ages = {r[0]: r[1:] for r in list(book["按年龄段"].iter_rows(values_only=True))[1:]}
    assert ages["30岁及以下"][0::2] == (1, 1, 1)  # 李秀英, 29 on the reference date
    assert ages["41至50岁"][0::2] == (3, 3, 2)
    organisations = [r[0] for r in list(book["按党组织"].iter_rows(values_only=True))[1:]]
    assert organisations[-1] == "合计"

    _reader, text = pdf(document)
    for title in ("按党组织", "按性别", "按年龄段", "按民族", "按学历", "按党龄", "选树对象"):
        assert title in text


def test_notice_list_and_result(city_admin, year):
    campaign, _ = year
    listing = run(city_admin, Kind.NOTICE, campaign)
    result = run(city_admin, Kind.NOTICE_RESULT, campaign)

    _reader, text = pdf(listing)
    assert "拟推荐人选公示" in text
    for name in ("王建国", "李秀英", "赵敏"):
        assert name in text
    assert "张伟" not in text  # not selected: not in the notice
    assert "市委组织部 027-00000000" in text
    assert "13911112222" not in text

    _reader, text = pdf(result)
    assert "公示结果" in text
    assert "无异议" in text
    assert "不予采纳" in text and "经核实，反映问题不属实。" in text
    assert "匿名群众" not in text and "13700000000" not in text


def test_a_nomination_withdrawn_during_the_notice_stays_in_its_list_and_result_marked(
    city_admin, year, branch_b1
):
    """An objection upheld withdraws the nomination: the printed notice still names it (it
    was on the notice), marked, and the 公示结果 gives the objection's outcome."""
    campaign, _ = year
    withdrawn = NominationFactory(
        campaign=campaign, state="withdrawn", member__name="钱进", member__organization=branch_b1
    )
    Objection.objects.create(
        notice=campaign.notice,
        nomination=withdrawn,
        name="实名群众",
        contact="13600000000",
        text="反映其年度考核材料不实",
        status=Objection.Status.UPHELD,
        resolution="经核实，反映问题属实，撤销推荐。",
        resolved_by=city_admin,
    )

    listing = run(city_admin, Kind.NOTICE, campaign)
    result = run(city_admin, Kind.NOTICE_RESULT, campaign)

    _reader, text = pdf(listing)
    assert "钱进" in text and "撤销" in text
    _reader, text = pdf(result)
    assert "钱进" in text and "查实" in text and "经核实，反映问题属实，撤销推荐。" in text
    assert "实名群众" not in text and "13600000000" not in text


def test_notice_result_is_refused_while_the_notice_runs(city_admin, year):
    campaign, _ = year
    notice = campaign.notice
    notice.ends_on = notice.starts_on.replace(year=2099)
    notice.save()

    from reports.errors import ReportError

    with pytest.raises(ReportError, match="结束后才能生成公示结果"):
        services.request_report(by=city_admin, kind=Kind.NOTICE_RESULT, campaign=campaign)


def test_the_forms_carry_the_photos_from_a_storage_without_local_paths(secretary, year, settings):
    """As on the object store: each photo is copied into the build's temporary folder."""
    campaign, nominations = year
    nomination = nominations["王建国"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    photo = nomination.photo
    photo.save("p.png", ContentFile(png_upload().read()), save=True)

    job = run(secretary, Kind.FORMS, campaign, nomination=nomination)

    reader, _text = pdf(job)
    assert any("/XObject" in (page.get("/Resources") or {}) for page in reader.pages)
