"""A nomination withdrawn during the 公示 (an objection upheld) stays in the campaign's record:
the 汇总表 and the 评审明细 carry it with its state and its cards, the yearly archive keeps
them, and the public notice page names it, marked 撤销, as the printed notice does (DESIGN.md
§6, §7)."""

import datetime
import io
import json
import zipfile

import openpyxl
import pytest
from django.core.files.storage import storages
from django.urls import reverse
from pypdf import PdfReader

from archives import services as archives
from evaluations.services import confirm_shortlist
from reports import services
from reports.choices import JobState, Kind
from selection import notice
from selection import services as selection_services
from selection.choices import Phase, State
from selection.models import Nomination
from tests.factories import (
    CampaignFactory,
    MemberFactory,
    NominationFactory,
    card,
    scores,
    survey_answers,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

REASON = "经核实，反映其年度考核材料不实，问题属实。"


@pytest.fixture
def story(city, branch_a1, branch_a2, panel, city_admin, django_capture_on_commit_callbacks):
    """Three nominations scored by five reviewers, each with its 民主测评; the committee
    shortlists two, the notice opens, an objection against 钱进 is upheld, the notice ends
    (its dates moved back), the other is approved, the campaign concludes and is archived."""
    campaign = CampaignFactory(
        owner=city, phase=Phase.REVIEWING, title="2027年度全市四好党员选树", exemplar_count=2
    )
    made = {}
    for name, branch, points in (
        ("钱进", branch_a1, 24),
        ("孙丽", branch_a2, 23),
        ("周平", branch_a1, 19),
    ):
        made[name] = NominationFactory(
            campaign=campaign,
            state=State.SCORED,
            member=MemberFactory(name=name, organization=branch),
        )
        for reviewer in panel:
            card(made[name], reviewer, scores(*[points] * 4))
        survey_answers(made[name], issued=12, satisfied=11, responses=12, by=city_admin)
    confirm_shortlist(campaign, [made["钱进"].pk, made["孙丽"].pk], by=city_admin)
    public_notice = notice.open_notice(
        campaign,
        starts_on=datetime.date.today(),
        working_days=5,
        contact="市委组织部 027-00000000",
        by=city_admin,
    )
    objection = notice.file_objection(
        public_notice, made["钱进"], name="实名群众", contact="13600000000", text="反映情况" * 6
    )
    notice.resolve_objection(objection, upheld=True, reason=REASON, by=city_admin)
    public_notice.starts_on = datetime.date(2020, 1, 6)
    public_notice.ends_on = datetime.date(2020, 1, 10)
    public_notice.save()
    notice.approve_all(campaign, by=city_admin)
    selection_services.set_phase(campaign, Phase.CONCLUDED, by=city_admin)
    campaign.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        archive = archives.archive_campaign(campaign, by=city_admin)
    archive.refresh_from_db()
    assert archive.state == archive.State.DONE, archive.error
    return campaign, made, archive


def _run(user, kind, campaign) -> bytes:
    job = services.request_report(by=user, kind=kind, campaign=campaign)
    services.run_job(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error
    with storages["reports"].open(job.file, "rb") as handle:
        return handle.read()


def _rows(data: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def _summary(data: bytes) -> tuple[dict[str, str], tuple]:
    """The 汇总表's state per name, and its totals row."""
    rows = _rows(data)
    return {row[2]: row[4] for row in rows[1:-1]}, rows[-1]


def _cards(data: bytes) -> list[str]:
    """The 评审明细's names, one per submitted card."""
    return sorted(row[1] for row in _rows(data)[1:])


def _pdf_text(data: bytes) -> str:
    return "".join(
        page.extract_text().replace("\n", "") for page in PdfReader(io.BytesIO(data)).pages
    )


def test_an_upheld_objection_leaves_the_withdrawn_in_the_reports_the_archive_and_the_notice(
    client, story, city_admin
):
    campaign, made, archive = story
    states = {name: Nomination.objects.get(pk=n.pk).state for name, n in made.items()}
    assert states == {"钱进": "withdrawn", "孙丽": "approved", "周平": "not_selected"}

    summary = _run(city_admin, Kind.SUMMARY, campaign)
    detail = _run(city_admin, Kind.DETAIL, campaign)
    with storages["archives"].open(archive.bundle, "rb") as handle:
        bundle = zipfile.ZipFile(io.BytesIO(handle.read()))
    page = client.get(reverse("public:notice_detail", args=[campaign.pk])).content.decode()

    # The 汇总表 and the 评审明细, asked for and as archived: every nomination with its state.
    expected = {"钱进": "撤销", "孙丽": "公示通过", "周平": "未入选"}
    for data in (summary, bundle.read("summary.xlsx")):
        by_name, totals = _summary(data)
        assert by_name == expected
        assert totals[1:3] == ("推荐人数", 3)
    expected_cards = sorted(["钱进"] * 5 + ["孙丽"] * 5 + ["周平"] * 5)
    assert _cards(detail) == _cards(bundle.read("detail.xlsx")) == expected_cards
    rows = {f["name"]: f["rows"] for f in json.loads(bundle.read("manifest.json"))["files"]}
    assert (rows["summary.xlsx"], rows["detail.xlsx"], rows["forms.pdf"]) == (3, 15, 3)
    # The printed notice, archived, and the public page name the same two, 钱进 marked 撤销,
    # the page without the reason the objection was upheld for.
    printed = _pdf_text(bundle.read("notice.pdf"))
    assert "钱进" in printed and "孙丽" in printed and "撤销" in printed
    assert "共公示 2 人" in page
    assert '钱进 <span class="badge text-bg-secondary notice-mark">撤销</span>' in page
    assert "孙丽" in page and "周平" not in page
    assert REASON not in page and "实名群众" not in page and "13600000000" not in page
    assert "异议 1 件：成立 1 件，不成立 0 件。" in page
