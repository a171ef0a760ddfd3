"""What each view of a nomination reads of it. Its page reads everything the page shows
(``queries.nomination_page``), its form what the form shows (``queries.nomination_form``), and
a move, a file added or removed or its 民主测评 one scoped look-up (``queries.nomination_for``):
none of them reads the files, records or moves it does not show, so none costs more with one
file or three."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from selection.models import Attachment
from tests.factories import AssessmentFactory, pdf_upload
from tests.selection.test_views import _form_data

pytestmark = pytest.mark.django_db


def _with_files_and_records(nomination, count: int):
    """``count`` attachments on the nomination, ``count`` yearly assessments of its member."""
    for i in range(count):
        evidence = Attachment(
            nomination=nomination,
            original_name=f"证明{i}.pdf",
            content_type="application/pdf",
            size=9,
            uploaded_by=nomination.created_by,
        )
        evidence.file.save(f"{i}.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    for year in range(2024, 2025 - count, -1):  # the member has 2025's already
        AssessmentFactory(member=nomination.member, year=year, grade="excellent")


@pytest.mark.parametrize("count", [1, 3])
def test_the_secretary_s_form_saves_and_files_cost_the_same_with_one_file_or_three(
    client, secretary, draft, count, django_assert_num_queries
):
    _with_files_and_records(draft, count)
    client.force_login(secretary)
    edit = reverse("selection:nomination_edit", args=[draft.pk])

    # The session's two; the nomination with its member's organisation and integrity opinion;
    # what the form shows: its files, the member's assessments and discipline records, its moves.
    with django_assert_num_queries(7):
        page = client.get(edit)
    # A save reads none of that: the look-up, then the save locks and writes the row (a
    # savepoint around it).
    with django_assert_num_queries(7):
        saved = client.post(edit, _form_data(action="save"))
    # A save refused shows the form again, as typed: what the form shows is read for it.
    with django_assert_num_queries(7):
        refused = client.post(edit, _form_data(action="save", branch_meeting_date="明天"))
    # A file added: the look-up, the locked row, the files counted, the file and its audit line.
    with django_assert_num_queries(9):
        added = client.post(
            reverse("selection:attachment_add", args=[draft.pk]), {"file": pdf_upload()}
        )
    evidence = draft.attachments.first()
    # A file removed: the look-up, the file, the locked row, the audit line, the delete.
    with django_assert_num_queries(9):
        removed = client.post(reverse("selection:attachment_delete", args=[draft.pk, evidence.pk]))

    assert page.status_code == 200
    assert [a.original_name for a in page.context["nomination"].attachments.all()] == [
        f"证明{i}.pdf" for i in range(count)
    ]
    assert (saved.status_code, refused.status_code) == (302, 400)
    assert "证明0.pdf" in refused.content.decode()
    assert (added.status_code, removed.status_code) == (302, 302)
    assert draft.attachments.count() == count


@pytest.mark.parametrize("count", [1, 3])
def test_the_moves_and_the_survey_read_the_nomination_once_with_one_file_or_three(
    client, secretary, admin, integrity_officer, draft, count, django_assert_num_queries
):
    _with_files_and_records(draft, count)
    client.force_login(secretary)

    # The session's two, the look-up; in a savepoint the locked row, the branch locked, its
    # quota (its override, its full members, its places used), the row, the move and its audit
    # line; the row read again.
    with django_assert_num_queries(14):
        client.post(reverse("selection:nomination_submit", args=[draft.pk]))
    # 民主测评: the session's two, the look-up, the survey and the campaign's stages.
    with django_assert_num_queries(5):
        survey = client.get(reverse("evaluations:survey", args=[draft.pk]))
    client.force_login(integrity_officer)
    # The session's two, the look-up; in a savepoint the locked row, the opinion there was, the
    # opinion written (in two savepoints of its own) and its audit line.
    with django_assert_num_queries(14):
        client.post(reverse("selection:nomination_integrity", args=[draft.pk]), {"verdict": "pass"})
    client.force_login(admin)
    # The session's two, the look-up; in a savepoint the locked row, what the rules read (the
    # opinion, last year's exemplars, the member's records), the row, the move and its audit
    # line; the row read again.
    with django_assert_num_queries(14):
        eligible = client.post(reverse("selection:nomination_eligible", args=[draft.pk]))

    assert survey.status_code == 200
    assert eligible.status_code == 302
    draft.refresh_from_db()
    assert draft.state == "eligible"


@pytest.mark.parametrize("count", [1, 3])
def test_a_move_refused_on_the_page_shows_the_page_as_its_own_query_reads_it(
    client, secretary, integrity_officer, submitted, count, django_assert_num_queries
):
    _with_files_and_records(submitted, count)
    client.force_login(secretary)

    # The session's two, the look-up, the refused delete (its savepoint, the locked row), then
    # the page: its nomination and what it shows (files, records, moves).
    with django_assert_num_queries(12):
        kept = client.post(reverse("selection:nomination_delete", args=[submitted.pk]))
    client.force_login(integrity_officer)
    # The session's two, the look-up, then the page with the opinion as chosen.
    with django_assert_num_queries(8):
        refused = client.post(
            reverse("selection:nomination_integrity", args=[submitted.pk]), {"verdict": "?"}
        )

    assert (kept.status_code, refused.status_code) == (409, 400)
    for response in (kept, refused):
        shown = response.context["nomination"]
        assert [a.original_name for a in shown.attachments.all()] == [
            f"证明{i}.pdf" for i in range(count)
        ]
