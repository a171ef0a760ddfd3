"""A photo stored broken before uploads were re-encoded (cut short, or not an image at all)
never fails the 推荐审批表: its box says the photo cannot be read, and every other form of the
batch is written."""

import io
import logging
import zipfile

import pytest
from django.core.files.storage import storages
from pypdf import PdfReader

from reports.choices import Kind
from tests.archives.test_archive import archive
from tests.factories import NOT_AN_IMAGE, store_broken, truncated_jpeg
from tests.reports.test_documents import pdf, run

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

TITLE = "“四好”党员推荐审批表"


def test_the_batch_of_forms_is_written_round_a_broken_photo(city_admin, year, caplog):
    campaign, nominations = year
    store_broken(nominations["王建国"], truncated_jpeg())
    store_broken(nominations["赵敏"], NOT_AN_IMAGE)

    with caplog.at_level(logging.WARNING):
        job = run(city_admin, Kind.FORMS, campaign)

    reader, text = pdf(job)
    assert text.count(TITLE) == len(nominations) == 4
    for name in nominations:
        assert name in text
    assert text.count("照片无法读取") == 2
    # The readable photos are still drawn: two images in the whole document.
    drawn = sum(
        len(page["/Resources"].get("/XObject", {})) for page in reader.pages if "/Resources" in page
    )
    assert drawn == 2
    warnings = [r for r in caplog.records if "cannot be read" in r.getMessage()]
    assert len(warnings) == 2
    assert all(r.exc_info is None for r in warnings)  # a line each, no traceback
    named = " ".join(r.getMessage() for r in warnings)
    assert str(nominations["王建国"]) in named and str(nominations["赵敏"]) in named


def test_a_photo_gone_from_the_storage_leaves_the_same_line(city_admin, year):
    campaign, nominations = year
    nomination = nominations["王建国"]
    nomination.photo.storage.delete(nomination.photo.name)

    job = run(city_admin, Kind.FORMS, campaign, nomination=nomination)

    _reader, text = pdf(job)
    assert "王建国" in text and "照片无法读取" in text


def test_the_yearly_archive_is_built_round_a_broken_photo(
    city_admin, year, django_capture_on_commit_callbacks
):
    """The archive freezes the same forms: one broken photo does not leave the year unarchived."""
    campaign, nominations = year
    store_broken(nominations["李秀英"], NOT_AN_IMAGE)

    archived = archive(campaign, city_admin, django_capture_on_commit_callbacks)

    with storages["archives"].open(archived.bundle, "rb") as handle:
        bundle = zipfile.ZipFile(io.BytesIO(handle.read()))
    text = "".join(
        page.extract_text().replace("\n", "")
        for page in PdfReader(io.BytesIO(bundle.read("forms.pdf"))).pages
    )
    assert text.count(TITLE) == 4 and "照片无法读取" in text
