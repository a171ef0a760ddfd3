"""During a rolling upgrade a host of the previous release, which knows no codes, writes new
words into a roster import's ``error`` and leaves the code the new release stored: the code is
trusted only while ``error`` still says it in one of the portal's languages, else the words are
shown (and given by the API) as stored."""

import pytest
from django.utils import translation

from members.models import RosterImport
from members.roster import problems

pytestmark = pytest.mark.django_db

FAILED = "导入失败，数据库未作任何修改：boom"


@pytest.fixture
def changed_since_preview(admin):
    """An import the new release found changed since its preview (``roster_changed``)."""
    item = RosterImport.objects.create(
        kind="members", uploaded_by=admin, original_name="a.xlsx", state="checked"
    )
    problems.set_error(item, "roster_changed")
    item.save()
    return item


def test_words_of_the_previous_release_under_a_stale_code_are_shown_as_written(
    changed_since_preview,
):
    item = changed_since_preview
    # previous release: confirm clears only ``error``; its worker then fails the import
    RosterImport.objects.filter(pk=item.pk).update(error="")
    RosterImport.objects.filter(pk=item.pk).update(state="failed", error=FAILED)
    item.refresh_from_db()

    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert (problems.error_of(item), problems.error_code_of(item)) == (FAILED, "")


def test_a_code_whose_words_were_written_in_the_other_language_is_still_trusted(
    changed_since_preview,
):
    with translation.override("en"):
        problems.set_error(changed_since_preview, "import_failed", {"error": "boom"})
    changed_since_preview.save()

    with translation.override("zh-hans"):
        assert problems.error_of(changed_since_preview) == FAILED
    assert problems.error_code_of(changed_since_preview) == "import_failed"
