"""The benchmark's bare primitives (bench/primitives.py) work on the same data as the jobs they
stand beside: the same nominations, the same scores, every row of the same roster."""

from decimal import Decimal

import pytest
import xlsxwriter

from bench import primitives
from evaluations.models import Score
from members.roster.columns import MEMBER_COLUMNS
from reports import services
from reports.choices import Kind
from reports.queries import nominations_of

pytestmark = pytest.mark.django_db


def test_the_ranking_primitive_averages_every_submitted_score_per_nomination_and_criterion(year):
    campaign, nominations = year

    means = primitives.scores_by_nomination(campaign)

    nomination = nominations["王建国"]
    for criterion in campaign.criteria.all():
        points = Score.objects.filter(
            scorecard__nomination=nomination, scorecard__state="submitted", criterion=criterion
        ).values_list("points", flat=True)
        expected = sum(points, Decimal(0)) / len(points)
        assert means[nomination.pk][criterion.pk] == pytest.approx(float(expected))
    assert set(means) == {n.pk for n in nominations.values()}


@pytest.mark.parametrize(
    ("kind", "bare"), [(Kind.SUMMARY, primitives.summary_xlsx), (Kind.FORMS, primitives.forms_pdf)]
)
def test_a_report_primitive_covers_the_same_nominations_as_its_job(
    admin, year, district_a, kind, bare
):
    campaign, _ = year
    job = services.request_report(by=admin, kind=kind, campaign=campaign, organization=district_a)

    assert bare(job) == nominations_of(job).count() == 3


def test_the_import_primitive_reads_and_copies_every_row_of_the_roster(tmp_path):
    path = tmp_path / "roster.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for column, spec in enumerate(MEMBER_COLUMNS):
        sheet.write_string(0, column, spec.header)
        for row in range(1, 6):
            sheet.write_string(row, column, f"{spec.header}{row}")
    book.close()

    assert primitives.roster_import(path) == 5
